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
  /** Delivers one message; rejects when it cannot, so the sender keeps it for a retry. */
  send(reply: Reply): Promise<void>;
}
