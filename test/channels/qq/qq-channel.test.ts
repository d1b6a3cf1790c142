import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { QqChannel } from '../../../src/channels/qq/qq-channel.js';
import { memoryOutbox } from '../../escalation/memory-outbox.js';
import { memoryLogger } from '../../memory-logger.js';
import { EchoHandler, Inbox, ONEBOT_DEFAULTS, OneBotPeer, at, refusal, startChannel, text, type Harness } from './onebot-peer.js';

const TOKEN = 'test-token';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: Parameters<typeof startChannel>[0]): Promise<Harness> {
  const h = await startChannel(options);
  cleanups.push(() => h.close());
  return h;
}

async function peer(url: string, options: Parameters<typeof OneBotPeer.connect>[1] = { token: TOKEN }): Promise<OneBotPeer> {
  const p = await OneBotPeer.connect(url, options);
  cleanups.push(() => p.close());
  return p;
}

describe('QQ channel over a reverse WebSocket', () => {
  it('answers a private message through send_private_msg', async () => {
    const handler = new EchoHandler();
    const { url } = await harness({ handler });
    const framework = await peer(url);

    const messageId = framework.privateMessage(20002, [text('报到要带什么材料？ ')], '小王');

    const incoming = await handler.received.next();
    expect(incoming).toMatchObject({
      channel: 'qq',
      conversationId: 'private:20002',
      userId: '20002',
      userName: '小王',
      text: '报到要带什么材料？',
      isGroup: false,
      messageId: String(messageId),
      kind: 'text',
    });
    const action = await framework.actions.next();
    expect(action.action).toBe('send_private_msg');
    expect(action.params).toEqual({ user_id: 20002, message: [{ type: 'text', data: { text: '答：报到要带什么材料？' } }] });
    expect(typeof action.echo).toBe('string');
  });

  it('tells the bot which group messages at it and answers those, naming the asker', async () => {
    const handler = new EchoHandler();
    const { url } = await harness({ handler });
    const framework = await peer(url);

    framework.groupMessage(30003, 20002, [text('大家好')]);
    framework.groupMessage(30003, 20002, [at('55555'), text(' 你看一下')]);
    framework.groupMessage(30003, 20004, [at(framework.selfId), text(' 调档函怎么开')], { nickname: 'li', card: '李老师-化学院' });

    const action = await framework.actions.next();
    expect(action.action).toBe('send_group_msg');
    expect(action.params).toEqual({
      group_id: 30003,
      message: [
        { type: 'at', data: { qq: '20004' } },
        { type: 'text', data: { text: ' 答：调档函怎么开' } },
      ],
    });
    expect(handler.received.all.map((m) => [m.text, m.mentionsBot])).toEqual([
      ['大家好', false],
      ['你看一下', false],
      ['调档函怎么开', true],
    ]);
    expect(handler.received.all[2]).toMatchObject({
      conversationId: 'group:30003',
      userId: '20004',
      userName: '李老师-化学院',
      isGroup: true,
    });
  });

  it('hands picture-only messages to the bot as non_text', async () => {
    const handler = new EchoHandler();
    const { url } = await harness({ handler });
    const framework = await peer(url);

    framework.privateMessage(20002, [{ type: 'image', data: { file: 'a.jpg', url: 'https://example.invalid/a.jpg' } }]);

    expect(await handler.received.next()).toMatchObject({ text: '', kind: 'non_text' });
  });

  it('sends relays and notices with send(), to a group with an at for the named person', async () => {
    const { url, channel } = await harness({ handler: new EchoHandler() });
    const framework = await peer(url);

    await channel.send({ conversationId: 'group:30003', text: '#T7 已回复', mentionUserId: '20002' });
    await channel.send({ conversationId: 'private:20005', text: '秘书的回复', channel: 'qq' });

    expect((await framework.actions.next()).params).toEqual({
      group_id: 30003,
      message: [
        { type: 'at', data: { qq: '20002' } },
        { type: 'text', data: { text: ' #T7 已回复' } },
      ],
    });
    expect((await framework.actions.next()).params).toMatchObject({ user_id: 20005 });
    await expect(channel.send({ conversationId: 'room:1', text: 'x' })).rejects.toThrow(/none of private:<user_id>, group:<group_id>/);
  });

  it('refuses frameworks (503) until it is started with the engine, then answers them', async () => {
    const handler = new EchoHandler();
    const { url, channel } = await harness({ handler, start: false });
    expect(await refusal(url, { token: TOKEN })).toBe(503);

    await channel.start(handler);
    const framework = await peer(url);
    framework.privateMessage(20002, [text('现在可以问了吗')]);
    expect((await framework.actions.next()).params).toEqual({ user_id: 20002, message: [text('答：现在可以问了吗')] });
    expect(handler.received.all).toHaveLength(1);
  });

  it('ignores invalid frames and keeps serving', async () => {
    const handler = new EchoHandler();
    const { url } = await harness({ handler });
    const framework = await peer(url);

    framework.sendRaw('not json');
    framework.sendRaw('[1,2]');
    framework.emit({ post_type: 'message', message_type: 'private', user_id: 20002, message_id: 1, message: '[CQ:face,id=1]' });
    framework.emit({ post_type: 'message', message_type: 'group', user_id: 20002, message_id: 2, message: [] });
    framework.emit({ post_type: 'notice', notice_type: 'group_increase', group_id: 30003, user_id: 20009 });
    framework.emit({ post_type: 'meta_event', meta_event_type: 'heartbeat', status: { online: true }, interval: 30000 });
    framework.sendRaw(JSON.stringify({ status: 'ok', retcode: 0, data: null, echo: 'nobody-asked' }));
    framework.privateMessage(20002, [text('还在吗')]);

    expect(await framework.actions.next()).toMatchObject({ action: 'send_private_msg' });
    expect(handler.received.all).toHaveLength(1);
    expect(framework.actions.all).toHaveLength(1);
  });

  it('keeps replies made while the framework is away in the durable outbox and sends them after it reconnects', async () => {
    const handler = new EchoHandler();
    let release!: () => void;
    handler.gate = new Promise((resolve) => (release = resolve));
    const { url, channel, outbox } = await harness({ handler });
    cleanups.push(async () => release());
    const first = await OneBotPeer.connect(url, { token: TOKEN });

    first.privateMessage(20002, [text('住房补贴怎么申请')]);
    await handler.received.next();
    await first.drop();
    // With no framework connected the channel refuses; the outbox keeps the relay on disk.
    await expect(channel.send({ conversationId: 'private:20005', text: 'x' })).rejects.toThrow(/no QQ framework is connected|connection closed/);
    const [relay] = await outbox.outbox.send({ channel: 'qq', conversationId: 'private:20005' }, '秘书的回复', { kind: 'relay' });
    release();
    expect(outbox.store.get(relay!.id)?.status).toBe('pending');

    const second = await peer(url);
    const delivered = [await second.actions.next(), await second.actions.next()];
    expect(delivered.map((a) => a.params)).toEqual(
      expect.arrayContaining([
        { user_id: 20005, message: [text('秘书的回复')] },
        { user_id: 20002, message: [text('答：住房补贴怎么申请')] },
      ]),
    );
    expect(first.actions.all).toHaveLength(0);
    await outbox.outbox.idle();
    expect(outbox.store.get(relay!.id)?.status).toBe('delivered');
    expect(outbox.store.backlog()).toEqual([]);
  });

  it('sends a message again on the next connection when the first one dropped before answering', async () => {
    const { url, outbox } = await harness({ handler: new EchoHandler() });
    const first = await OneBotPeer.connect(url, { token: TOKEN });
    first.respond = false;

    await outbox.outbox.send({ channel: 'qq', conversationId: 'group:30003' }, '#T9 回复', { kind: 'relay', mentionUserId: '20002' });
    const lost = await first.actions.next();
    await first.drop();

    const second = await peer(url);
    const again = await second.actions.next();
    expect(again.params).toEqual(lost.params);
    expect(again.action).toBe('send_group_msg');
  });

  it('drops a connection whose heartbeats stop, so the framework reconnects', async () => {
    const { log, lines } = memoryLogger();
    const { url } = await harness({ handler: new EchoHandler(), log });
    const framework = await peer(url);

    framework.emit({ post_type: 'meta_event', meta_event_type: 'heartbeat', status: { online: true, good: true }, interval: 30 });

    // A few missed 30 ms heartbeats, not the test's timeout, end the connection.
    const outcome = await Promise.race([framework.closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 2_000))]);
    expect(outcome).toBe('closed');
    expect(lines.some((l) => l.includes('heartbeats stopped'))).toBe(true);
  });

  it('rejects an action the framework never answers with a clear timeout error', async () => {
    const { url, channel } = await harness({ handler: new EchoHandler(), actionTimeoutMs: 150 });
    const framework = await peer(url);
    framework.respond = false;

    await expect(channel.send({ conversationId: 'private:20002', text: '你好' })).rejects.toThrow(
      /send_private_msg got no response within 150 ms/,
    );
  });

  it('never logs message text or the token', async () => {
    const { log, lines } = memoryLogger();
    const handler = new EchoHandler();
    const { url } = await harness({ handler, log });
    await refusal(url, { token: 'wrong-secret-token' });
    const framework = await peer(url);

    framework.privateMessage(20002, [text('我的手机号是13912345678')]);
    framework.emit({ post_type: 'message', message_type: 'private', user_id: 2, message_id: 3, message: [{ type: 'text', data: { text: 42 } }], time: 'x' });
    await framework.actions.next();

    const logs = lines.join('\n');
    expect(logs).toContain('"module":"channel.qq"');
    expect(logs).toContain('inbound');
    expect(logs).not.toMatch(/13912345678|手机号|答：/);
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('wrong-secret-token');
  });
});

