import type { Channel } from '../channel.js';
import type { MessageHandler } from '../../core/ports.js';
import type { Reply } from '../../core/types.js';
import { WebChat, type ChatAnswer } from './web-chat.js';
import type { InboxMessage, WebInboxStore } from './web-inbox.js';

/** A question that arrived while the web channel was not running (not started yet, or stopping). */
export class ChannelStoppedError extends Error {}

export interface WebChannelOptions {
  /** Where messages wait for the visitor's page; the caller opens and closes it. */
  inbox: WebInboxStore;
  now?: () => Date;
  /** Days a message is kept; a page that has not fetched it by then will not get it. */
  keepDays?: number;
}

interface Waiter {
  after: number;
  resolve: (messages: InboxMessage[]) => void;
}

const DAY_MS = 86_400_000;

/**
 * The web channel. Questions arrive over `POST /api/chat` and are answered in that request
 * by the engine `start` was given; what the bot sends later (relayed secretary answers) is
 * stored in the visitor's inbox before `send` resolves, and waits there, across restarts,
 * until the page fetches it with a long poll.
 */
export class WebChannel implements Channel {
  readonly name = 'web';
  private readonly waiters = new Map<string, Set<Waiter>>();
  private running = false;
  /** Made by `start`, over the engine it was given. */
  private chat: WebChat | undefined;
  private readonly store: WebInboxStore;
  private readonly now: () => Date;
  private readonly keepMs: number;

  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: WebChannelOptions) {
    this.store = options.inbox;
    this.now = options.now ?? (() => new Date());
    this.keepMs = (options.keepDays ?? 30) * DAY_MS;
  }

  /** Names the inbox the `seq` cursors belong to; see `WebInboxStore.epoch`. */
  get epoch(): string {
    return this.store.epoch;
  }

  async start(handler: MessageHandler): Promise<void> {
    if (this.running) return;
    this.store.prune(new Date(this.now().getTime() - this.keepMs));
    this.chat = new WebChat({ handler, now: this.now });
    this.running = true;
  }

  /**
   * Answers one visitor question (`WebChat.ask`) while the channel runs; refuses it before
   * `start` and once stopping, and lets `stop()` wait for the questions in hand so their
   * answers are not cut off.
   */
  async ask(visitor: string, text: string, options: { id?: string; history?: string[] } = {}): Promise<ChatAnswer | undefined> {
    const chat = this.chat;
    if (!this.running || !chat) throw new ChannelStoppedError('the chat is not running; ask again in a moment');
    const run = chat.ask(visitor, text, options);
    const settled = run.then(() => undefined, () => undefined);
    this.inFlight.add(settled);
    try {
      return await run;
    } finally {
      this.inFlight.delete(settled);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.inFlight);
    for (const [visitor, set] of this.waiters) for (const w of set) w.resolve(this.store.after(visitor, w.after));
    this.waiters.clear();
  }

  /**
   * Throws while stopped, so the sender keeps the message for a retry instead of losing it.
   * The desk relays a ticket again when a crash came between storing the message and marking
   * the ticket relayed; the reply's ticket id lets the inbox keep it once.
   */
  async send(reply: Reply): Promise<void> {
    if (!this.running) throw new Error('the web channel is not running');
    const visitor = reply.conversationId;
    const at = this.now();
    const stored = this.store.add({ user: visitor, text: reply.text, at, ticketId: reply.ticketId });
    this.store.prune(new Date(at.getTime() - this.keepMs));
    // A repeated relay was stored by an earlier run, so no page waiting now is missing it.
    if (!stored) return;
    const set = this.waiters.get(visitor);
    if (set) {
      this.waiters.delete(visitor);
      for (const w of set) w.resolve(this.store.after(visitor, w.after));
    }
  }

  /** Messages for the visitor after the cursor; waits up to `timeoutMs` when there are none yet. */
  async inbox(visitor: string, after: number, timeoutMs: number, signal?: AbortSignal): Promise<InboxMessage[]> {
    const ready = this.store.after(visitor, after);
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
}
