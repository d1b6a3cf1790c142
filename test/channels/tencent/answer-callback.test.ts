import { describe, expect, it } from 'vitest';
import { CallbackAnswerer } from '../../../src/channels/tencent/answer-callback.js';
import type { CallbackMessage } from '../../../src/channels/tencent/callback-message.js';
import type { Incoming, Reply } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/logging/logger.js';

type Answer = (incoming: Incoming) => Promise<Reply[]> | Reply[];

/** The answerer over a recording message API, an in-memory outbox and a scripted engine. */
function setup(answer: Answer, options: { passiveWaitMs?: number; waiting?: boolean } = {}) {
  const asked: Incoming[] = [];
  const sent: Reply[] = [];
  const kept: Reply[] = [];
  const answerer = new CallbackAnswerer({
    channel: {
      name: 'wecom',
      async send(reply) {
        sent.push(reply);
      },
    },
    handler: {
      async handle(incoming) {
        asked.push(incoming);
        return answer(incoming);
      },
    },
    undelivered: {
      async keep(reply) {
        kept.push(reply);
      },
      waiting: () => options.waiting ?? false,
    },
    log: silentLogger(),
    passiveWaitMs: options.passiveWaitMs ?? 60_000,
  });
  return { answerer, asked, sent, kept };
}

let second = 1_700_000_000;
function text(content: string, from = 'zhang', msgId = String(second)): CallbackMessage {
  return { ToUserName: 'corp', FromUserName: from, CreateTime: second++, MsgType: 'text', Content: content, MsgId: msgId };
}

/** A promise opened from outside: the engine's answer held until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const echo: Answer = (incoming) => [{ conversationId: incoming.conversationId, text: `答：${incoming.text}` }];

describe('answering a Tencent callback', () => {
  it('answers in the callback itself when one reply is ready in time', async () => {
    const { answerer, sent } = setup(echo);
    expect(await answerer.take(text('  报到要带什么？ '))).toBe('答：报到要带什么？');
    expect(sent).toEqual([]);
  });

  it('answers a message Tencent retries only once', async () => {
    const { answerer, asked } = setup(echo);
    const msg = text('工资几号发？', 'li', 'm-42');
    expect(await answerer.take(msg)).toBe('答：工资几号发？');
    expect(await answerer.take({ ...msg })).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it('tells Tencent `success` when the answer is slow, then sends it through the message API', async () => {
    const held = gate();
    const { answerer, sent } = setup(
      async (incoming) => {
        await held.opened;
        return echo(incoming);
      },
      { passiveWaitMs: 5 },
    );
    expect(await answerer.take(text('公积金怎么办？'))).toBeUndefined();
    expect(sent).toEqual([]);
    held.open();
    await answerer.stop();
    expect(sent).toEqual([{ conversationId: 'zhang', text: '答：公积金怎么办？', channel: 'wecom' }]);
  });

  it('sends several replies through the message API, in order', async () => {
    const { answerer, sent } = setup((incoming) => [
      { conversationId: incoming.conversationId, text: '一' },
      { conversationId: incoming.conversationId, text: '二' },
    ]);
    expect(await answerer.take(text('问'))).toBeUndefined();
    await answerer.stop();
    expect(sent.map((r) => r.text)).toEqual(['一', '二']);
  });

  it('does not let a passive reply overtake older messages still waiting in the outbox', async () => {
    const { answerer, sent, kept } = setup(echo, { waiting: true });
    expect(await answerer.take(text('押金多少'))).toBeUndefined();
    await answerer.stop();
    expect(sent).toEqual([]);
    expect(kept.map((r) => r.text)).toEqual(['答：押金多少']);
  });

  it('does not keep the callback waiting when the engine fails, and answers the next message', async () => {
    let fail = true;
    const { answerer } = setup((incoming) => {
      if (fail) {
        fail = false;
        throw new Error('index closed');
      }
      return echo(incoming);
    });
    expect(await answerer.take(text('第一问'))).toBeUndefined();
    expect(await answerer.take(text('第二问'))).toBe('答：第二问');
  });

  it("drops a reply addressed to another channel and answers with this channel's own", async () => {
    const { answerer, sent, kept } = setup((incoming) => [
      { conversationId: 'secretary', channel: 'qq', text: '新问题' },
      { conversationId: incoming.conversationId, channel: 'wecom', text: '已转人事处' },
    ]);
    expect(await answerer.take(text('问'))).toBe('已转人事处');
    await answerer.stop();
    expect([...sent, ...kept]).toEqual([]);
  });

  it("answers one person's messages in order, even when the first is slow", async () => {
    const held = gate();
    const { answerer, sent } = setup(
      async (incoming) => {
        if (incoming.text === '慢') await held.opened;
        return echo(incoming);
      },
      { passiveWaitMs: 5 },
    );
    const first = answerer.take(text('慢'));
    const second = answerer.take(text('快'));
    expect(await Promise.all([first, second])).toEqual([undefined, undefined]);
    held.open();
    await answerer.stop();
    expect(sent.map((r) => r.text)).toEqual(['答：慢', '答：快']);
  });

  it('answers a new follower with the guide and stays silent on other events', async () => {
    const { answerer, asked } = setup(echo);
    const event = (name: string): CallbackMessage => ({ ToUserName: 'corp', FromUserName: 'wang', CreateTime: second++, MsgType: 'event', Event: name });
    expect(await answerer.take(event('unsubscribe'))).toBeUndefined();
    expect(await answerer.take(event('subscribe'))).toBe('答：/help');
    expect(asked.map((i) => i.text)).toEqual(['/help']);
  });

  it('releases every waiting callback on stop and still delivers the answers in hand', async () => {
    const held = gate();
    const { answerer, sent } = setup(async (incoming) => {
      await held.opened;
      return echo(incoming);
    });
    const waiting = answerer.take(text('停机前的问题'));
    const stopped = answerer.stop();
    expect(await waiting).toBeUndefined();
    held.open();
    await stopped;
    expect(sent.map((r) => r.text)).toEqual(['答：停机前的问题']);
  });
});
