import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from '../channel-fakes.js';

/** One message a bot sent through the fake: the app message API or the customer-service API. */
export interface SentMessage {
  api: 'wecom' | 'custom';
  to: string;
  text: string;
  agentId?: number;
}

/** What the next call to a send endpoint meets instead of success. */
export type Failure = 'http500' | 'timeout' | { errcode: number };

/**
 * Tencent's API as the channels use it, on 127.0.0.1: the token endpoints of WeCom and the
 * Official Account and the two send endpoints. It checks the credentials and the token,
 * records what was sent, and fails on demand.
 */
export class FakeTencent {
  readonly sent = new Queue<SentMessage>();
  /** Markdown posted to the group robot webhook (`/cgi-bin/webhook/send?key=…`). */
  readonly robot = new Queue<string>();
  /** The robot's key; a post with another one gets 93000. */
  robotKey = 'robot-key';
  /** Also told of every message sent, for drivers that merge them with passive replies. */
  onSent: ((message: SentMessage) => void) | undefined;
  /** Token requests seen, to check the cache. */
  tokenRequests = 0;
  private readonly failures: Failure[] = [];
  private valid = new Set<string>();
  private serial = 0;
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;
  url = '';

  /** WeCom userids outside the app's visible range: WeCom answers errcode 0 and names them in `invaliduser`. */
  readonly unreachable = new Set<string>();

  constructor(
    private readonly credentials: { id: string; secret: string },
    /** Lifetime of a token, in seconds. */
    private readonly expiresIn = 7200,
  ) {}

  static async start(credentials: { id: string; secret: string }): Promise<FakeTencent> {
    const fake = new FakeTencent(credentials);
    fake.server = createServer((req, res) => void fake.route(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The next send calls fail this way, one failure each, in order. */
  fail(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** Every token handed out so far stops working (Tencent answers 42001). */
  expireTokens(): void {
    this.valid = new Set();
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async robotPost(req: IncomingMessage, url: URL, json: (body: unknown, status?: number) => void): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (url.searchParams.get('key') !== this.robotKey) return json({ errcode: 93000, errmsg: 'invalid webhook url' });
    const failure = this.failures.shift();
    if (failure === 'http500') return json({}, 500);
    if (failure && failure !== 'timeout') return json({ errcode: failure.errcode, errmsg: `failed on demand ${failure.errcode}` });
    const body = JSON.parse(raw) as { msgtype: string; markdown?: { content: string } };
    if (body.msgtype !== 'markdown' || !body.markdown) return json({ errcode: 40008, errmsg: 'invalid message type' });
    if (Buffer.byteLength(body.markdown.content) > 4096) return json({ errcode: 40058, errmsg: 'content exceed max length' });
    this.robot.put(body.markdown.content);
    return json({ errcode: 0, errmsg: 'ok' });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (body: unknown, status = 200): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && (url.pathname === '/cgi-bin/gettoken' || url.pathname === '/cgi-bin/token')) {
      this.tokenRequests++;
      const id = url.searchParams.get('corpid') ?? url.searchParams.get('appid');
      const secret = url.searchParams.get('corpsecret') ?? url.searchParams.get('secret');
      if (id !== this.credentials.id || secret !== this.credentials.secret) return json({ errcode: 40013, errmsg: 'invalid appid' });
      const token = `token-${++this.serial}`;
      this.valid.add(token);
      return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: this.expiresIn });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') return this.robotPost(req, url, json);
    const api = url.pathname === '/cgi-bin/message/send' ? 'wecom' : url.pathname === '/cgi-bin/message/custom/send' ? 'custom' : undefined;
    if (req.method !== 'POST' || !api) return json({ errcode: 404, errmsg: 'no such api' }, 404);
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (!this.valid.has(url.searchParams.get('access_token') ?? '')) return json({ errcode: 42001, errmsg: 'access_token expired' });
    const failure = this.failures.shift();
    if (failure === 'http500') return json({}, 500);
    if (failure === 'timeout') {
      this.hanging.add(res);
      return;
    }
    if (failure) return json({ errcode: failure.errcode, errmsg: `failed on demand ${failure.errcode}` });
    const body = JSON.parse(raw) as { touser: string; agentid?: number; text: { content: string } };
    if (api === 'wecom' && this.unreachable.has(body.touser)) return json({ errcode: 0, errmsg: 'ok', invaliduser: body.touser });
    if (Buffer.byteLength(body.text.content) > 2048) return json({ errcode: 44004, errmsg: 'content size out of limit' });
    const message: SentMessage = { api, to: body.touser, text: body.text.content, ...(body.agentid === undefined ? {} : { agentId: body.agentid }) };
    this.sent.put(message);
    this.onSent?.(message);
    return json({ errcode: 0, errmsg: 'ok' });
  }
}
