import { systemClock, type Clock } from '../core/clock.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  /** How long an open breaker refuses calls before letting one trial call through. */
  openMs?: number;
  clock?: Clock;
}

/**
 * Written here rather than taken from opossum or cockatiel: both time the open and half-open
 * states with the real clock and timers, while this one reads the injected `Clock`, so the
 * answerer's tests step through an outage without waiting. LangChain's `withRetry` does not
 * fit either: a failed call falls back to the offline answer at once instead of retrying.
 *
 * Stops calling an endpoint that keeps failing: after `failureThreshold` failures in a row
 * it refuses calls for `openMs`, then lets a single trial call through (half-open); that
 * call's outcome closes or reopens it.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly clock: Clock;
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now().getTime() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** True when a call may go out now; in half-open only one caller at a time gets true. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** Returns true when this failure opened (or reopened) the breaker. */
  recordFailure(): boolean {
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    this.failures += 1;
    if (wasTrial || (this.openedAt === undefined && this.failures >= this.threshold)) {
      this.openedAt = this.clock.now().getTime();
      return true;
    }
    return false;
  }
}
