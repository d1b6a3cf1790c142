import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TABLE_END, TABLE_START, configTable, withConfigTable } from '../../src/config/config-table.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('the README configuration table', () => {
  it('is the one the schema makes (run `npm run config-table` after changing a setting)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(withConfigTable(readme)).toBe(readme);
  });

  it('shows each setting with its variable, default and meaning', () => {
    const table = configTable();
    expect(table).toContain('| `web.port` | `PORT` | `8787` | its port |');
    expect(table).toContain('| `web.loginMaxFailures` | `LOGIN_MAX_FAILURES` | `5` |');
    expect(table).toContain('| `answer.minConfidence` | `ANSWER_MIN_CONFIDENCE` | the threshold written with the model |');
  });

  it('replaces only what lies between the markers, and says when they are missing', () => {
    const readme = `# x\n\n${TABLE_START}\nold\n${TABLE_END}\n\nafter\n`;
    expect(withConfigTable(readme, 'new')).toBe(`# x\n\n${TABLE_START}\nnew\n${TABLE_END}\n\nafter\n`);
    expect(() => withConfigTable('# no table\n', 'new')).toThrow(/markers/);
  });
});
