import { decrypt } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { WechatMpChannel, type WechatMpChannelOptions } from '../../../src/channels/wechat-mp/wechat-mp-channel.js';
import { plainSignature } from '../../../src/channels/tencent/callback-crypto.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { FakeHandler, Queue } from '../channel-fakes.js';
import type { ChannelDriver, Outgoing } from '../describe-channel.js';
import { memoryOutbox } from '../../escalation/memory-outbox.js';
import { FakeTencent } from '../tencent/fake-tencent.js';
import { makeAesKey, otherXml, sealCallback, textXml } from '../tencent/sealed-callback.js';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'mp-secret-value-xyz';
export const TOKEN = 'mpToken42';
export const ACCOUNT = 'gh_0123456789ab';

/** An Official Account channel on a fake Tencent, driven by signed (and in safe mode encrypted) callbacks. */
export interface MpWorld extends ChannelDriver {
  channel: WechatMpChannel;
  tencent: FakeTencent;
  aesKey: string | undefined;
  /** Posts `inner` as WeChat would; `reply` is the passive reply's text, if any. */
  post(inner: string, tamper?: { appId?: string; signature?: string }): Promise<{ status: number; body: string; reply?: string }>;
}

const xml = new XMLParser({ processEntities: false, parseTagValue: false });

/** A started channel, unless `started` is false: then the test starts it with `world.handler`. */
export async function startMp({ started = true, ...options }: { safeMode?: boolean; started?: boolean } & Partial<WechatMpChannelOptions> = {}): Promise<MpWorld> {
  const tencent = await FakeTencent.start({ id: APP_ID, secret: APP_SECRET });
  const handler = new FakeHandler();
  const aesKey = options.safeMode === false ? undefined : makeAesKey();
  const outbox = memoryOutbox();
  const channel = new WechatMpChannel({
    undelivered: outbox.outbox,
    appId: APP_ID,
    appSecret: APP_SECRET,
    token: TOKEN,
    apiBase: tencent.url,
    log: silentLogger(),
    passiveWaitMs: 300,
    api: { timeoutMs: 300, backoffMs: 20 },
    ...(aesKey === undefined ? {} : { aesKey }),
    ...options,
  });
  if (started) await channel.start(handler);
  outbox.outbox.register(channel);
  const out = new Queue<Outgoing>();
  tencent.onSent = (sent) => out.put({ conversationId: sent.to, text: sent.text });
  const users = { alice: 'oAlice0000000000000000000000', bob: 'oBob00000000000000000000000' } as const;
  let msgId = 5000;

  async function post(inner: string, tamper: { appId?: string; signature?: string } = {}) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const query = new URLSearchParams({ signature: tamper.signature ?? plainSignature(TOKEN, timestamp, nonce), timestamp, nonce, openid: 'x' });
    let body = inner;
    if (aesKey !== undefined) {
      const sealed = sealCallback({ token: TOKEN, aesKey, receiverId: tamper.appId ?? APP_ID, inner, timestamp, nonce });
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', sealed.query.msg_signature);
      body = sealed.body;
    }
    const response = await channel.fetch(new Request(`http://127.0.0.1/wechat/mp?${query}`, { method: 'POST', body }));
    const text = await response.text();
    if (response.status !== 200 || text === 'success') return { status: response.status, body: text };
    let replyXml = text;
    if (aesKey !== undefined) {
      const envelope = (xml.parse(text) as { xml: { Encrypt: string } }).xml;
      const opened = decrypt(aesKey, envelope.Encrypt);
      if (opened.id !== APP_ID) throw new Error('passive reply sealed for another app');
      replyXml = opened.message;
    }
    const reply = (xml.parse(replyXml) as { xml: { ToUserName: string; Content: string } }).xml;
    out.put({ conversationId: reply.ToUserName, text: reply.Content });
    return { status: 200, body: text, reply: reply.Content };
  }

  return {
    channel,
    handler,
    tencent,
    aesKey,
    post,
    async say(text, sayOptions = {}) {
      const from = users[sayOptions.userId ?? 'alice'];
      const inner = sayOptions.nonText
        ? otherXml({ to: ACCOUNT, from, msgType: 'voice', msgId: String(++msgId) })
        : textXml({ to: ACCOUNT, from, text, msgId: String(++msgId) });
      const response = await post(inner);
      if (response.status !== 200) throw new Error(`callback answered ${response.status}`);
    },
    nextOutgoing: () => out.next(5_000, 'the person to receive a message from the bot'),
    async drain() {
      return out.drain();
    },
    conversationFor: (o = {}) => users[o.userId ?? 'alice'],
    async close() {
      await channel.stop();
      await outbox.close();
      await tencent.close();
    },
  };
}
