import { describe, expect, it } from 'vitest';
import { openingLine } from '../../src/knowledge/yaml-lines.js';

const FRONT = ['title: "报到须知', 'category: checkin', 'tags: [报到, 材料', 'updated: 2026-07-01'].join('\n');

describe('where an unclosed quote or bracket in front matter was opened', () => {
  it('points at the line that opened a double quote, not where the parser ran out', () => {
    expect(openingLine(FRONT, 4, 'Missing closing "quote')).toBe(1);
    expect(openingLine(FRONT, 4, 'unexpected end of the stream within a double quoted scalar')).toBe(1);
  });

  it('points at the line that opened a bracket it never closed', () => {
    expect(openingLine(FRONT, 4, 'Expected , or ] after flow collection entry')).toBe(3);
  });

  it('keeps the reported line for any other mistake', () => {
    expect(openingLine(FRONT, 2, 'Nested mappings are not allowed in compact mappings')).toBe(2);
  });
});
