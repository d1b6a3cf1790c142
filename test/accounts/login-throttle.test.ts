import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/accounts/login-throttle.js';
import { fixedClock } from '../../src/core/clock.js';

const at = new Date('2026-11-25T02:00:00Z');
const options = { freeFailures: 3, firstDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

describe('sign-in throttling', () => {
  it('lets a few failures through, then doubles the wait with each one, up to the cap', () => {
    const clock = fixedClock(at);
    const throttle = new LoginThrottle(clock, options);
    const keys = ['account:wang', 'address:10.0.0.1'];
    for (let i = 0; i < 2; i++) throttle.fail(keys);
    expect(throttle.waitMs(keys)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      throttle.fail(keys);
      waits.push(throttle.waitMs(keys));
      clock.advance(throttle.waitMs(keys));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(throttle.waitMs(['account:li', 'address:10.0.0.2'])).toBe(0);
  });

  it('waits on the slowest of the keys, and forgets a key after a quiet spell', () => {
    const clock = fixedClock(at);
    const throttle = new LoginThrottle(clock, options);
    for (let i = 0; i < 4; i++) throttle.fail(['address:10.0.0.1']);
    expect(throttle.waitMs(['account:li', 'address:10.0.0.1'])).toBe(2000);
    expect(throttle.waitMs(['device:abc'])).toBe(0);
    clock.advance(60_001);
    expect(throttle.waitMs(['address:10.0.0.1'])).toBe(0);
    throttle.fail(['address:10.0.0.1']);
    expect(throttle.waitMs(['address:10.0.0.1'])).toBe(0);
  });

  it('takes back a failure counted before a check that succeeded, and keeps memory bounded', () => {
    const clock = fixedClock(at);
    const throttle = new LoginThrottle(clock, { ...options, maxKeys: 10 });
    for (let i = 0; i < 3; i++) throttle.fail(['account:wang']);
    expect(throttle.waitMs(['account:wang'])).toBe(1000);
    throttle.forgive(['account:wang']);
    expect(throttle.waitMs(['account:wang'])).toBe(0);
    for (let i = 0; i < 100; i++) throttle.fail([`address:10.0.1.${i}`]);
    for (let i = 0; i < 3; i++) throttle.fail(['address:10.0.1.99']);
    expect(throttle.waitMs(['address:10.0.1.99'])).toBe(2000);
    // The first address of the flood was dropped: two more failures are its first two again.
    for (let i = 0; i < 2; i++) throttle.fail(['address:10.0.1.0']);
    expect(throttle.waitMs(['address:10.0.1.0'])).toBe(0);
  });
});
