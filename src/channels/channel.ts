import type { Incoming, Reply } from '../core/types.js';

export type ChannelKind = 'wechat' | 'qq' | 'console' | 'web';

/**
 * A chat surface. It turns its platform's messages into `Incoming`, hands them to the bot,
 * and delivers replies; `send` also carries messages the bot starts itself (relays, notices).
 */
export interface Channel {
  /** The prefix of people's names on this channel (`wechat`, `qq`, `web`, `console`). */
  readonly name: string;
  start(): Promise<void>;
  send(reply: Reply): Promise<void>;
  stop(): Promise<void>;
}

/** The conversation engine as channels see it. Never throws. */
export interface MessageHandler {
  handle(incoming: Incoming): Promise<Reply[]>;
}