describe('QQ channel as a forward WebSocket client', () => {
  it('reconnects with growing delays and answers over the forward connection', async () => {
    const attempts = new Inbox<{ at: number; authorization: string | undefined }>();
    let refusals = 3;
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number) => void) => {
        attempts.put({ at: performance.now(), authorization: info.req.headers.authorization });
        if (refusals-- > 0) done(false, 503);
        else done(true);
      },
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const connections = new Inbox<OneBotPeer>();
    server.on('connection', (socket) => connections.put(new OneBotPeer(socket)));

    const handler = new EchoHandler();
    const { port } = server.address() as AddressInfo;
    const outbox = memoryOutbox();
    cleanups.push(() => outbox.close());
    const channel = new QqChannel({
      ...ONEBOT_DEFAULTS,
      undelivered: outbox.outbox,
      log: memoryLogger().log,
      accessToken: TOKEN,
      forwardUrl: `ws://127.0.0.1:${port}/`,
      reconnectMinMs: 40,
      reconnectMaxMs: 1000,
    });
    cleanups.push(() => channel.stop());
    await channel.start(handler);
    outbox.outbox.register(channel);

    const framework = await connections.next();
    const times = attempts.all.map((a) => a.at);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
    expect(gaps[2]).toBeGreaterThanOrEqual(158);
    expect(attempts.all.every((a) => a.authorization === `Bearer ${TOKEN}`)).toBe(true);

    framework.privateMessage(20002, [text('社保什么时候开始交')]);
    expect((await framework.actions.next()).params).toEqual({ user_id: 20002, message: [text('答：社保什么时候开始交')] });

    // The framework restarts: the next connection comes after the shortest wait again.
    framework.socket.terminate();
    await framework.closed;
    await outbox.outbox.send({ channel: 'qq', conversationId: 'private:20002' }, '秘书的回复', { kind: 'relay' });
    const restarted = await connections.next();
    expect((await restarted.actions.next()).params).toEqual({ user_id: 20002, message: [text('秘书的回复')] });
    await channel.stop();
  });
});
