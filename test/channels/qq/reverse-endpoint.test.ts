import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ONEBOT_REVERSE_PATH } from '../../../src/channels/qq/onebot-protocol.js';
import { reverseEndpoint } from '../../../src/channels/qq/reverse-endpoint.js';
import { memoryLogger } from '../../memory-logger.js';
import { Inbox, refusal } from './onebot-peer.js';

const TOKEN = 'test-token';

let server: Server | undefined;
const accepted: WebSocket[] = [];
afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The endpoint on a plain HTTP server on loopback; `accepting` plays the channel's running state. */
async function mount(accessToken: string | undefined) {
  const state = { accepting: true, connections: new Inbox<string>(), url: '', lines: [] as string[] };
  const { log, lines } = memoryLogger();
  state.lines = lines;
  const listener = reverseEndpoint({
    accessToken,
    log,
    accepting: () => state.accepting,
    onConnection: (socket, selfId) => {
      accepted.push(socket);
      state.connections.put(selfId);
    },
  });
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  state.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${ONEBOT_REVERSE_PATH}`;
  return state;
}

describe('the OneBot reverse endpoint', () => {
  it('refuses a wrong or missing token with 401, another role or no QQ number with 400, and accepts the token in the header or the query', async () => {
    const endpoint = await mount(TOKEN);

    expect(await refusal(endpoint.url, { token: 'wrong' })).toBe(401);
    expect(await refusal(endpoint.url, {})).toBe(401);
    expect(await refusal(endpoint.url, { token: 'wrong', tokenVia: 'query' })).toBe(401);
    expect(await refusal(endpoint.url, { token: TOKEN, role: 'Event' })).toBe(400);
    expect(await refusal(endpoint.url, { token: TOKEN, selfId: 'bot' })).toBe(400);
    expect(endpoint.connections.all).toEqual([]);
    expect(await refusal(endpoint.url, { token: TOKEN, tokenVia: 'query' })).toBe(101);
    expect(await refusal(endpoint.url, { token: TOKEN, selfId: '10002' })).toBe(101);
    expect(endpoint.connections.all).toEqual(['10001', '10002']);
  });

  it('stays off while no access token is set', async () => {
    const endpoint = await mount(undefined);

    expect(await refusal(endpoint.url, { token: TOKEN })).toBe(404);
    expect(endpoint.connections.all).toEqual([]);
  });

  it('refuses with 503 while the channel is not running, and says so in the log without the token', async () => {
    const endpoint = await mount(TOKEN);
    endpoint.accepting = false;

    expect(await refusal(endpoint.url, { token: TOKEN })).toBe(503);
    expect(endpoint.connections.all).toEqual([]);
    expect(endpoint.lines.join('')).toMatch(/"status":503.*reverse connection refused/);
    expect(endpoint.lines.join('')).not.toContain(TOKEN);
    endpoint.accepting = true;
    expect(await refusal(endpoint.url, { token: TOKEN })).toBe(101);
  });
});
