import pLimit from 'p-limit';
import type { Clock } from '../core/clock.js';
import { isUndeliverable } from '../core/errors.js';
import type { OutboxMessage, OutboxStore } from '../core/outbox-store.js';
import type { OutboundChannel } from '../core/ports.js';
import type { Logger } from '../logging/logger.js';

/** What became of one attempt to send a message. */
export type AttemptOutcome = 'delivered' | 'failed' | 'retry';

export interface RetrySettings {
  /** Wait after the first failed attempt. */
  minMs: number;
  /** Longest wait between attempts; the delay doubles up to it and never gives up. */
  maxMs: number;
}

export interface DeliveryLoopOptions {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  retry: RetrySettings;
  /** The channel that carries a message now, if it is registered and connected. */
  channelFor: (name: string) => OutboundChannel | undefined;
  /** Told after every attempt, once its outcome is on disk. */
  onOutcome: (message: OutboxMessage, outcome: AttemptOutcome, error?: unknown) => void;
  /** Conversations served side by side. */
  concurrency?: number;
  random?: () => number;
}

// A due time is re-read at least this often, so a clock moved by hand (tests, NTP) is noticed.
const LONGEST_SLEEP_MS = 60_000;

/** Wait before attempt `attempts + 1`: doubling from min up to max, with "equal jitter" (half fixed, half random) so retries of many messages spread out. */
export function retryDelay(attempts: number, retry: RetrySettings, random: () => number = Math.random): number {
  const ceiling = Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(attempts, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Delivers the stored messages: each conversation's oldest pending one first, the next only
 * after it, with exponential backoff after a failure. Everything it knows about a message
 * (attempts, next due time) is read from the store, so a restart resumes where a crash left
 * off. p-retry keeps its attempt count in memory, which a `kill -9` would lose; hence this
 * small scheduler over the stored rows.
 */
export class DeliveryLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly limit;
  private readonly random: () => number;

  constructor(private readonly options: DeliveryLoopOptions) {
    this.limit = pLimit(options.concurrency ?? 8);
    this.random = options.random ?? Math.random;
  }

  /** Looks for due messages now (one was queued, a channel connected). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .catch((err: unknown) => this.options.log.error({ err }, 'delivery pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.sleep();
        }
      });
  }

  /** Settles once no pass runs and none is asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle();
  }

  private async pass(): Promise<void> {
    const heads = this.options.store.heads().filter((m) => this.options.channelFor(m.channel));
    await Promise.all(heads.map((head) => this.limit(() => this.drain(head))));
  }

  /** Sends one conversation's due messages in order; stops at the first that must wait. */
  private async drain(head: OutboxMessage): Promise<void> {
    let message: OutboxMessage | undefined = head;
    while (message && !this.stopped && message.nextAttemptAt.getTime() <= this.options.clock.now().getTime()) {
      const channel = this.options.channelFor(message.channel);
      if (!channel) return;
      if ((await this.attempt(channel, message)) === 'retry') return;
      message = this.options.store.nextInConversation(message.channel, message.conversationId, message.id);
    }
  }

  private async attempt(channel: OutboundChannel, message: OutboxMessage): Promise<AttemptOutcome> {
    const { store, clock, log } = this.options;
    const context = { outboxId: message.id, kind: message.kind, channel: message.channel, conversationId: message.conversationId, ticketId: message.ticketId };
    let outcome: AttemptOutcome;
    let error: unknown;
    try {
      await channel.send({
        channel: message.channel,
        conversationId: message.conversationId,
        text: message.text,
        mentionUserId: message.mentionUserId,
        ticketId: message.ticketId,
      });
      await store.markDelivered(message.id, clock.now());
      outcome = 'delivered';
      log.info({ ...context, attempts: message.attempts + 1 }, 'delivered');
    } catch (err) {
      error = err;
      const reason = err instanceof Error ? err.message : String(err);
      if (isUndeliverable(err)) {
        await store.markFailed(message.id, clock.now(), reason);
        outcome = 'failed';
        log.warn({ ...context, err: reason }, 'refused for good by the platform');
      } else {
        const delayMs = retryDelay(message.attempts, this.options.retry, this.random);
        await store.markRetry(message.id, new Date(clock.now().getTime() + delayMs), reason);
        outcome = 'retry';
        log.warn({ ...context, attempts: message.attempts + 1, delayMs, err: reason }, 'not delivered; will retry');
      }
    }
    this.options.onOutcome(message, outcome, error);
    return outcome;
  }

  /** Sleeps until the earliest due message of a connected channel. */
  private sleep(): void {
    if (this.stopped) return;
    const due = this.options.store
      .heads()
      .filter((m) => this.options.channelFor(m.channel))
      .map((m) => m.nextAttemptAt.getTime());
    if (due.length === 0) return;
    const waitMs = Math.min(LONGEST_SLEEP_MS, Math.max(0, Math.min(...due) - this.options.clock.now().getTime()));
    this.timer = setTimeout(() => this.kick(), waitMs);
    this.timer.unref();
  }
}
