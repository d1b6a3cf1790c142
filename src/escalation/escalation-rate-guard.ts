const MINUTE_MS = 60_000;

/**
 * Counts notices over the last minute. Up to `perMinute` new tickets a minute each get their own
 * notice; beyond that they are held and the secretaries get one digest per minute instead, so a
 * flood of tickets (orientation week, or someone rotating browser ids) does not bury them.
 */
export class EscalationRateGuard {
  private readonly sent: number[] = [];

  constructor(private readonly perMinute: number) {}

  /** True when a notice may go now (and counts it); false when the ticket waits for the digest. */
  admit(now: Date): boolean {
    const t = now.getTime();
    while (this.sent.length > 0 && this.sent[0]! <= t - MINUTE_MS) this.sent.shift();
    if (this.sent.length >= this.perMinute) return false;
    this.sent.push(t);
    return true;
  }

  /** When the window has room again: the moment the digest of held tickets goes. */
  nextOpening(now: Date): Date {
    const oldest = this.sent[0];
    return new Date(Math.max(now.getTime(), (oldest ?? now.getTime()) + MINUTE_MS));
  }
}
