import { OnboardingError } from '../core/errors.js';
import type { OutboundChannel } from '../core/ports.js';
import { splitReply } from '../core/split-text.js';
import type { Reply } from '../core/types.js';
import type { Logger } from '../logging/logger.js';

/** A message the bot starts itself cannot be delivered (channel missing or failing). */
export class DeliveryError extends OnboardingError {}

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
  /** In a group, the person the message names. */
  mentionUserId?: string;
  /** The ticket whose answer the message relays. */
  ticketId?: string;
}

export interface OutboxOptions {
  log: Logger;
  /** Longest message per channel name; longer ones are split at sentence ends. */
  limitFor: (channel: string) => number;
}

/**
 * Routes messages the bot starts itself (notices, relays, reminders) to the channel they
 * belong to. Channels register when they can send.
 */
export class Outbox {
  private readonly channels = new Map<string, OutboundChannel>();

  constructor(private readonly options: OutboxOptions) {}

  register(channel: OutboundChannel): void {
    this.channels.set(channel.name, channel);
  }

  unregister(channel: OutboundChannel): void {
    if (this.channels.get(channel.name) === channel) this.channels.delete(channel.name);
  }

  /** Delivers every part of the reply in order; throws DeliveryError when it cannot. */
  async send(to: Address, text: string, options: SendOptions = {}): Promise<void> {
    const channel = this.channels.get(to.channel);
    if (!channel) throw new DeliveryError(`no channel "${to.channel}" is connected`);
    const reply: Reply = { channel: to.channel, conversationId: to.conversationId, text, ...options };
    try {
      for (const part of splitReply(reply, this.options.limitFor(to.channel))) await channel.send(part);
    } catch (cause) {
      throw new DeliveryError(`channel "${to.channel}" could not send to ${to.conversationId}`, { cause });
    }
  }

  /** Sends the same text to several people at once; returns how many got it. Failures are logged. */
  async broadcast(to: Address[], text: string): Promise<number> {
    const results = await Promise.allSettled(to.map((a) => this.send(a, text)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.options.log.warn({ err: r.reason, to: to[i] }, 'notice not delivered');
    });
    return results.filter((r) => r.status === 'fulfilled').length;
  }
}
