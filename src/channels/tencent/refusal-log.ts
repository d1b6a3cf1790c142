import type { Logger } from '../../logging/logger.js';

/** Reasons remembered at once; the reasons are a handful of fixed texts, so this is only a guard. */
const MAX_REASONS = 100;

/**
 * Logs refused callbacks (bad signature, wrong app, undecryptable) without letting a flood of
 * forged requests flood the log: the first refusal of each reason is logged, then at most one
 * line per reason and period, carrying how many were refused in between.
 */
export class RefusalLog {
  private readonly seen = new Map<string, { since: number; more: number }>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly periodMs = 3_600_000,
  ) {}

  refused(reason: string): void {
    const at = this.now();
    const entry = this.seen.get(reason);
    if (entry && at - entry.since < this.periodMs) {
      entry.more++;
      return;
    }
    if (!entry && this.seen.size >= MAX_REASONS) this.seen.clear();
    this.seen.set(reason, { since: at, more: 0 });
    this.log.warn({ reason, refusedSinceLastLine: entry?.more ?? 0 }, 'callback refused; further refusals for this reason are counted for an hour, not logged');
  }

  /** Logs the refusals counted but not yet reported; the channel calls it when it stops. */
  flush(): void {
    for (const [reason, entry] of this.seen) {
      if (entry.more > 0) this.log.warn({ reason, refusedSinceLastLine: entry.more }, 'callbacks refused since the last line');
    }
    this.seen.clear();
  }
}
