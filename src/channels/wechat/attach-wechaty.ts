import type { Wechaty } from 'wechaty';
import type { OutboundChannel, UndeliveredReplies } from '../../core/ports.js';
import type { Logger } from '../../logging/logger.js';
import type { Channel } from '../channel.js';
import { WechatChannel } from './wechat-channel.js';

/** What attaching a Wechaty needs of the app: its way to wire a channel, and the outbox (channel registry, replies not taken). */
export interface WechatHost {
  /** Starts the channel with the engine and registers it (`app.connect`). */
  connect(channel: Channel): Promise<void>;
  /** Keeps the replies WeChat did not take, to deliver them once it does. */
  outbox: UndeliveredReplies;
  registerChannel(channel: OutboundChannel): Promise<void>;
  unregisterChannel(channel: OutboundChannel): void;
}

/** A Wechaty serving as the `wechat` channel; `stop()` lets the messages in hand be answered first. */
export interface AttachedWechaty {
  channel: WechatChannel;
  stop(): Promise<void>;
}

/**
 * Starts any Wechaty (a real puppet or wechaty-puppet-mock) as the `wechat` channel, connected
 * like every channel, and registers it again at every login: the outbox holds notices and
 * relays while the account is logged out, and a new login sends what waited at once.
 */
export async function attachWechaty(host: WechatHost, wechaty: Wechaty, log: Logger): Promise<AttachedWechaty> {
  const channel = new WechatChannel({ wechaty, undelivered: host.outbox, log });
  const onLogin = () => {
    host.registerChannel(channel).catch((err: unknown) => log.error({ err, module: 'channel.wechat' }, 'relays after login failed'));
  };
  wechaty.on('login', onLogin);
  await host.connect(channel);
  return {
    channel,
    async stop() {
      wechaty.off('login', onLogin);
      await channel.stop();
      host.unregisterChannel(channel);
    },
  };
}
