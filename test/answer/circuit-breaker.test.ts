import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/answer/circuit-breaker.js';
import { fixedClock } from '../../src/core/clock.js';

describe('CircuitBreaker', () => {
  const failTimes = (breaker: CircuitBreaker, n: number) => Array.from({ length: n }, () => breaker.tryAcquire() && breaker.recordFailure());

  it('opens after the threshold of consecutive failures, not after scattered ones', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, clock: fixedClock(new Date(0)) });
    failTimes(breaker, 2);
    breaker.recordSuccess();
    failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    expect(failTimes(breaker, 1)).toEqual([true]);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets one trial call through after the pause, and its outcome closes or reopens it', () => {
    const clock = fixedClock(new Date(0));
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 60_000, clock });
    failTimes(breaker, 1);
    clock.advance(60_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.recordFailure()).toBe(true);
    expect(breaker.state).toBe('open');
    clock.advance(60_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });
});
