import { OnboardingError } from '../../core/errors.js';
import type { Reply } from '../../core/types.js';
import type { Logger } from '../../logging/logger.js';
import { OneBotConnectionClosedError, type OneBotConnection } from './onebot-connection.js';
import { atSegment, textSegment, type Segment } from './onebot-protocol.js';

/** Where a QQ message goes: a private chat with a user or a group. */
export interface QqTarget {
  type: 'private' | 'group';
  id: string;
}

export interface Outgoing {
  reply: Reply;
  target: QqTarget;
  /** The caller of `send()`, told once the reply is delivered or parked for the next connection. */
  waiter?: { resolve(): void; reject(error: Error): void };
}

export interface QqOutboxOptions {
  log: Logger;
  /** Replies kept while no framework is connected; the oldest go first when full. */
  maxQueued: number;
  /** The connection to send over now, if any. */
  live: () => OneBotConnection | undefined;
  /** Called with a connection found closed while sending. */
  forget: (connection: OneBotConnection) => void;
}

/**
 * Replies in the order they were made, sent over the live connection; while no framework is
 * connected they wait (up to `maxQueued`) and go out on reconnect.
 */
export class QqOutbox {
  private readonly queue: Outgoing[] = [];
  private pumping: Promise<void> | undefined;

  constructor(private readonly options: QqOutboxOptions) {}

  get length(): number {
    return this.queue.length;
  }

  enqueue(item: Outgoing): void {
    this.queue.push(item);
    if (this.queue.length > this.options.maxQueued) {
      const dropped = this.queue.shift()!;
      this.options.log.error({ conversationId: dropped.reply.conversationId, maxQueued: this.options.maxQueued }, 'queue full; oldest reply dropped');
      dropped.waiter?.reject(new OnboardingError('the QQ queue overflowed before the framework reconnected'));
    }
    void this.pump();
  }

  /** Sends the queue in order over the live connection; one pump at a time. Settles when it is done. */
  pump(): Promise<void> {
    this.pumping ??= this.drain().finally(() => {
      this.pumping = undefined;
      // A reply enqueued while the drain was finishing found it still running; send it now.
      if (this.queue.length > 0 && this.options.live()) void this.pump();
    });
    return this.pumping;
  }

  /** Settles once the pump in progress, if any, is done. */
  async idle(): Promise<void> {
    await this.pumping;
  }

  private async drain(): Promise<void> {
    const { log } = this.options;
    for (;;) {
      const item = this.queue[0];
      const connection = this.options.live();
      if (!item || !connection) break;
      try {
        const data = await (item.target.type === 'group'
          ? connection.sendGroupMessage(item.target.id, segmentsFor(item.target, item.reply))
          : connection.sendPrivateMessage(item.target.id, segmentsFor(item.target, item.reply)));
        this.queue.shift();
        const messageId = (data as { message_id?: unknown } | undefined)?.message_id;
        log.info({ conversationId: item.reply.conversationId, mode: connection.mode, msgId: messageId }, 'outbound');
        item.waiter?.resolve();
      } catch (error) {
        // The framework went away: the reply stays first in line for the next connection.
        if (error instanceof OneBotConnectionClosedError) {
          this.options.forget(connection);
          continue;
        }
        this.queue.shift();
        log.error({ conversationId: item.reply.conversationId, err: (error as Error).message }, 'reply not delivered');
        item.waiter?.reject(error as Error);
      }
    }
    const parked = this.queue.filter((item) => item.waiter);
    if (parked.length > 0) log.warn({ queued: this.queue.length }, 'no OneBot connection; replies queued');
    for (const item of parked) {
      item.waiter!.resolve();
      item.waiter = undefined;
    }
  }
}

function segmentsFor(target: QqTarget, reply: Reply): Segment[] {
  if (target.type === 'group' && reply.mentionUserId) {
    return [atSegment(reply.mentionUserId), textSegment(` ${reply.text}`)];
  }
  return [textSegment(reply.text)];
}
