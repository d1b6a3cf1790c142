import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { Env } from './api/context.js';

/** "::ffff:127.0.0.1" and "127.0.0.1" are one client. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address. `X-Forwarded-For` is read only when the direct peer is the configured
 * proxy (`web.trustProxy`), since anyone else can write it; then its last entry counts — the one
 * the proxy itself added. Entries before it came from the client and prove nothing.
 */
export function clientAddress(c: Context<Env>, trustProxy: string | undefined): string {
  const peer = plain(c.env?.incoming?.socket?.remoteAddress ?? 'unknown');
  if (trustProxy === undefined || peer !== plain(trustProxy)) return peer;
  const last = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last !== undefined && isIP(plain(last)) ? plain(last) : peer;
}
