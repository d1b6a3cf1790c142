import { afterEach, describe, expect, it } from 'vitest';
import { attachWechaty, type WechatHost } from '../../../src/channels/wechat/attach-wechaty.js';
import type { Channel } from '../../../src/channels/channel.js';
import type { OutboundChannel } from '../../../src/core/ports.js';
import type { Incoming, Reply } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { MockWeChat } from './mock-wechat.js';

/** An app as the WeChat wiring sees it: `connect` with an echoing engine, and a registry of outbound channels. */
class FakeHost implements WechatHost {
  readonly registered: string[] = [];
  readonly unregistered: string[] = [];
  readonly bot = {
    handle: async (incoming: Incoming): Promise<Reply[]> => [{ conversationId: incoming.conversationId, text: `re:${incoming.text}` }],
  };
  readonly kept: string[] = [];
  readonly outbox = {
    keep: async (reply: Reply & { channel: string }): Promise<void> => void this.kept.push(reply.text),
    waiting: (): boolean => false,
  };
  async connect(channel: Channel): Promise<void> {
    await channel.start(this.bot);
    await this.registerChannel(channel);
  }
  async registerChannel(channel: OutboundChannel): Promise<void> {
    this.registered.push(channel.name);
  }
  unregisterChannel(channel: OutboundChannel): void {
    this.unregistered.push(channel.name);
  }
}

describe('attaching a Wechaty as the wechat channel', () => {
  let world: MockWeChat;
  afterEach(async () => world?.stop());

  it('connects the channel to the host engine, registers it again at every login and unregisters it on stop', async () => {
    world = new MockWeChat();
    const host = new FakeHost();
    const attached = await attachWechaty(host, world.wechaty, silentLogger());
    // Registered while logged out: the outbox holds what waits for WeChat until it is connected.
    expect(host.registered).toEqual(['wechat']);
    expect(attached.channel.isConnected()).toBe(false);

    await world.login();
    await expect.poll(() => host.registered).toEqual(['wechat', 'wechat']);
    const alice = world.person('wxid_alice', '张老师');
    expect(await alice.says('报到要带什么')).toEqual(['re:报到要带什么']);

    await attached.stop();
    expect(host.unregistered).toEqual(['wechat']);
  });
});
