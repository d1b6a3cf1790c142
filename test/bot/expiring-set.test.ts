import { describe, expect, it } from 'vitest';
import { ExpiringSet } from '../../src/bot/expiring-set.js';

describe('the expiring set', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 25) + ms);

  it('remembers a key for its time and forgets it after', () => {
    const seen = new ExpiringSet(1_000);
    expect(seen.add('m1', at(0))).toBe(true);
    expect(seen.add('m1', at(999))).toBe(false);
    expect(seen.add('m1', at(1_000))).toBe(false);
    expect(seen.add('m1', at(1_001))).toBe(true);
  });

  it('forgets the oldest keys once full', () => {
    const seen = new ExpiringSet(60_000, 2);
    for (const key of ['a', 'b', 'c']) seen.add(key, at(0));
    expect(seen.add('a', at(1))).toBe(true);
    expect(seen.add('c', at(1))).toBe(false);
  });
});
