import type { IncomingMessage } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ForwardDialer, safeUrl } from '../../../src/channels/qq/forward-dialer.js';
import { memoryLogger } from '../../memory-logger.js';
import { Inbox } from './onebot-peer.js';

const TOKEN = 'framework-secret-token';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A OneBot framework's forward WebSocket on loopback; refuses the first `refuse` handshakes with `status`. */
async function framework(options: { refuse?: number; status?: number } = {}) {
  let refusals = options.refuse ?? 0;
  const handshakes = new Inbox<{ authorization: string | undefined; url: string | undefined }>();
  const connections = new Inbox<WebSocket>();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number) => void) => {
      handshakes.put({ authorization: info.req.headers.authorization, url: info.req.url });
      if (refusals-- > 0) done(false, options.status ?? 503);
      else done(true);
    },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    // The framework speaks first, as NapCat sends its lifecycle event: the dialer must not miss it.
    socket.send(JSON.stringify({ post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect' }));
    connections.put(socket);
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/`, handshakes, connections };
}

/** A dialer whose open sockets, and the first frame each one carries, land in inboxes. */
function dialer(url: string, options: { accessToken?: string; handshakeTimeoutMs?: number } = {}) {
  const { log, lines } = memoryLogger();
  const opened = new Inbox<{ socket: WebSocket; first: Promise<string> }>();
  const dial = new ForwardDialer({
    url,
    accessToken: options.accessToken,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? 2000,
    minMs: 10,
    maxMs: 40,
    log,
    onOpen: (socket) => {
      const first = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      opened.put({ socket, first });
    },
  });
  // An open socket is the channel's to close, and the dialer's stop waits for it.
  cleanups.push(async () => {
    const stopped = dial.stop();
    for (const { socket } of opened.all) socket.terminate();
    await stopped;
  });
  return { dial, opened, lines };
}

/** A TCP server that accepts and never answers: a framework hung in its handshake. */
async function silentServer(): Promise<{ url: string; accepted: Inbox<Socket> }> {
  const accepted = new Inbox<Socket>();
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    accepted.put(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, accepted };
}

describe('the forward dialer to a QQ framework', () => {
  it('connects with the token and hands over the socket in time for the first frame', async () => {
    const fw = await framework();
    const { dial, opened } = dialer(fw.url, { accessToken: TOKEN });
    dial.start();
    const { first } = await opened.next();
    expect(JSON.parse(await first)).toMatchObject({ meta_event_type: 'lifecycle' });
    expect((await fw.handshakes.next()).authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends no Authorization header when no token is set', async () => {
    const fw = await framework();
    const { dial, opened } = dialer(fw.url);
    dial.start();
    await opened.next();
    expect((await fw.handshakes.next()).authorization).toBeUndefined();
  });

  it('keeps dialling while the framework refuses, hints at the token on a 401, and never logs it', async () => {
    const fw = await framework({ refuse: 2, status: 401 });
    const { dial, opened, lines } = dialer(`${fw.url}?access_token=${TOKEN}`, { accessToken: TOKEN });
    dial.start();
    await opened.next();
    expect(fw.handshakes.all).toHaveLength(3);
    const failures = lines.filter((l) => l.includes('forward connection failed'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('ONEBOT_ACCESS_TOKEN');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('dials again when the framework closes the connection', async () => {
    const fw = await framework();
    const { dial, opened } = dialer(fw.url);
    dial.start();
    await opened.next();
    (await fw.connections.next()).terminate();
    const again = await opened.next();
    expect(JSON.parse(await again.first)).toMatchObject({ post_type: 'meta_event' });
    expect(fw.handshakes.all).toHaveLength(2);
  });

  it('gives up a handshake the framework never answers, and dials again', async () => {
    const hung = await silentServer();
    const { dial, lines } = dialer(hung.url, { handshakeTimeoutMs: 50 });
    dial.start();
    await hung.accepted.next();
    await hung.accepted.next();
    expect(lines.some((l) => l.includes('forward connection failed') && l.includes('timed out'))).toBe(true);
  });

  it('stops at once, even in the middle of a handshake, and dials no more', async () => {
    const hung = await silentServer();
    const { dial } = dialer(hung.url, { handshakeTimeoutMs: 60_000 });
    dial.start();
    const socket = await hung.accepted.next();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await dial.stop();
    await closed;
    expect(hung.accepted.all).toHaveLength(1);
  });

  it('stops while nothing listens at the address', async () => {
    const hung = await silentServer();
    const { dial, lines } = dialer(hung.url.replace(/:\d+/, ':1'));
    dial.start();
    await dial.stop();
    expect(lines.every((l) => !l.includes('forward dialer stopped'))).toBe(true);
  });
});

describe('URLs in the logs', () => {
  it('drops the query, where some frameworks take the token', () => {
    expect(safeUrl(`ws://10.0.0.5:3001/onebot?access_token=${TOKEN}`)).toBe('ws://10.0.0.5:3001/onebot');
    expect(safeUrl('not a url')).toBe('(unparsable URL)');
  });
});
