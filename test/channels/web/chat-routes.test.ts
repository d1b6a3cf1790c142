import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src/channels/web/web-server.js';
import { Client, startWebFixture, type WebFixture } from './web-fixture.js';

const browserId = (n: number) => `browser-${String(n).padStart(8, '0')}`;

/** One anonymous question per fresh browser id, the way a script rotating ids would ask. */
async function rotateIds(base: string, count: number, forwardedFor?: (n: number) => string): Promise<number[]> {
  const client = new Client(base);
  const statuses: number[] = [];
  for (let n = 0; n < count; n++) {
    const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor(n) } : undefined;
    const res = await client.post('/api/chat', { user: browserId(n), text: '我要找人工客服' }, headers);
    statuses.push(res.status);
  }
  return statuses;
}

describe('anonymous web chat under abuse', () => {
  let fx: WebFixture;
  let proxied: WebServer | undefined;
  beforeAll(async () => {
    fx = await startWebFixture({}, { web: { chatPerAddressPerMinute: 5 } });
  });
  afterAll(async () => {
    await proxied?.close();
    await fx?.close();
  });

  it('limits questions per client address, so rotating browser ids does not flood tickets', async () => {
    const before = fx.app.tickets.listOpen().length;
    const statuses = await rotateIds(fx.server.url, 12, (n) => `203.0.113.${n}`);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // X-Forwarded-For came from the client itself (no proxy is trusted), so it changed nothing.
    expect(fx.app.tickets.listOpen().length - before).toBe(5);
  });

  it('reads X-Forwarded-For only from the configured proxy', async () => {
    proxied = await startWebServer(fx.app, { host: '127.0.0.1', port: 0, trustProxy: '127.0.0.1', chatPerAddressPerMinute: 5 });
    const distinct = await rotateIds(proxied.url, 8, (n) => `198.51.100.${n}`);
    expect(distinct.every((s) => s === 200)).toBe(true);
    // The last entry is the one the proxy added; what the client wrote before it proves nothing.
    const spoofed = await rotateIds(proxied.url, 8, (n) => `10.0.0.${n}, 192.0.2.7`);
    expect(spoofed.filter((s) => s === 200)).toHaveLength(5);
  });
});
