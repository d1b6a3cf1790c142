import { describe, expect, it } from 'vitest';
import type { OutboundChannel } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/types.js';
import { DeliveryError, Outbox, parseAddress } from '../../src/escalation/outbox.js';
import { silentLogger } from '../../src/logging/logger.js';

class Recording implements OutboundChannel {
  readonly sent: Reply[] = [];
  constructor(readonly name: string, private readonly failing = false) {}
  async send(reply: Reply): Promise<void> {
    if (this.failing) throw new Error('platform down');
    this.sent.push(reply);
  }
}

describe('the outbox', () => {
  it('splits a relay to the channel limit and names its ticket on every part', async () => {
    const outbox = new Outbox({ log: silentLogger(), limitFor: () => 4 });
    const web = new Recording('web');
    outbox.register(web);
    await outbox.send({ channel: 'web', conversationId: 'v1' }, '第一句。第二句。', { ticketId: 'K7Q2M' });
    expect(web.sent).toEqual([
      { channel: 'web', conversationId: 'v1', text: '第一句。', ticketId: 'K7Q2M', mentionUserId: undefined },
      { channel: 'web', conversationId: 'v1', text: '第二句。', ticketId: 'K7Q2M', mentionUserId: undefined },
    ]);
  });

  it('refuses a channel that is not registered or failing, and counts a broadcast', async () => {
    const outbox = new Outbox({ log: silentLogger(), limitFor: () => 100 });
    const qq = new Recording('qq');
    outbox.register(qq);
    outbox.register(new Recording('wechat', true));
    await expect(outbox.send({ channel: 'web', conversationId: 'v1' }, 'x')).rejects.toBeInstanceOf(DeliveryError);
    await expect(outbox.send({ channel: 'wechat', conversationId: 'w' }, 'x')).rejects.toThrow(/could not send/);
    expect(await outbox.broadcast([parseAddress('qq:1'), parseAddress('wechat:w')], '通知')).toBe(1);
    outbox.unregister(qq);
    await expect(outbox.send({ channel: 'qq', conversationId: '1' }, 'x')).rejects.toThrow(/no channel "qq"/);
  });
});
