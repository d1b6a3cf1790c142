import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/bot/rate-limiter.js';

describe('the rate limiter', () => {
  it('lets the limit through, gives one notice, drops the rest until the window frees a slot', () => {
    const limiter = new RateLimiter(2, 60_000);
    const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s));
    expect([0, 1, 2, 3].map((s) => limiter.check('qq:1', at(s)))).toEqual(['ok', 'ok', 'notice', 'drop']);
    expect(limiter.check('qq:2', at(3))).toBe('ok');
    expect(limiter.check('qq:1', at(61))).toBe('ok');
  });

  it('tells how long until the window frees a slot', () => {
    const limiter = new RateLimiter(2, 60_000);
    const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s));
    expect(limiter.waitMs('qq:1', at(0))).toBe(0);
    limiter.check('qq:1', at(0));
    limiter.check('qq:1', at(10));
    limiter.check('qq:1', at(20));
    expect(limiter.waitMs('qq:1', at(20))).toBe(40_000);
    expect(limiter.waitMs('qq:1', at(60))).toBe(0);
  });
});
