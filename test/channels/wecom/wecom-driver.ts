import { Writable } from 'node:stream';
import { decrypt } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { WecomChannel, type WecomChannelOptions } from '../../../src/channels/wecom/wecom-channel.js';
import { createLogger } from '../../../src/logging/logger.js';
import { FakeHandler, Queue } from '../channel-fakes.js';
import type { ChannelDriver, Outgoing } from '../describe-channel.js';
import { memoryOutbox } from '../../escalation/memory-outbox.js';
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
  /** Opens an encrypted passive reply as WeCom does (checking it was sealed for the corp); undefined for `success`. */
  passive(body: string): { to: string; from: string; text: string } | undefined;
}

const xml = new XMLParser({ processEntities: false, parseTagValue: false });

/** A started channel, unless `started` is false: then the test starts it with `world.handler`. */
export async function startWecom({ started = true, ...overrides }: Partial<WecomChannelOptions> & { started?: boolean } = {}): Promise<WecomWorld> {
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
  const outbox = memoryOutbox();
  const channel = new WecomChannel({
    undelivered: outbox.outbox,
    corpId: CORP_ID,
    agentId: AGENT_ID,
    secret: SECRET,
    token: TOKEN,
    aesKey,
    apiBase: tencent.url,
    log,
    api: { timeoutMs: 300, backoffMs: 20 },
    passiveWaitMs: 300,
    ...overrides,
  });
  const out = new Queue<Outgoing>();
  tencent.onSent = (sent) => out.put({ conversationId: sent.to, text: sent.text });
  if (started) await channel.start(handler);
  outbox.outbox.register(channel);
  const users = { alice: 'zhangsan', bob: 'lisi' } as const;
  let msgId = 1000;

  async function post(inner: string, tamper: { corpId?: string; signature?: string } = {}): Promise<Response> {
    const sealed = sealCallback({ token: TOKEN, aesKey, receiverId: tamper.corpId ?? CORP_ID, inner });
    const query = new URLSearchParams({ ...sealed.query, ...(tamper.signature ? { msg_signature: tamper.signature } : {}) });
    return channel.fetch(new Request(`http://127.0.0.1/wecom/callback?${query}`, { method: 'POST', body: sealed.body }));
  }

  function passive(body: string) {
    if (body === 'success') return undefined;
    const envelope = (xml.parse(body) as { xml: { Encrypt: string } }).xml;
    const opened = decrypt(aesKey, envelope.Encrypt);
    if (opened.id !== CORP_ID) throw new Error('passive reply sealed for another corp');
    const reply = (xml.parse(opened.message) as { xml: { ToUserName: string; FromUserName: string; Content: string } }).xml;
    return { to: reply.ToUserName, from: reply.FromUserName, text: reply.Content };
  }

  return {
    channel,
    handler,
    tencent,
    aesKey,
    logs,
    post,
    passive,
    async say(text, options = {}) {
      const from = users[options.userId ?? 'alice'];
      const inner = options.nonText
        ? otherXml({ to: CORP_ID, from, msgType: 'image', msgId: String(++msgId) })
        : textXml({ to: CORP_ID, from, text, msgId: String(++msgId), agentId: AGENT_ID });
      const response = await post(inner);
      if (!response.ok) throw new Error(`callback answered ${response.status}`);
      const reply = passive(await response.text());
      if (reply) out.put({ conversationId: reply.to, text: reply.text });
    },
    nextOutgoing: () => out.next(5_000, 'the person to receive a message from the bot'),
    async drain() {
      return out.drain();
    },
    conversationFor: (options = {}) => users[options.userId ?? 'alice'],
    async close() {
      await channel.stop();
      await outbox.close();
      await tencent.close();
    },
  };
}
