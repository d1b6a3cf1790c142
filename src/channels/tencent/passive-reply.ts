import type { Reply } from '../../core/types.js';
import { splitReply } from '../../core/split-text.js';
import { MAX_TEXT_UNITS } from './callback-message.js';
import { cdata } from './xml.js';

/** A callback waiting for its answer: taken as the passive reply, or left to the message API. */
export interface Waiting {
  state: 'waiting' | 'passive' | 'late';
  settle(text: string | undefined): void;
}

/**
 * Tencent waits five seconds for a callback's answer and retries after that. An answer ready
 * within `waitMs` goes back in the callback's response (the passive reply, 被动回复); a later
 * one, or one of several messages, goes through the message API.
 */
export class PassiveReplies {
  private readonly waiting = new Set<Waiting>();

  constructor(private readonly waitMs: number) {}

  /** A new waiting callback; `resolve` gets the passive reply's text, or undefined once it is too late. */
  open(resolve: (text: string | undefined) => void): Waiting {
    const waiting: Waiting = {
      state: 'waiting',
      settle: (text) => {
        if (waiting.state !== 'waiting') return;
        waiting.state = text === undefined ? 'late' : 'passive';
        clearTimeout(timer);
        this.waiting.delete(waiting);
        resolve(text);
      },
    };
    const timer = setTimeout(() => waiting.settle(undefined), this.waitMs);
    this.waiting.add(waiting);
    return waiting;
  }

  /** Offers the replies as the passive reply; true when they went that way, false when the API must carry them. */
  offer(waiting: Waiting, conversationId: string, replies: Reply[]): boolean {
    const parts = replies.flatMap((reply) => splitReply(reply, MAX_TEXT_UNITS));
    const only = parts.length === 1 && parts[0]!.conversationId === conversationId ? parts[0]!.text : undefined;
    waiting.settle(only);
    return waiting.state === 'passive';
  }

  /** Lets every waiting callback answer `success` now (the channel is stopping). */
  releaseAll(): void {
    for (const waiting of this.waiting) waiting.settle(undefined);
  }
}

/** The passive reply's XML (before sealing), from the account to the person. */
export function passiveReplyXml(to: string, from: string, text: string): string {
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(text)}</Content></xml>`
  );
}
