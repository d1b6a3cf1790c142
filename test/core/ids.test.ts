import { describe, expect, it } from 'vitest';
import { randomIds } from '../../src/core/ids.js';

describe('ticket ids', () => {
  it('are five characters a secretary can type without mixing up 0/O or 1/I/L', () => {
    const ids = Array.from({ length: 2000 }, () => randomIds.ticketId());
    for (const id of ids) expect(id).toMatch(/^[A-HJKMNP-Z2-9]{5}$/);
    expect(new Set(ids).size).toBeGreaterThan(1990);
  });
});
