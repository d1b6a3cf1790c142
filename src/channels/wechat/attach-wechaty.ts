import type { Wechaty } from 'wechaty';
import type { MessageHandler, OutboundChannel, UndeliveredReplies } from '../../core/ports.js';
import type { Logger } from '../../logging/logger.js';
import { WechatChannel } from './wechat-channel.js';

/** What attaching a Wechaty needs of the app: its engine, and the outbox (channel registry, replies not taken). */
export interface WechatHost {
  bot: MessageHandler;
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
 * Starts any Wechaty (a real puppet or wechaty-puppet-mock) as the `wechat` channel and
 * registers it for notices and relays at every login: the secretary desk can only send
 * through a logged-in account, and a new login also resends what failed while logged out.
 */
export async function attachWechaty(host: WechatHost, wechaty: Wechaty, log: Logger): Promise<AttachedWechaty> {
  const channel = new WechatChannel({ wechaty, handler: host.bot, undelivered: host.outbox, log });
  const onLogin = () => {
    host.registerChannel(channel).catch((err: unknown) => log.error({ err, module: 'channel.wechat' }, 'relays after login failed'));
  };
  wechaty.on('login', onLogin);
  await channel.start();
  if (wechaty.isLoggedIn) await host.registerChannel(channel);
  return {
    channel,
    async stop() {
      wechaty.off('login', onLogin);
      await channel.stop();
      host.unregisterChannel(channel);
    },
  };
}
