import type { MessageHandler } from '../../src/core/ports.js';
import type { Incoming, Reply } from '../../src/core/types.js';

/** Values put in order and taken in order, whichever comes first. */
export class Queue<T> {
  private readonly items: T[] = [];
  private readonly takers: Array<(item: T) => void> = [];
  readonly all: T[] = [];

  put(item: T): void {
    this.all.push(item);
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  /** The next value; rejects after `timeoutMs` so a missing message fails the case instead of hanging it. */
  next(timeoutMs = 5_000, what = 'a value'): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const taker = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.takers.splice(this.takers.indexOf(taker), 1);
        reject(new Error(`waited ${timeoutMs} ms for ${what}`));
      }, timeoutMs);
      this.takers.push(taker);
    });
  }

  /** Values put and not yet taken. */
  get size(): number {
    return this.items.length;
  }

  drain(): T[] {
    return this.items.splice(0);
  }
}

/**
 * The conversation engine's stand-in: records every `Incoming` and answers `答：<text>` to
 * the conversation, staying quiet in a group unless the bot is mentioned (as the engine does).
 * Set `answer` to script other replies, or to fail.
 */
export class FakeHandler implements MessageHandler {
  readonly received = new Queue<Incoming>();
  answer: (incoming: Incoming) => Reply[] | Promise<Reply[]> = FakeHandler.echo;

  static echo(incoming: Incoming): Reply[] {
    if (incoming.isGroup && !incoming.mentionsBot) return [];
    return [{ conversationId: incoming.conversationId, text: `答：${incoming.text}` }];
  }

  async handle(incoming: Incoming): Promise<Reply[]> {
    this.received.put(incoming);
    return this.answer(incoming);
  }

  next(): Promise<Incoming> {
    return this.received.next(5_000, 'the handler to receive a message');
  }
}

/** A few turns of the event loop: lets work already under way (stream events, promise chains) finish. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
