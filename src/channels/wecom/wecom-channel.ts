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
import { CallbackLifecycle } from '../tencent/callback-lifecycle.js';
import { passiveReplyXml } from '../tencent/passive-reply.js';
import { CallbackCrypto, CallbackRejected } from '../tencent/callback-crypto.js';
import { TencentApi, TencentApiError, TencentRecipientUnknown } from '../tencent/tencent-api.js';
import { parseCallbackXml, readCallbackBody } from '../tencent/xml.js';

/** Where WeCom posts the app's callbacks (DESIGN.md's fixed contract). */
export const WECOM_CALLBACK_PATH = '/wecom/callback';

const envelope = z.object({ Encrypt: z.string().min(1), ToUserName: z.string().optional() });

export interface WecomSettings {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
}

/** The channel's settings when WECOM_CORP_ID turns it on; the schema already demanded the rest. */
export function wecomSettings(config: Config['wecom']): WecomSettings | undefined {
  const { corpId, agentId, secret, token, aesKey, apiBase } = config;
  if (corpId === undefined) return undefined;
  if (agentId === undefined || secret === undefined || token === undefined || aesKey === undefined) {
    throw new ConfigError('WECOM_CORP_ID is set: set WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY as well');
  }
  return { corpId, agentId, secret, token, aesKey, apiBase };
}

export interface WecomChannelOptions extends WecomSettings {
  /** The durable outbox (`app.outbox`): keeps late answers the API could not take, and retries them. */
  undelivered: UndeliveredReplies;
  log: Logger;
  /** How long a callback waits for the answer before it says `success` and the API sends it; WeCom gives up at 5 s. */
  passiveWaitMs?: number;
  /** Tuning for tests: API timeouts and retry pauses. */
  api?: { timeoutMs?: number; backoffMs?: number };
}

/**
 * The WeCom self-built app (企业微信自建应用): verified, encrypted callbacks on
 * `/wecom/callback`. An answer ready within `passiveWaitMs` is the encrypted passive reply
 * (WeCom's five-second rule); a later one, or one in several parts, goes out through the app
 * message API. People are `wecom:<userid>`.
 */
export class WecomChannel implements Channel {
  readonly name = 'wecom';
  readonly maxChars = MAX_TEXT_UNITS;
  private readonly crypto: CallbackCrypto;
  private readonly api: TencentApi;
  private readonly log: Logger;
  private readonly refusals: RefusalLog;
  /** Callbacks are answered once `start` gave the engine; sends work until a stop let the answers in hand go out. */
  private readonly lifecycle: CallbackLifecycle;

  constructor(private readonly options: WecomChannelOptions) {
    this.log = options.log.child({ module: 'channel.wecom' });
    this.refusals = new RefusalLog(this.log);
    this.lifecycle = new CallbackLifecycle({ channel: this, undelivered: options.undelivered, log: this.log, passiveWaitMs: options.passiveWaitMs ?? 4_000 });
    this.crypto = new CallbackCrypto(options.token, options.aesKey, options.corpId);
    this.api = new TencentApi({
      baseUrl: options.apiBase,
      tokenPath: `/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`,
      log: this.log,
      ...options.api,
    });
  }

  async start(handler: MessageHandler): Promise<void> {
    if (await this.lifecycle.start(handler)) this.log.info({ agentId: this.options.agentId }, 'started');
  }

  /** Refuses new callbacks, then lets the answers in hand go out. */
  async stop(): Promise<void> {
    if (!(await this.lifecycle.stop())) return;
    this.refusals.flush();
    this.log.info('stopped');
  }

  /** Sends a text to one member through the app message API, in parts that fit. */
  async send(reply: Reply): Promise<void> {
    if (this.lifecycle.isClosed) throw new TencentApiError('the WeCom channel is stopped; the message stays pending');
    for (const part of splitReply(reply, MAX_TEXT_UNITS)) {
      try {
        await this.api.post('/cgi-bin/message/send', {
          touser: part.conversationId,
          msgtype: 'text',
          agentid: this.options.agentId,
          text: { content: part.text },
        });
      } catch (err) {
        if (!(err instanceof TencentRecipientUnknown)) throw err;
        this.log.warn({ conversationId: reply.conversationId }, 'undeliverable: not a member in the app\'s visible range');
        throw new TencentRecipientUnknown(
          `企业微信无法送达：${part.conversationId} 不是本应用可见范围内的成员；请在管理后台把此人加入应用的可见范围。`,
          undefined,
          { cause: err },
        );
      }
    }
    this.log.info({ conversationId: reply.conversationId, chars: reply.text.length }, 'sent');
  }

  /** The `/wecom/callback` endpoint: GET verifies the URL, POST takes a message. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    try {
      if (request.method === 'GET') {
        const echo = z.string().min(1).safeParse(query.echostr);
        if (!echo.success) return new Response('echostr missing', { status: 400 });
        const plain = this.crypto.open(query, echo.data);
        this.log.info('callback URL verified');
        return new Response(plain);
      }
      if (request.method !== 'POST') return new Response('method not allowed', { status: 405 });
      // Not started or stopping: Tencent retries the callback a little later.
      const callbacks = this.lifecycle.taking;
      if (!callbacks) return new Response('not running', { status: 503 });
      const body = await readCallbackBody(request);
      if (body === undefined) return new Response('body too large', { status: 413 });
      const sealed = parseCallbackXml(body, envelope);
      const msg = parseCallbackXml(this.crypto.open(query, sealed.Encrypt), callbackMessage);
      const text = await callbacks.take(msg);
      if (text === undefined || !query.timestamp || !query.nonce) return new Response('success');
      const out = this.crypto.seal(passiveReplyXml(msg.FromUserName, msg.ToUserName, text), query.timestamp, query.nonce);
      return new Response(out, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
    } catch (err) {
      if (!(err instanceof CallbackRejected)) throw err;
      this.refusals.refused(err.message);
      return new Response('forbidden', { status: err.status });
    }
  };
}
