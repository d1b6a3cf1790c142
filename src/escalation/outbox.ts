import type { Clock } from '../core/clock.js';
import type { OutboxKind, OutboxMessage, OutboxStore } from '../core/outbox-store.js';
import type { OutboundChannel, UndeliveredReplies } from '../core/ports.js';
import { splitText } from '../core/split-text.js';
import type { Reply } from '../core/types.js';
import type { Logger } from '../logging/logger.js';
import { DeliveryLoop, type AttemptOutcome, type RetrySettings } from './delivery-loop.js';

/** Where a message goes: a channel and a conversation in that channel's ids. */
export interface Address {
  channel: string;
  conversationId: string;
}

/** "wechat:wxid_abc" → { channel: "wechat", conversationId: "wxid_abc" }. */
export function parseAddress(name: string, defaultChannel = 'wechat'): Address {
  const colon = name.indexOf(':');
  return colon > 0
    ? { channel: name.slice(0, colon), conversationId: name.slice(colon + 1) }
    : { channel: defaultChannel, conversationId: name };
}

/** What goes with a message's text. */
export interface SendOptions {
  kind: OutboxKind;
  /** In a group, the person the message names. */
  mentionUserId?: string;
  /** The ticket the message is about. */
  ticketId?: string;
}

/**
 * Where messages stand, as the sender tells a secretary: all acknowledged by the platform,
 * waiting (for a channel to connect, or for a retry), or refused for good.
 */
export type DeliveryState = 'delivered' | 'queued' | 'failed';

export interface DeliveryReport {
  state: DeliveryState;
  /** Why the last attempt failed, when one did. */
  error?: string;
}

export interface OutboxOptions {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  /** Longest message per channel name; longer ones are split at sentence ends before they are stored. */
  limitFor: (channel: string) => number;
  retry: RetrySettings;
  random?: () => number;
}

type SettledListener = (message: OutboxMessage, outcome: 'delivered' | 'failed', error?: unknown) => void | Promise<void>;

/**
 * The one durable outbox for everything the bot sends on its own: relays, notices, digests,
 * reminders, and replies a channel could not deliver. A message is on disk before `send`
 * resolves, goes out once its channel is registered and connected, in order per conversation,
 * is retried with backoff until the platform acknowledges it, and is never dropped.
 */
export class Outbox implements UndeliveredReplies {
  private readonly channels = new Map<string, OutboundChannel>();
  private readonly watched = new WeakSet<OutboundChannel>();
  private readonly loop: DeliveryLoop;
  private readonly settledListeners: SettledListener[] = [];
  private readonly attemptWatchers = new Set<(message: OutboxMessage, outcome: AttemptOutcome) => void>();
  private readonly pendingListeners = new Set<Promise<unknown>>();

  constructor(private readonly options: OutboxOptions) {
    this.loop = new DeliveryLoop({
      store: options.store,
      clock: options.clock,
      log: options.log,
      retry: options.retry,
      random: options.random,
      channelFor: (name) => this.connected(name),
      onOutcome: (message, outcome, error) => this.tell(message, outcome, error),
    });
  }

  /**
   * Lets the channel carry messages; what waited for it goes now, and again each time it
   * reconnects. Resolves once delivery has started (not finished; `idle()` waits for that).
   */
  register(channel: OutboundChannel): Promise<void> {
    this.channels.set(channel.name, channel);
    if (!this.watched.has(channel)) {
      this.watched.add(channel);
      channel.onConnected?.(() => void this.channelConnected(channel));
    }
    return this.channelConnected(channel);
  }

  unregister(channel: OutboundChannel): void {
    if (this.channels.get(channel.name) === channel) this.channels.delete(channel.name);
  }

  /** True while messages to this channel can go now (registered and, as far as it knows, connected). */
  isConnected(channel: string): boolean {
    return this.connected(channel) !== undefined;
  }

  /** Looks for due messages now (after the clock moved, in tests and tools). */
  kick(): void {
    this.loop.kick();
  }

  /** Stores the message (split to the channel's limit), then starts delivering; resolves to the stored parts. */
  async send(to: Address, text: string, options: SendOptions): Promise<OutboxMessage[]> {
    const parts = splitText(text, this.limitFor(to.channel)).map((part, i) => ({
      kind: options.kind,
      channel: to.channel,
      conversationId: to.conversationId,
      text: part,
      mentionUserId: i === 0 ? options.mentionUserId : undefined,
      ticketId: options.ticketId,
    }));
    const stored = await this.options.store.add(parts, this.options.clock.now());
    this.loop.kick();
    return stored;
  }

