import { describe, expect, it } from 'vitest';
import { CallbackLifecycle } from '../../../src/channels/tencent/callback-lifecycle.js';
import type { MessageHandler } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/logging/logger.js';

/** A lifecycle over a channel that records what it sends, and an engine whose answer the test releases. */
function setup() {
  const sent: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inHand = new Promise<void>((resolve) => (entered = resolve));
  const slow: MessageHandler = {
    async handle(incoming) {
      entered();
      await released;
      return [{ conversationId: incoming.conversationId, text: `答：${incoming.text}` }];
    },
  };
  const lifecycle = new CallbackLifecycle({
    channel: {
      name: 'wecom',
      async send(reply) {
        if (lifecycle.isClosed) throw new Error('stopped');
        sent.push(reply.text);
      },
    },
    undelivered: { keep: async () => undefined, waiting: () => false },
    log: silentLogger(),
    // The answer is late for the callback, so it goes out through the message API.
    passiveWaitMs: 0,
  });
  return { lifecycle, slow, release, inHand, sent };
}

const message = (content: string) => ({ ToUserName: 'corp', FromUserName: 'zhang', CreateTime: 1_700_000_000, MsgType: 'text', Content: content, MsgId: content });

describe('the running state of a Tencent callback channel', () => {
  it('takes callbacks only between start and stop, and sends until the answers in hand went out', async () => {
    const { lifecycle, slow, release, inHand, sent } = setup();
    expect(lifecycle.taking).toBeUndefined();
    expect(lifecycle.isClosed).toBe(true);
    expect(await lifecycle.start(slow)).toBe(true);
    expect(await lifecycle.start(slow)).toBe(false);
    void lifecycle.taking!.take(message('报到要带什么材料？'));
    await inHand;
    const stopping = lifecycle.stop();
    expect(lifecycle.taking).toBeUndefined();
    expect(lifecycle.isClosed).toBe(false);
    release();
    expect(await stopping).toBe(true);
    expect(sent).toEqual(['答：报到要带什么材料？']);
    expect(lifecycle.isClosed).toBe(true);
    expect(await lifecycle.stop()).toBe(false);
  });

  it('a start while a stop lets an answer out waits for it, and leaves the channel open for sending', async () => {
    const { lifecycle, slow, release, inHand, sent } = setup();
    await lifecycle.start(slow);
    void lifecycle.taking!.take(message('周转公寓怎么申请？'));
    await inHand;
    const stopping = lifecycle.stop();
    const starting = lifecycle.start(slow);
    release();
    await Promise.all([stopping, starting]);
    expect(sent).toEqual(['答：周转公寓怎么申请？']);
    expect(lifecycle.isClosed).toBe(false);
    expect(lifecycle.taking).toBeDefined();
  });
});
