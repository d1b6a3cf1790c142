import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QqChannel } from '../../../src/channels/qq/qq-channel.js';
import { ONEBOT_REVERSE_PATH } from '../../../src/channels/qq/onebot-protocol.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { OneBotPeer, text } from '../qq/onebot-peer.js';
import { Client, useWebServer } from './web-fixture.js';

const server = useWebServer();

const TOKEN = 'onebot-test-token';

// The QQ channel's reverse endpoint is served on the web server's own port, through registerUpgrade.
describe('a QQ question answered in the web console', () => {
  let qq: QqChannel;
  let peer: OneBotPeer;

  beforeAll(async () => {
    qq = new QqChannel({ ...server.fx.app.config.onebot, undelivered: server.fx.app.outbox, log: silentLogger(), accessToken: TOKEN });
    server.fx.server.registerUpgrade(ONEBOT_REVERSE_PATH, qq.handleUpgrade);
    await server.fx.app.connect(qq);
    peer = await OneBotPeer.connect(`${server.fx.server.url.replace(/^http/, 'ws')}${ONEBOT_REVERSE_PATH}`, { token: TOKEN });
  });
  afterAll(async () => {
    await peer?.close();
    server.fx.app.unregisterChannel(qq);
    await qq?.stop();
  });

  it('reaches the asker on QQ through the same web server', async () => {
    peer.privateMessage(20001, [text('帮我查下我的档案到了没有')], '新同事');
    const escalated = await peer.actions.find((a) => a.action === 'send_private_msg' && /工单号 #/.test(JSON.stringify(a.params.message)));
    const ticketId = /#([A-Z0-9]+)/.exec(JSON.stringify(escalated.params.message))![1]!;

    const sec = new Client(server.base);
    await sec.login('secretary');
    const open = await sec.get('/api/tickets');
    expect(open.data.tickets).toContainEqual(expect.objectContaining({ id: ticketId, channel: 'qq', asker: 'qq:20001', askerName: '新同事' }));
    const answered = await sec.post(`/api/tickets/${ticketId}/answer`, { answer: '档案昨天已到人事处。' });
    expect(answered.data.relayed).toBe(true);

    const relay = await peer.actions.find((a) => a.action === 'send_private_msg' && /档案昨天已到人事处。/.test(JSON.stringify(a.params.message)));
    expect(relay.params.user_id).toBe(20001);
  });
});

describe('the server', () => {
  it('serves the pages in Chinese with security headers', async () => {
    for (const path of ['/', '/console', '/admin']) {
      const res = await fetch(server.base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toMatch(/<html lang="zh-CN">/);
    }
    const js = await fetch(`${server.base}/assets/chat.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('hands upgrades on a registered path to its handler and refuses others', async () => {
    const seen: string[] = [];
    server.fx.server.registerUpgrade('/onebot/v11/ws', (req, socket) => {
      seen.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    });
    const upgrade = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.base}${path}`, { headers: { connection: 'Upgrade', upgrade: 'websocket' } });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await upgrade('/onebot/v11/ws?access_token=x')).toBe(101);
    expect(seen).toEqual(['/onebot/v11/ws?access_token=x']);
    expect(await upgrade('/elsewhere')).toBe(404);
  });

  it('answers a malformed query string with a 400, not a stack trace', async () => {
    const res = await new Client(server.base).get('/api/chat/inbox?user=visitor-x-0123456789&after=abc');
    expect(res.status).toBe(400);
    expect(res.data.error).toMatch(/^after: /);
    const bad = await new Client(server.base).get('/api/chat/inbox?user=%E0%A4%A&wait=0');
    expect(bad.status).toBe(400);
  });

  it('says which setting to change when the port is taken', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    await expect(startWebServer(server.fx.app, { host: '127.0.0.1', port: server.fx.server.port })).rejects.toThrow(
      `port ${server.fx.server.port} on 127.0.0.1 is in use; set PORT (web.port) to a free port or stop the other server`,
    );
  });

  it('marks the session cookie Secure when the server sits behind HTTPS', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    const behindProxy = await startWebServer(server.fx.app, { host: '127.0.0.1', port: 0, secureCookies: true });
    const login = await new Client(behindProxy.url).login('admin');
    expect(login.setCookie).toMatch(/;\s*Secure/i);
    await behindProxy.close();
    await server.fx.app.registerChannel(server.fx.server.channel);
  });

  it('on close, answers the long polls still waiting and stops listening', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    const second = await startWebServer(server.fx.app, { host: '127.0.0.1', port: 0 });
    const waiting = fetch(`${second.url}/api/chat/inbox?user=visitor-close-0123456789&wait=30`).then((r) => r.json());
    await expect.poll(() => second.channel['waiters'].size).toBe(1);
    await second.close();
    await expect(waiting).resolves.toMatchObject({ messages: [] });
    await expect(fetch(`${second.url}/`)).rejects.toThrow();
    await server.fx.app.registerChannel(server.fx.server.channel);
  });

  it('slows sign-in after repeated failures, refusing even the right password until the wait passes', async () => {
    const c = new Client(server.base);
    const wrong = await c.login('secretary', 'not-the-password');
    expect(wrong).toMatchObject({ status: 401, data: { error: 'wrong password' } });
    for (let i = 0; i < 4; i++) expect((await c.login('secretary', `guess-${i}`)).status).toBe(401);
    const limited = await c.login('secretary');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.data.error).toMatch(/too many failed sign-ins/);
    server.fx.clock.advance(16 * 60_000);
    expect((await c.login('secretary')).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => new Client(server.base).login('admin', `burst-${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    server.fx.clock.advance(16 * 60_000);
  });
});
