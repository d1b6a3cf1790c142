import { randomBytes } from 'node:crypto';
import type { Channel } from '../channel.js';
import type { Reply } from '../../core/types.js';

/** A message the bot sent to a web visitor on its own (a relayed answer, a notice). */
export interface InboxMessage {
  /** Increases across the whole server, so `after` works as a cursor. */
  seq: number;
  text: string;
  at: string;
}

export interface WebChannelOptions {
  now?: () => Date;
  /** Messages kept per visitor; older ones drop off. */
  keepPerVisitor?: number;
  /** Visitors kept; the one idle longest is forgotten first. */
  maxVisitors?: number;
}

interface Waiter {
  after: number;
  resolve: (messages: InboxMessage[]) => void;
}

/**
 * The web channel. Questions arrive over `POST /api/chat`; what the bot sends later
 * (relayed secretary answers) waits in the visitor's in-memory inbox until the page
 * fetches it with a long poll.
 */
export class WebChannel implements Channel {
  readonly name = 'web';
  /** Changes on every start of the process, so a page holding an old cursor starts over. */
  readonly epoch = randomBytes(6).toString('hex');
  private readonly inboxes = new Map<string, InboxMessage[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private seq = 0;
  private running = false;
  private readonly now: () => Date;
  private readonly keep: number;
  private readonly maxVisitors: number;

  constructor(options: WebChannelOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.keep = options.keepPerVisitor ?? 50;
    this.maxVisitors = options.maxVisitors ?? 5000;
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const [visitor, set] of this.waiters) for (const w of set) w.resolve(this.pending(visitor, w.after));
    this.waiters.clear();
  }

  /** Throws while stopped, so the sender keeps the message for a retry instead of losing it. */
  async send(reply: Reply): Promise<void> {
    if (!this.running) throw new Error('the web channel is not running');
    const visitor = reply.conversationId;
    const list = this.inboxes.get(visitor) ?? [];
    // Re-inserting moves the visitor to the end of the map, which is the eviction order.
    this.inboxes.delete(visitor);
    list.push({ seq: ++this.seq, text: reply.text, at: this.now().toISOString() });
    this.inboxes.set(visitor, list.slice(-this.keep));
    this.evict();
    const set = this.waiters.get(visitor);
    if (set) {
      this.waiters.delete(visitor);
      for (const w of set) w.resolve(this.pending(visitor, w.after));
    }
  }

  /** Messages for the visitor after the cursor; waits up to `timeoutMs` when there are none yet. */
  async inbox(visitor: string, after: number, timeoutMs: number, signal?: AbortSignal): Promise<InboxMessage[]> {
    const ready = this.pending(visitor, after);
    if (ready.length || timeoutMs <= 0 || !this.running) return ready;
    return new Promise((resolve) => {
      const set = this.waiters.get(visitor) ?? new Set<Waiter>();
      this.waiters.set(visitor, set);
      const done = (messages: InboxMessage[]) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(waiter);
        if (set.size === 0 && this.waiters.get(visitor) === set) this.waiters.delete(visitor);
        resolve(messages);
      };
      const waiter: Waiter = { after, resolve: done };
      const onAbort = () => done([]);
      const timer = setTimeout(() => done([]), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      set.add(waiter);
    });
  }

  private pending(visitor: string, after: number): InboxMessage[] {
    return (this.inboxes.get(visitor) ?? []).filter((m) => m.seq > after);
  }

  private evict(): void {
    while (this.inboxes.size > this.maxVisitors) {
      const oldest = this.inboxes.keys().next().value;
      if (oldest === undefined) break;
      this.inboxes.delete(oldest);
    }
  }
}
