import type { Incoming, Reply } from './types.js';

/** The conversation engine as channels see it. Never throws. */
export interface MessageHandler {
  handle(incoming: Incoming): Promise<Reply[]>;
}

/**
 * Where the bot's own messages (relays, notices, reminders) leave it: one per channel,
 * registered with the outbox while the channel can send.
 */
export interface OutboundChannel {
  /** The prefix of people's names on this channel (`wechat`, `qq`, `web`, `console`). */
  readonly name: string;
  /**
   * Delivers one message and resolves only once the platform acknowledged it; rejects when it
   * cannot, so the outbox keeps it for a retry. An error for which `isUndeliverable` holds
   * means the platform refused it for good.
   */
  send(reply: Reply): Promise<void>;
  /** Longest text one message may hold here; the outbox splits longer ones before storing them. */
  readonly maxChars?: number;
  /** False while the platform is out of reach (no QQ framework connected): the outbox waits instead of trying. */
  isConnected?(): boolean;
  /** Calls `listener` whenever the channel (re)connects, so what waits for it goes at once. */
  onConnected?(listener: () => void): void;
}

/**
 * The durable hand-off for replies a channel could not deliver itself (its platform was away):
 * the outbox keeps them on disk and delivers them, in order, once it can.
 */
export interface UndeliveredReplies {
  /** Stores the reply; resolves once it is on disk. */
  keep(reply: Reply & { channel: string }): Promise<void>;
  /** True while older messages to this conversation still wait: a new reply must queue behind them. */
  waiting(channel: string, conversationId: string): boolean;
}
