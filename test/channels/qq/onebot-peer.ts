import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { Incoming, Reply } from '../../../src/core/types.js';
import type { MessageHandler } from '../../../src/core/ports.js';
import { QqChannel, type QqChannelOptions } from '../../../src/channels/qq/qq-channel.js';
import { ONEBOT_REVERSE_PATH } from '../../../src/channels/qq/onebot-protocol.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { memoryLogger } from '../../memory-logger.js';
import { memoryOutbox, type MemoryOutbox } from '../../escalation/memory-outbox.js';

/** An action the bot sent, as the framework receives it. */
export interface ActionRequest {
  action: string;
  params: Record<string, unknown>;
  echo: string;
}

export interface ConnectOptions {
  selfId?: string;
  token?: string;
  /** How the token travels: NapCat's header, or the query string some frameworks use. */
  tokenVia?: 'header' | 'query';
  role?: string;
}

/** How long a test waits for a frame or a message before it fails with a message instead of the test timeout. */
const WAIT_MS = 20_000;

/** `promise`, or a rejection saying `why` after `ms`; `Infinity` waits for ever (a pump, not a test's wait). */
function deadline<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
  if (ms === Number.POSITIVE_INFINITY) return promise;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why())), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Values promised in order and taken in order, whichever comes first (`next`), or picked by
 * what they are (`find`) when several parties are written to at once.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly takers: Array<(item: T) => void> = [];
  private readonly found = new Set<T>();
  private readonly finders: Array<{ matches(item: T): boolean; resolve(item: T): void }> = [];
  readonly all: T[] = [];

  put(item: T): void {
    this.all.push(item);
    const finder = this.finders.findIndex((f) => f.matches(item));
    if (finder >= 0) {
      this.found.add(item);
      this.finders.splice(finder, 1)[0]!.resolve(item);
    }
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
  }

  /** The next item; rejects, naming what was awaited, when none comes within `withinMs`. */
  next(withinMs = WAIT_MS): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    let taker: (item: T) => void = () => {};
    const taken = new Promise<T>((resolve) => (taker = resolve));
    this.takers.push(taker);
    return deadline(taken, withinMs, () => {
      this.takers.splice(this.takers.indexOf(taker), 1);
      return `nothing arrived within ${withinMs} ms (${this.all.length} before)`;
    });
  }

  /** The first item, arrived or to come, that matches and was not found before. */
  find(matches: (item: T) => boolean, withinMs = WAIT_MS): Promise<T> {
    const item = this.all.find((i) => !this.found.has(i) && matches(i));
    if (item !== undefined) {
      this.found.add(item);
      return Promise.resolve(item);
    }
    const finder = { matches, resolve: (_: T) => {} };
    const found = new Promise<T>((resolve) => (finder.resolve = resolve));
    this.finders.push(finder);
    return deadline(found, withinMs, () => {
      this.finders.splice(this.finders.indexOf(finder), 1);
      return `no matching item within ${withinMs} ms (${this.all.length} others arrived)`;
    });
  }
}

let nextMessageId = 1000;

/** The HTTP status the reverse endpoint answers a framework's connection with; 101 when it took it. */
export function refusal(url: string, options: ConnectOptions): Promise<number | undefined> {
  return OneBotPeer.connect(url, options).then(
    async (p) => {
      await p.close();
      return 101;
    },
    (error: { statusCode?: number }) => error.statusCode,
  );
}

/**
 * The QQ framework's side of OneBot v11 (what NapCat does): it sends real events over one
 * Universal socket and answers the bot's actions with `{ status, retcode, data, echo }`.
 */
export class OneBotPeer {
  readonly actions = new Inbox<ActionRequest>();
  /** When false the peer swallows actions, as a framework that hangs. */
  respond = true;
  readonly closed: Promise<void>;

