import type { Clock } from '../core/clock.js';

export interface LoginThrottleOptions {
  /** Failures a key may have before sign-in waits. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A key's failures are forgotten this long after its last one. */
  forgetAfterMs: number;
  /** Keys kept at most; the longest-quiet go first, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
}

interface Failures {
  count: number;
  last: number;
}

/**
 * Failed sign-ins per key (an account, an address, a trusted device) with growing waits:
 * after `freeFailures`, each failure doubles the wait before the key may try again, up to
 * `maxDelayMs`. Nothing locks for good, and guessing slows to a crawl.
 */
export class LoginThrottle {
  private readonly keys = new Map<string, Failures>();

  constructor(
    private readonly clock: Clock,
    private readonly options: LoginThrottleOptions,
  ) {}

  /** Milliseconds until all of these keys may try again; 0 when they may try now. */
  waitMs(keys: string[]): number {
    const now = this.clock.now().getTime();
    return Math.max(0, ...keys.map((key) => {
      const f = this.current(key, now);
      return f ? Math.max(0, f.last + this.delayAfter(f.count) - now) : 0;
    }));
  }

  fail(keys: string[]): void {
    const now = this.clock.now().getTime();
    for (const key of keys) {
      const f = this.current(key, now);
      this.keys.delete(key);
      this.keys.set(key, { count: (f?.count ?? 0) + 1, last: now });
    }
    const max = this.options.maxKeys ?? 100_000;
    for (const key of this.keys.keys()) {
      if (this.keys.size <= max) break;
      this.keys.delete(key);
    }
  }

  /** Takes back one failure (one counted before a check that then succeeded). */
  forgive(keys: string[]): void {
    for (const key of keys) {
      const f = this.keys.get(key);
      if (f && f.count > 1) f.count--;
      else this.keys.delete(key);
    }
  }

  reset(keys: string[]): void {
    for (const key of keys) this.keys.delete(key);
  }

  private delayAfter(count: number): number {
    const { freeFailures, firstDelayMs, maxDelayMs } = this.options;
    if (count < freeFailures) return 0;
    return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(count - freeFailures, 30));
  }

  private current(key: string, now: number): Failures | undefined {
    const f = this.keys.get(key);
    if (f && now - f.last > this.options.forgetAfterMs) {
      this.keys.delete(key);
      return undefined;
    }
    return f;
  }
}
