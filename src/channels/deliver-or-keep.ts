import { isUndeliverable } from '../core/errors.js';
import type { OutboundChannel, UndeliveredReplies } from '../core/ports.js';
import type { Reply } from '../core/types.js';
import type { Logger } from '../logging/logger.js';

/**
 * Sends an answer now, or hands it to the durable outbox when the platform did not take it
 * (down, busy, token trouble) or older messages to the conversation still wait there. An
 * answer the platform refuses for good is logged: retrying it cannot help.
 */
export async function deliverOrKeep(channel: OutboundChannel, undelivered: UndeliveredReplies, reply: Reply, log: Logger): Promise<void> {
  const addressed = { ...reply, channel: channel.name };
  if (!undelivered.waiting(channel.name, reply.conversationId)) {
    try {
      await channel.send(addressed);
      return;
    } catch (err) {
      if (isUndeliverable(err)) {
        log.warn({ conversationId: reply.conversationId }, 'answer refused for good by the platform');
        return;
      }
      log.warn({ conversationId: reply.conversationId, err: (err as Error).message }, 'answer not taken; kept in the outbox');
    }
  }
  await undelivered.keep(addressed);
}
