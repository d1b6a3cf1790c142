import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  OneBotActionError,
  OneBotConnection,
  OneBotConnectionClosedError,
  OneBotTimeoutError,
} from '../../../src/channels/qq/onebot-connection.js';
import type { MessageEvent } from '../../../src/channels/qq/onebot-protocol.js';
import { memoryLogger } from '../../memory-logger.js';
import { Inbox, OneBotPeer, text } from './onebot-peer.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bot's side of one connection, over a real WebSocket on loopback, and the framework's side. */
async function connected(options: { mode?: 'reverse' | 'forward'; selfId?: string; actionTimeoutMs?: number } = {}) {
  const { log, lines } = memoryLogger();
  const messages = new Inbox<MessageEvent>();
  const closes = new Inbox<OneBotConnection>();
  const bots = new Inbox<OneBotConnection>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) =>
    bots.put(
      new OneBotConnection(socket, {
        mode: options.mode ?? 'reverse',
        selfId: options.selfId,
        log,
        actionTimeoutMs: options.actionTimeoutMs ?? 5_000,
        onMessage: (event) => messages.put(event),
        onClose: (connection) => closes.put(connection),
      }),
    ),
  );
  const peer = await OneBotPeer.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, { selfId: '10001' });
  const bot = await bots.next();
  cleanups.push(async () => {
    peer.socket.terminate();
    await bot.whenClosed;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { bot, peer, messages, closes, lines };
}

describe('one OneBot connection', () => {
  it("sends an action and resolves to the framework's answer", async () => {
    const { bot, peer } = await connected();
    const sent = bot.sendPrivateMessage('20002', [text('请到人事处报到')]);
    const request = await peer.actions.next();
    expect(request).toMatchObject({ action: 'send_private_msg', params: { user_id: 20002, message: [text('请到人事处报到')] } });
    expect(await sent).toMatchObject({ message_id: expect.any(Number) });
  });

  it('matches answers to their actions by echo, whatever order they come in', async () => {
    const { bot, peer } = await connected();
    peer.respond = false;
    const first = bot.call('get_status', { n: 1 });
    const second = bot.call('get_status', { n: 2 });
    const [a, b] = [await peer.actions.next(), await peer.actions.next()];
    peer.sendRaw(JSON.stringify({ status: 'ok', retcode: 0, data: 'two', echo: b.echo }));
    peer.sendRaw(JSON.stringify({ status: 'ok', retcode: 0, data: 'one', echo: a.echo }));
    expect(await Promise.all([first, second])).toEqual(['one', 'two']);
  });

  it('rejects an action the framework refuses, with its retcode and wording', async () => {
    const { bot, peer } = await connected();
    peer.respond = false;
    const sent = bot.sendGroupMessage('30003', [text('你好')]);
    const request = await peer.actions.next();
    expect(request.params).toMatchObject({ group_id: 30003 });
    peer.sendRaw(JSON.stringify({ status: 'failed', retcode: 1200, wording: '不是群成员', echo: request.echo }));
    const error = await sent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneBotActionError);
    expect(error).toMatchObject({ action: 'send_group_msg', retcode: 1200 });
    expect((error as Error).message).toContain('不是群成员');
  });

  it('gives up an action the framework never answers, and ignores its answer when it comes late', async () => {
    const { bot, peer, messages, lines } = await connected({ actionTimeoutMs: 30 });
    peer.respond = false;
    const sent = bot.call('send_private_msg', {});
    const request = await peer.actions.next();
    await expect(sent).rejects.toBeInstanceOf(OneBotTimeoutError);
    peer.sendRaw(JSON.stringify({ status: 'ok', retcode: 0, echo: request.echo }));
    // Frames are read in order: once the next message is in, the late answer was read before it.
    peer.privateMessage(20002, [text('还在吗')]);
    await messages.next();
    expect(lines.some((l) => l.includes('response without a pending action'))).toBe(true);
    expect(bot.isOpen).toBe(true);
  });

  it('passes messages on, and learns its own QQ number from the first event on a forward connection', async () => {
    const { bot, peer, messages } = await connected({ mode: 'forward' });
    expect(bot.selfId).toBeUndefined();
    peer.privateMessage(20002, [text('社保什么时候交')]);
    const event = await messages.next();
    expect(event).toMatchObject({ message_type: 'private', user_id: '20002' });
    expect(bot.selfId).toBe('10001');
  });

  it('shrugs off garbage and frames it does not know, and keeps serving', async () => {
    const { bot, peer, messages, lines } = await connected({ selfId: '10001' });
    peer.sendRaw('not json {');
    peer.sendRaw(JSON.stringify({ post_type: 'message', message_type: 'private' }));
    peer.sendRaw(JSON.stringify({ post_type: 'notice', notice_type: 'friend_add' }));
    peer.sendRaw('x'.repeat(100_000));
    peer.privateMessage(20002, [text('在吗')]);
    expect(await messages.next()).toMatchObject({ user_id: '20002' });
    expect(messages.all).toHaveLength(1);
    expect(lines.filter((l) => l.includes('invalid frame ignored')).length).toBeGreaterThan(0);
    expect(bot.isOpen).toBe(true);
  });

  it('fails the actions in flight when the connection drops, and refuses new ones at once', async () => {
    const { bot, peer, closes } = await connected();
    peer.respond = false;
    const sent = bot.call('send_private_msg', {});
    await peer.actions.next();
    await peer.drop();
    await expect(sent).rejects.toBeInstanceOf(OneBotConnectionClosedError);
    expect(await closes.next()).toBe(bot);
    await bot.whenClosed;
    expect(bot.isOpen).toBe(false);
    await expect(bot.call('send_private_msg', {})).rejects.toBeInstanceOf(OneBotConnectionClosedError);
  });

  it('drops a connection whose heartbeats stop, as a half-open socket', async () => {
    const { bot, peer, closes, lines } = await connected();
    peer.emit({ post_type: 'meta_event', meta_event_type: 'heartbeat', interval: 10, status: {} });
    expect(await closes.next()).toBe(bot);
    expect(lines.some((l) => l.includes('heartbeats stopped'))).toBe(true);
    await peer.closed;
  });

  it('closes with the code it is given', async () => {
    const { bot, peer } = await connected();
    const code = new Promise<number>((resolve) => peer.socket.once('close', (c) => resolve(c)));
    bot.close(4000, 'stopping');
    expect(await code).toBe(4000);
    await bot.whenClosed;
  });
});
