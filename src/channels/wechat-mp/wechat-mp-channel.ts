import { z } from 'zod';
import { callbackMessage, MAX_TEXT_UNITS } from '../tencent/callback-message.js';
import type { Config } from '../../config/schema.js';
import { ConfigError } from '../../core/errors.js';
import type { MessageHandler, UndeliveredReplies } from '../../core/ports.js';
import type { Reply } from '../../core/types.js';
import { splitReply } from '../../core/split-text.js';
import type { Logger } from '../../logging/logger.js';
import { RefusalLog } from '../tencent/refusal-log.js';
import type { Channel } from '../channel.js';
import { CallbackCrypto, CallbackRejected, checkPlainSignature } from '../tencent/callback-crypto.js';
import { TencentApi, TencentApiError, TencentUndeliverable } from '../tencent/tencent-api.js';
import { CallbackLifecycle } from '../tencent/callback-lifecycle.js';
import { passiveReplyXml } from '../tencent/passive-reply.js';
import { parseCallbackXml, readCallbackBody } from '../tencent/xml.js';

/** Where the Official Account posts its callbacks (DESIGN.md's fixed contract). */
export const WECHAT_MP_PATH = '/wechat/mp';

const envelope = z.object({ Encrypt: z.string().min(1) });

export interface WechatMpSettings {
  appId: string;
  appSecret: string;
  token: string;
  /** Absent: plaintext mode (明文模式) only. */
  aesKey?: string;
  apiBase: string;
}

/** The channel's settings when WECHAT_MP_APP_ID turns it on; the schema already demanded the rest. */
export function wechatMpSettings(config: Config['wechatMp']): WechatMpSettings | undefined {
  const { appId, appSecret, token, aesKey, apiBase } = config;
  if (appId === undefined) return undefined;
  if (appSecret === undefined || token === undefined) {
    throw new ConfigError('WECHAT_MP_APP_ID is set: set WECHAT_MP_APP_SECRET and WECHAT_MP_TOKEN as well');
  }
  return { appId, appSecret, token, apiBase, ...(aesKey === undefined ? {} : { aesKey }) };
}

export interface WechatMpChannelOptions extends WechatMpSettings {
  /** The durable outbox (`app.outbox`): keeps late answers the API could not take, and retries them. */
  undelivered: UndeliveredReplies;
  log: Logger;
  /** How long a callback waits for the answer before it says `success` and the API sends it; WeChat gives up at 5 s. */
  passiveWaitMs?: number;
  api?: { timeoutMs?: number; backoffMs?: number };
}

/**
 * The Official Account (公众号): signed callbacks on `/wechat/mp`, plaintext or safe mode
 * (安全模式). An answer ready within `passiveWaitMs` is the passive reply; a later one, or one
 * in several parts, goes out through the customer-service API. People are `wechat-mp:<openid>`.
 */
export class WechatMpChannel implements Channel {
  readonly name = 'wechat-mp';
  readonly maxChars = MAX_TEXT_UNITS;
  private readonly crypto: CallbackCrypto | undefined;
  private readonly api: TencentApi;
  private readonly log: Logger;
  private readonly refusals: RefusalLog;
  /** Callbacks are answered once `start` gave the engine; sends work until a stop let the answers in hand go out. */
  private readonly lifecycle: CallbackLifecycle;

  constructor(private readonly options: WechatMpChannelOptions) {
    this.log = options.log.child({ module: 'channel.wechat-mp' });
    this.refusals = new RefusalLog(this.log);
    this.lifecycle = new CallbackLifecycle({ channel: this, undelivered: options.undelivered, log: this.log, passiveWaitMs: options.passiveWaitMs ?? 4_000 });
    this.crypto = options.aesKey === undefined ? undefined : new CallbackCrypto(options.token, options.aesKey, options.appId);
    this.api = new TencentApi({
      baseUrl: options.apiBase,
      tokenPath: `/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.appSecret)}`,
      log: this.log,
      ...options.api,
    });
  }

  async start(handler: MessageHandler): Promise<void> {
    if (await this.lifecycle.start(handler)) this.log.info({ safeMode: this.crypto !== undefined }, 'started');
  }

  /** Refuses new callbacks; answers still being worked out go out through the API before it resolves. */
  async stop(): Promise<void> {
    if (!(await this.lifecycle.stop())) return;
    this.refusals.flush();
    this.log.info('stopped');
  }

  /** Sends through the customer-service API, in parts that fit; past the 48-hour window it rejects as undeliverable. */
  async send(reply: Reply): Promise<void> {
    if (this.lifecycle.isClosed) throw new TencentApiError('the Official Account channel is stopped; the message stays pending');
    for (const part of splitReply(reply, MAX_TEXT_UNITS)) {
      try {
        await this.api.post('/cgi-bin/message/custom/send', { touser: part.conversationId, msgtype: 'text', text: { content: part.text } });
      } catch (err) {
        if (!(err instanceof TencentUndeliverable)) throw err;
        this.log.warn({ conversationId: reply.conversationId, errcode: err.errcode }, 'undeliverable: outside the 48-hour window');
        throw new TencentUndeliverable(
          '公众号无法送达：对方超过 48 小时没有给公众号发消息，微信不允许再主动发送（45015）；请等对方再次留言，或改用电话等方式联系。',
          err.errcode,
          { cause: err },
        );
      }
    }
    this.log.info({ conversationId: reply.conversationId, chars: reply.text.length }, 'sent');
  }

  /** The `/wechat/mp` endpoint: GET verifies the server URL, POST takes a message. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    try {
      checkPlainSignature(this.options.token, query);
      if (request.method === 'GET') {
        this.log.info('server URL verified');
        return new Response(query.echostr ?? '');
      }
      if (request.method !== 'POST') return new Response('method not allowed', { status: 405 });
      // Not started or stopping: Tencent retries the callback a little later.
      const callbacks = this.lifecycle.taking;
      if (!callbacks) return new Response('not running', { status: 503 });
      const body = await readCallbackBody(request);
      if (body === undefined) return new Response('body too large', { status: 413 });
      const sealed = query.encrypt_type === 'aes';
      if (sealed && !this.crypto) throw new CallbackRejected('safe mode message but WECHAT_MP_AES_KEY is not set', 403);
      const inner = sealed ? this.crypto!.open(query, parseCallbackXml(body, envelope).Encrypt) : body;
      const msg = parseCallbackXml(inner, callbackMessage);
      const text = await callbacks.take(msg);
      if (text === undefined) return new Response('success');
      const xml = passiveReplyXml(msg.FromUserName, msg.ToUserName, text);
      const out = sealed ? this.crypto!.seal(xml, query.timestamp!, query.nonce!) : xml;
      return new Response(out, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
    } catch (err) {
      if (!(err instanceof CallbackRejected)) throw err;
      this.refusals.refused(err.message);
      return new Response('forbidden', { status: err.status });
    }
  };
}
