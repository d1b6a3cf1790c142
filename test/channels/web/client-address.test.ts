import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../../src/channels/web/api/context.js';
import { clientAddress } from '../../../src/channels/web/client-address.js';

const PROXY = '10.0.0.2';

/** The address the server would count for a request from `peer` carrying `forwarded`. */
async function seen(peer: string, forwarded: string | undefined, trustProxy: string | undefined): Promise<string> {
  const app = new Hono<Env>().get('/', (c) => c.text(clientAddress(c, trustProxy)));
  const res = await app.request('/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

describe('the client address', () => {
  it('is the direct peer, whatever X-Forwarded-For says, when no proxy is trusted or the peer is not it', async () => {
    expect(await seen('203.0.113.7', '1.2.3.4', undefined)).toBe('203.0.113.7');
    expect(await seen('203.0.113.7', '1.2.3.4', PROXY)).toBe('203.0.113.7');
  });

  it('behind the trusted proxy, is the last X-Forwarded-For entry, the one the proxy added', async () => {
    expect(await seen(PROXY, '6.6.6.6, 198.51.100.9', PROXY)).toBe('198.51.100.9');
    expect(await seen(`::ffff:${PROXY}`, '198.51.100.9', PROXY)).toBe('198.51.100.9');
  });

  it('behind the trusted proxy, falls back to the peer when the header is missing or not an address', async () => {
    expect(await seen(PROXY, undefined, PROXY)).toBe(PROXY);
    expect(await seen(PROXY, '198.51.100.9, not-an-ip', PROXY)).toBe(PROXY);
  });

  it('counts an IPv4-mapped IPv6 peer as its IPv4 address', async () => {
    expect(await seen('::ffff:127.0.0.1', undefined, undefined)).toBe('127.0.0.1');
  });
});
