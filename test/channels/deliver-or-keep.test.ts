import { describe, expect, it } from 'vitest';
import { deliverOrKeep } from '../../src/channels/deliver-or-keep.js';
import type { Reply } from '../../src/core/types.js';
import { memoryLogger } from '../memory-logger.js';

/** A platform that takes or fails each send as told, and an outbox that records what it keeps. */
function setup(options: { send?: (reply: Reply) => Promise<void>; waiting?: boolean } = {}) {
  const sent: Reply[] = [];
  const kept: Reply[] = [];
  const channel = {
    name: 'wecom',
    async send(reply: Reply) {
      await options.send?.(reply);
      sent.push(reply);
    },
  };
  const undelivered = {
    async keep(reply: Reply & { channel: string }) {
      kept.push(reply);
    },
    waiting: () => options.waiting ?? false,
  };
  const { log, lines } = memoryLogger();
  const deliver = (text: string) => deliverOrKeep(channel, undelivered, { conversationId: 'zhang', text }, log);
  return { deliver, sent, kept, lines };
}

describe('delivering an answer or keeping it in the outbox', () => {
  it('sends an answer now, addressed to the channel, and keeps nothing', async () => {
    const { deliver, sent, kept } = setup();
    await deliver('答：报到要带身份证');
    expect(sent).toEqual([{ conversationId: 'zhang', text: '答：报到要带身份证', channel: 'wecom' }]);
    expect(kept).toEqual([]);
  });

  it('keeps an answer the platform did not take, and drops one it refused for good', async () => {
    const failing = setup({ send: () => Promise.reject(new Error('busy')) });
    await failing.deliver('一');
    await failing.deliver('二');
    expect(failing.kept.map((r) => [r.text, r.channel])).toEqual([['一', 'wecom'], ['二', 'wecom']]);
    expect(failing.lines.join('')).toContain('answer not taken; kept in the outbox');

    const refused = setup({ send: () => Promise.reject(Object.assign(new Error('user left'), { undeliverable: true })) });
    await refused.deliver('一');
    expect(refused.kept).toEqual([]);
    expect(refused.lines.join('')).toContain('answer refused for good by the platform');
  });

  it('queues an answer behind older ones still waiting in the outbox instead of overtaking them', async () => {
    const { deliver, sent, kept } = setup({ waiting: true });
    await deliver('一');
    await deliver('二');
    expect(sent).toEqual([]);
    expect(kept.map((r) => r.text)).toEqual(['一', '二']);
  });
});