  constructor(
    readonly socket: WebSocket,
    readonly selfId = '10001',
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    // A reset after a drop is part of what the tests do, not a failure.
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString()) as ActionRequest;
      this.actions.put(request);
      if (!this.respond) return;
      socket.send(JSON.stringify({ status: 'ok', retcode: 0, data: { message_id: nextMessageId++ }, echo: request.echo }));
    });
  }

  /** Dials the bot's reverse endpoint with the headers NapCat sends. */
  static connect(url: string, options: ConnectOptions = {}): Promise<OneBotPeer> {
    const selfId = options.selfId ?? '10001';
    const headers: Record<string, string> = {
      'User-Agent': 'OneBot/11',
      'X-Self-ID': selfId,
      'X-Client-Role': options.role ?? 'Universal',
    };
    let target = url;
    if (options.token !== undefined) {
      if (options.tokenVia === 'query') target = `${url}?access_token=${encodeURIComponent(options.token)}`;
      else headers.Authorization = `Bearer ${options.token}`;
    }
    const socket = new WebSocket(target, { headers });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        socket.terminate();
        reject(Object.assign(new Error(`refused with HTTP ${res.statusCode}`), { statusCode: res.statusCode }));
      });
      socket.once('error', reject);
      socket.once('open', () => {
        const peer = new OneBotPeer(socket, selfId);
        peer.emit({ post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect' });
        resolve(peer);
      });
    });
  }

  emit(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ time: Math.floor(Date.now() / 1000), self_id: Number(this.selfId), ...event }));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** A friend's private message, as NapCat reports it. */
  privateMessage(userId: number, message: unknown[], nickname = '新同事'): number {
    const messageId = nextMessageId++;
    this.emit({
      post_type: 'message',
      message_type: 'private',
      sub_type: 'friend',
      message_id: messageId,
      user_id: userId,
      message,
      message_format: 'array',
      raw_message: '',
      font: 14,
      sender: { user_id: userId, nickname, card: '' },
    });
    return messageId;
  }

  groupMessage(groupId: number, userId: number, message: unknown[], sender = { nickname: '小号', card: '' }): number {
    const messageId = nextMessageId++;
    this.emit({
      post_type: 'message',
      message_type: 'group',
      sub_type: 'normal',
      message_id: messageId,
      group_id: groupId,
      user_id: userId,
      message,
      message_format: 'array',
      raw_message: '',
      font: 14,
      sender: { user_id: userId, role: 'member', ...sender },
    });
    return messageId;
  }

  async close(): Promise<void> {
    this.socket.close(1000);
    await this.closed;
  }

  /** The network goes away without a closing handshake. */
  async drop(): Promise<void> {
    this.socket.terminate();
    await this.closed;
  }
}

export const text = (value: string) => ({ type: 'text', data: { text: value } });
export const at = (qq: string) => ({ type: 'at', data: { qq } });

/**
 * A stand-in for the conversation engine: records what it gets, answers `答：<text>`, and
 * like the engine stays quiet in groups unless the bot is mentioned.
 */
export class EchoHandler implements MessageHandler {
  readonly received = new Inbox<Incoming>();
  /** While set, answers wait for it; lets a test drop the connection mid-answer. */
  gate: Promise<void> | undefined;

  async handle(incoming: Incoming): Promise<Reply[]> {
    this.received.put(incoming);
    if (incoming.isGroup && !incoming.mentionsBot) return [];
    if (this.gate) await this.gate;
    return [{ conversationId: incoming.conversationId, text: `答：${incoming.text}` }];
  }
}

export interface Harness {
  channel: QqChannel;
  /** The durable outbox the channel hands undelivered answers to (in memory here). */
  outbox: MemoryOutbox;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The `onebot` settings as the bot runs with no configuration. */
export const ONEBOT_DEFAULTS = loadConfig({ env: {} }).onebot;

/**
 * A QQ channel whose reverse endpoint is mounted on a plain HTTP server on loopback, started
 * with `handler` (unless `start` is false: then the test starts it).
 */
export async function startChannel({ handler, start = true, ...options }: Partial<QqChannelOptions> & { handler: MessageHandler; start?: boolean }): Promise<Harness> {
  const outbox = memoryOutbox();
  const channel = new QqChannel({ ...ONEBOT_DEFAULTS, log: memoryLogger().log, accessToken: 'test-token', undelivered: outbox.outbox, ...options });
  if (options.undelivered === undefined) outbox.outbox.register(channel);
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', channel.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (start) await channel.start(handler);
  const { port } = server.address() as AddressInfo;
  return {
    channel,
    outbox,
    server,
    url: `ws://127.0.0.1:${port}${ONEBOT_REVERSE_PATH}`,
    async close() {
      await channel.stop();
      await outbox.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