  /** The same text to several people, stored in one write. */
  async broadcast(to: Address[], text: string, options: SendOptions): Promise<OutboxMessage[]> {
    const stored = (await Promise.all(to.map((a) => this.send(a, text, options)))).flat();
    return stored;
  }

  async keep(reply: Reply & { channel: string }): Promise<void> {
    await this.send({ channel: reply.channel, conversationId: reply.conversationId }, reply.text, {
      kind: 'reply',
      mentionUserId: reply.mentionUserId,
      ticketId: reply.ticketId,
    });
  }

  /** The stored messages about one ticket, of one kind, oldest first. */
  sentFor(ticketId: string, kind: OutboxKind): OutboxMessage[] {
    return this.options.store.forTicket(ticketId, kind);
  }

  /** Pending and failed messages, newest first, and the backlog per channel: what the console shows. */
  undelivered(limit = 100): { backlog: ReturnType<OutboxStore['backlog']>; messages: OutboxMessage[] } {
    return { backlog: this.options.store.backlog(), messages: this.options.store.listUndelivered(limit) };
  }

  waiting(channel: string, conversationId: string): boolean {
    return this.options.store.nextInConversation(channel, conversationId, 0) !== undefined;
  }

  /** Called once a message is delivered or refused for good (on disk by then). */
  onSettled(listener: SettledListener): void {
    this.settledListeners.push(listener);
  }

  /**
   * Where the messages stand after their first attempt, waiting at most `timeoutMs` for it;
   * messages whose channel is not connected are `queued` at once.
   */
  async whenAttempted(messages: OutboxMessage[], timeoutMs: number): Promise<DeliveryReport> {
    const ids = new Set(messages.map((m) => m.id));
    const attempted = new Set<number>();
    const state = () => this.report([...ids]);
    if (state().state !== 'queued' || messages.some((m) => !this.isConnected(m.channel))) return state();
    await new Promise<void>((resolve) => {
      const watcher = (message: OutboxMessage, outcome: AttemptOutcome) => {
        if (!ids.has(message.id)) return;
        attempted.add(message.id);
        if (outcome !== 'delivered' || attempted.size === ids.size) done();
      };
      const done = () => {
        clearTimeout(timer);
        this.attemptWatchers.delete(watcher);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.attemptWatchers.add(watcher);
    });
    return state();
  }

  /** Where stored messages stand now, with the platform's last complaint about them. */
  report(ids: number[]): DeliveryReport {
    const found = ids.map((id) => this.options.store.get(id));
    const error = found.find((m) => m?.lastError)?.lastError;
    const state: DeliveryState = found.some((m) => m?.status === 'failed')
      ? 'failed'
      : found.every((m) => m?.status === 'delivered')
        ? 'delivered'
        : 'queued';
    return { state, ...(error === undefined ? {} : { error }) };
  }

  /** Settles once nothing is being delivered and the listeners of what was are done. */
  async idle(): Promise<void> {
    do {
      await this.loop.idle();
      await Promise.all(this.pendingListeners);
    } while (this.pendingListeners.size > 0);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.pendingListeners);
  }

  private limitFor(channel: string): number {
    return Math.min(this.options.limitFor(channel), this.channels.get(channel)?.maxChars ?? Number.MAX_SAFE_INTEGER);
  }

  private connected(name: string): OutboundChannel | undefined {
    const channel = this.channels.get(name);
    return channel && channel.isConnected?.() !== false ? channel : undefined;
  }

  private async channelConnected(channel: OutboundChannel): Promise<void> {
    try {
      // A fresh connection is the best moment to try: what waited out a backoff goes now.
      await this.options.store.makeDue(channel.name, this.options.clock.now());
    } catch (err) {
      this.options.log.error({ err, channel: channel.name }, 'could not reschedule waiting messages');
    }
    this.loop.kick();
  }

  private tell(message: OutboxMessage, outcome: AttemptOutcome, error?: unknown): void {
    for (const watcher of this.attemptWatchers) watcher(message, outcome);
    if (outcome === 'retry') return;
    for (const listener of this.settledListeners) {
      const running = Promise.resolve()
        .then(() => listener(message, outcome, error))
        .catch((err: unknown) => this.options.log.error({ err, outboxId: message.id }, 'after-delivery step failed'));
      this.pendingListeners.add(running);
      void running.finally(() => this.pendingListeners.delete(running));
    }
  }
}
