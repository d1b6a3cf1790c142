/** Remembers keys for a while, bounded in size (message ids, notices already given). */
export class ExpiringSet {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxSize = 10_000,
  ) {}

  /** True when the key was not remembered; remembers it from now on. */
  add(key: string, now: Date): boolean {
    const t = now.getTime();
    const expiry = this.until.get(key);
    if (expiry !== undefined && expiry > t) return false;
    this.until.delete(key);
    this.until.set(key, t + this.ttlMs);
    // Map keeps insertion order, so the first entries are the oldest.
    for (const [k, e] of this.until) {
      if (this.until.size <= this.maxSize && e > t) break;
      this.until.delete(k);
    }
    return true;
  }
}
