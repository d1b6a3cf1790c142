import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src/channels/web/web-server.js';
import { startWebFixture, type WebFixture } from './web-fixture.js';

/** A raw TCP connection to the server, resolved once connected. */
function open(server: WebServer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with how long the server took to close the socket, and what it sent first. */
function closedBy(socket: Socket): Promise<{ ms: number; received: string }> {
  const started = performance.now();
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve({ ms: performance.now() - started, received })));
}

// The four deadline tests wait on the server's timers, not on each other: they run side by side.
describe('HTTP server limits, on real loopback sockets', () => {
  let fx: WebFixture;
  beforeAll(async () => {
    fx = await startWebFixture({
      limits: { headersTimeoutSeconds: 0.5, bodyTimeoutSeconds: 1, keepAliveSeconds: 0.2, idleTimeoutSeconds: 0.4, maxConnections: 1000 },
    });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it.concurrent('closes a connection that never sends anything', async ({ expect }) => {
    const socket = await open(fx.server);
    const { ms } = await closedBy(socket);
    expect(ms).toBeLessThan(3000);
  });

  it.concurrent('answers 408 and closes when headers trickle in too slowly', async ({ expect }) => {
    const socket = await open(fx.server);
    const closed = closedBy(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    // A byte every 100 ms keeps the socket from looking idle; only the headers deadline stops it.
    const drip = setInterval(() => socket.write('X'), 100);
    const { ms, received } = await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(3000);
  });

  it.concurrent('answers 408 when a body arrives too slowly', async ({ expect }) => {
    const socket = await open(fx.server);
    const closed = closedBy(socket);
    socket.write('POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => socket.write(' '), 100);
    const { received } = await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it.concurrent('closes a kept-alive connection after its request is answered and it goes quiet', async ({ expect }) => {
    const socket = await open(fx.server);
    const closed = closedBy(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const { ms, received } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(ms).toBeLessThan(3000);
  });

  it('refuses connections beyond the cap, and /healthz answers again once they are released', async () => {
    const capped = await startWebServer(fx.app, { host: '127.0.0.1', port: 0, limits: { maxConnections: 5 } });
    try {
      const held = await Promise.all(Array.from({ length: 5 }, () => open(capped)));
      const stillOpen = held.map(() => true);
      held.forEach((s, i) => s.once('close', () => (stillOpen[i] = false)));
      const extra = await open(capped);
      const refused = await closedBy(extra);
      expect(refused.received).toBe('');
      expect(stillOpen).toEqual([true, true, true, true, true]);
      for (const s of held) s.destroy();
      // The server learns of each close from the network; ask until it has.
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = await fetch(`${capped.url}/healthz`).then((r) => r.status, () => 0);
      }
      expect(status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});
