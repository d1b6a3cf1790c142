import { LRUCache } from 'lru-cache';
import { growingBound } from '../core/lru-bound.js';

/**
 * Remembers keys for a while, bounded in size (message ids, notices already given): an
 * `LRUCache` whose clock is the time the caller passes, so the bot's clock (and a test's fixed
 * one) decides what has expired.
 */
export class ExpiringSet {
  private now = 0;
  private readonly keys: LRUCache<string, true>;

  constructor(ttlMs: number, maxSize = 10_000) {
    this.keys = new LRUCache<string, true>({ ...growingBound(maxSize), ttl: ttlMs, ttlResolution: 0, perf: { now: () => this.now } });
  }

  /** True when the key was not remembered; remembers it from now on. */
  add(key: string, now: Date): boolean {
    this.now = now.getTime();
    if (this.keys.has(key)) return false;
    this.keys.set(key, true);
    return true;
  }
}
