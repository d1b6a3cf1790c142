import type { MessageHandler, OutboundChannel, UndeliveredReplies } from '../../core/ports.js';
import type { Incoming, Reply } from '../../core/types.js';
import { ExpiringSet } from '../../bot/expiring-set.js';
import type { Logger } from '../../logging/logger.js';
import { ConversationQueue, logFailures } from '../conversation-queue.js';
import { deliverOrKeep } from '../deliver-or-keep.js';
import { incomingOf, type CallbackMessage } from './callback-message.js';
import { PassiveReplies, type Waiting } from './passive-reply.js';

export interface CallbackAnswererOptions {
  channel: OutboundChannel;
  handler: MessageHandler;
  undelivered: UndeliveredReplies;
  log: Logger;
  /** How long a callback waits for its passive reply (Tencent gives up after five seconds). */
  passiveWaitMs: number;
}

/**
 * Answers the messages of Tencent callbacks, alike for the Official Account and WeCom: each
 * message once (Tencent retries a callback it thinks unanswered), one person's in order; the
 * replies go back as the passive reply when they are ready in time and fit one, else through
 * the platform's message API, or the outbox when the API does not take them.
 */
export class CallbackAnswerer {
  private readonly queue: ConversationQueue;
  private readonly seen = new ExpiringSet(10 * 60_000);
  private readonly passive: PassiveReplies;

  constructor(private readonly options: CallbackAnswererOptions) {
    this.queue = new ConversationQueue(logFailures(options.log));
    this.passive = new PassiveReplies(options.passiveWaitMs);
  }

  /** Queues the message; resolves to the passive reply, or undefined once the API will carry the answer. */
  take(msg: CallbackMessage): Promise<string | undefined> {
    const incoming = incomingOf(this.options.channel.name, msg);
    if (!incoming) return Promise.resolve(undefined);
    if (!this.seen.add(incoming.messageId!, new Date())) {
      this.options.log.info({ msgId: incoming.messageId }, 'retried callback ignored');
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      const waiting = this.passive.open(resolve);
      const context = { msgId: incoming.messageId, conversationId: incoming.conversationId };
      this.queue.push(incoming.userId, () => this.answer(incoming, waiting), context);
    });
  }

  /** Lets every waiting callback answer `success` now, then waits for the answers in hand. */
  async stop(): Promise<void> {
    this.passive.releaseAll();
    await this.queue.idle();
  }

  private async answer(incoming: Incoming, waiting: Waiting): Promise<void> {
    const { channel, handler, undelivered, log } = this.options;
    log.info({ conversationId: incoming.conversationId, msgId: incoming.messageId, kind: incoming.kind }, 'inbound');
    let replies: Reply[];
    try {
      replies = await handler.handle(incoming);
    } catch (err) {
      // The callback is not kept waiting for an answer that will not come.
      waiting.settle(undefined);
      throw err;
    }
    const mine = replies.filter((reply) => {
      const other = reply.channel !== undefined && reply.channel !== channel.name;
      if (other) log.warn({ channel: reply.channel, conversationId: reply.conversationId }, 'reply for another channel dropped');
      return !other;
    });
    // Older messages to this person still waiting in the outbox go first: a passive reply
    // would overtake them, so the callback is released and the answer queues behind them.
    if (undelivered.waiting(channel.name, incoming.conversationId)) waiting.settle(undefined);
    else if (this.passive.offer(waiting, incoming.conversationId, mine)) {
      log.info({ conversationId: incoming.conversationId }, 'passive reply');
      return;
    }
    for (const reply of mine) await deliverOrKeep(channel, undelivered, reply, log);
  }
}
