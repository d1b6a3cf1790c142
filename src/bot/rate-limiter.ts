export type RateDecision = 'ok' | 'notice' | 'drop';

/**
 * A sliding window per key. Over the limit, the first message gets a notice and the rest
 * are dropped until the window frees a slot, so a flood does not earn a flood of notices.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { times: number[]; noticed: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  check(key: string, now: Date): RateDecision {
    const t = now.getTime();
    if (this.hits.size > 10_000) this.prune(t);
    const entry = this.hits.get(key) ?? { times: [], noticed: false };
    this.hits.set(key, entry);
    entry.times = this.inWindow(entry.times, t);
    if (entry.times.length < this.limit) {
      entry.times.push(t);
      entry.noticed = false;
      return 'ok';
    }
    if (entry.noticed) return 'drop';
    entry.noticed = true;
    return 'notice';
  }

  /** How long until `key` may pass again: until its oldest hit leaves the window; 0 when it may now. */
  waitMs(key: string, now: Date): number {
    const t = now.getTime();
    const times = this.inWindow(this.hits.get(key)?.times ?? [], t);
    return times.length < this.limit ? 0 : times[0]! + this.windowMs - t;
  }

  private prune(t: number): void {
    for (const [key, entry] of this.hits) {
      if (this.inWindow(entry.times, t).length === 0) this.hits.delete(key);
    }
  }

  /** The hits of `times` still inside the window ending at `t`. */
  private inWindow(times: number[], t: number): number[] {
    return times.filter((x) => x > t - this.windowMs);
  }
}
