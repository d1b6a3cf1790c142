import { Writable } from 'node:stream';
import { WecomChannel, type WecomChannelOptions } from '../../src/channels/wecom/wecom-channel.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeHandler, type ChannelDriver, type Outgoing } from '../channels/describe-channel.js';
import { FakeTencent } from '../tencent/fake-tencent.js';
import { makeAesKey, otherXml, sealCallback, textXml } from '../tencent/sealed-callback.js';

export const CORP_ID = 'ww0123456789abcdef';
export const SECRET = 'corp-secret-value-xyz';
export const TOKEN = 'callbackToken42';
export const AGENT_ID = 1000002;

/** A WeCom channel on a fake Tencent, driven by signed, encrypted callbacks built here. */
export interface WecomWorld extends ChannelDriver {
  channel: WecomChannel;
  tencent: FakeTencent;
  aesKey: string;
  /** Every log line the channel wrote, as JSON text. */
  logs: string[];
  /** Posts a callback carrying `inner`; returns WeCom's view of the answer. */
  post(inner: string, tamper?: { corpId?: string; signature?: string }): Promise<Response>;
}

export async function startWecom(overrides: Partial<WecomChannelOptions> = {}): Promise<WecomWorld> {
  const tencent = await FakeTencent.start({ id: CORP_ID, secret: SECRET });
  const handler = new FakeHandler();
  const aesKey = makeAesKey();
  const logs: string[] = [];
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const channel = new WecomChannel({
    corpId: CORP_ID,
    agentId: AGENT_ID,
    secret: SECRET,
    token: TOKEN,
    aesKey,
    apiBase: tencent.url,
    handler,
    log,
    api: { timeoutMs: 300, backoffMs: 20 },
    ...overrides,
  });
  await channel.start();
  const users = { alice: 'zhangsan', bob: 'lisi' } as const;
  let msgId = 1000;

  async function post(inner: string, tamper: { corpId?: string; signature?: string } = {}): Promise<Response> {
    const sealed = sealCallback({ token: TOKEN, aesKey, receiverId: tamper.corpId ?? CORP_ID, inner });
    const query = new URLSearchParams({ ...sealed.query, ...(tamper.signature ? { msg_signature: tamper.signature } : {}) });
    return channel.fetch(new Request(`http://127.0.0.1/wecom/callback?${query}`, { method: 'POST', body: sealed.body }));
  }

  return {
    channel,
    handler,
    tencent,
    aesKey,
    logs,
    post,
    async say(text, options = {}) {
      const from = users[options.userId ?? 'alice'];
      const inner = options.nonText
        ? otherXml({ to: CORP_ID, from, msgType: 'image', msgId: String(++msgId) })
        : textXml({ to: CORP_ID, from, text, msgId: String(++msgId), agentId: AGENT_ID });
      const response = await post(inner);
      if (!response.ok) throw new Error(`callback answered ${response.status}`);
    },
    async nextOutgoing() {
      const sent = await tencent.sent.next(5_000, 'the fake Tencent to receive a message from the bot');
      return { conversationId: sent.to, text: sent.text };
    },
    async drain() {
      return tencent.sent.drain().map((sent): Outgoing => ({ conversationId: sent.to, text: sent.text }));
    },
    conversationFor: (options = {}) => users[options.userId ?? 'alice'],
    async close() {
      await channel.stop();
      await tencent.close();
    },
  };
}
