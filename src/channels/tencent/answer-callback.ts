import type { MessageHandler, OutboundChannel, UndeliveredReplies } from '../../core/ports.js';
import type { Incoming, Reply } from '../../core/types.js';
import type { Logger } from '../../logging/logger.js';
import { deliverOrKeep } from '../deliver-or-keep.js';
import type { PassiveReplies, Waiting } from './passive-reply.js';

/** What answering a callback message needs of its channel. */
export interface CallbackAnswering {
  channel: OutboundChannel;
  handler: MessageHandler;
  passive: PassiveReplies;
  undelivered: UndeliveredReplies;
  log: Logger;
}

/**
 * Answers one message of a Tencent callback, alike for the Official Account and WeCom: the
 * replies go back as the passive reply when they are ready in time and fit one, else through
 * the platform's message API, or the outbox when the API does not take them.
 */
export async function answerCallback(a: CallbackAnswering, incoming: Incoming, waiting: Waiting): Promise<void> {
  a.log.info({ conversationId: incoming.conversationId, msgId: incoming.messageId, kind: incoming.kind }, 'inbound');
  let replies: Reply[];
  try {
    replies = await a.handler.handle(incoming);
  } catch (err) {
    // The callback is not kept waiting for an answer that will not come.
    waiting.settle(undefined);
    throw err;
  }
  const mine = replies.filter((reply) => {
    const other = reply.channel !== undefined && reply.channel !== a.channel.name;
    if (other) a.log.warn({ channel: reply.channel, conversationId: reply.conversationId }, 'reply for another channel dropped');
    return !other;
  });
  if (a.passive.offer(waiting, incoming.conversationId, mine)) {
    a.log.info({ conversationId: incoming.conversationId }, 'passive reply');
    return;
  }
  for (const reply of mine) await deliverOrKeep(a.channel, a.undelivered, reply, a.log);
}
