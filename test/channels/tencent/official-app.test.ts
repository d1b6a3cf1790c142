import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decrypt } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { plainSignature } from '../../../src/channels/tencent/callback-crypto.js';
import { startWebServer, type WebServer } from '../../../src/channels/web/web-server.js';
import { WECHAT_MP_PATH, WechatMpChannel } from '../../../src/channels/wechat-mp/wechat-mp-channel.js';
import { WECOM_CALLBACK_PATH, WecomChannel } from '../../../src/channels/wecom/wecom-channel.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { SentMessage } from './fake-tencent.js';
import { FakeTencent } from './fake-tencent.js';
import { Client } from '../web/web-fixture.js';
import { makeAesKey, sealCallback, textXml } from './sealed-callback.js';
import { sampleDataDir } from '../../sample-index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Wednesday 25 November 2026, 10:00 in Shanghai: the secretary is in the office. */
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
const CORP = { id: 'ww0123456789abcdef', secret: 'corp-secret' };
const MP = { id: 'wx0123456789abcdef', secret: 'mp-secret' };
const TOKEN = 'token42';
const SECRETARY = 'hr-wang';
const NEWCOMER = 'oNewcomer000000000000000000';

const xml = new XMLParser({ processEntities: false, parseTagValue: false });

function ticketIn(message: string): string {
  const id = /#([A-Z0-9]{2,12})\b/.exec(message)?.[1];
  expect(id, `no ticket id in: ${message}`).toBeDefined();
  return id!;
}

describe('the bot on the Official Account and WeCom, with a secretary on WeCom', () => {
  let dirs: { knowledgeDir: string; dataDir: string };
  let app: App;
  let web: WebServer;
  let wecomApi: FakeTencent;
  let mpApi: FakeTencent;
  let channels: Array<WecomChannel | WechatMpChannel> = [];
  const wecomKey = makeAesKey();
  let msgId = 1;
  const clock = fixedClock(WEDNESDAY_10AM);
  const CONSOLE_PASSWORD = 'console-pass-123';

  /** A newcomer writes to the Official Account in plaintext mode; resolves to the passive reply or `success`. */
  async function newcomerSays(text: string): Promise<string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({ signature: plainSignature(TOKEN, timestamp, '7'), timestamp, nonce: '7' });
    const body = textXml({ to: 'gh_0123456789ab', from: NEWCOMER, text, msgId: String(++msgId) });
    const response = await fetch(`${web.url}${WECHAT_MP_PATH}?${query}`, { method: 'POST', body });
    const answer = await response.text();
    return answer === 'success' ? answer : String((xml.parse(answer) as { xml: { Content: string } }).xml.Content);
  }

  /** The secretary writes to the WeCom app; resolves to the bot's answer, passive or through the app message API. */
  async function secretarySays(text: string): Promise<string> {
    const sealed = sealCallback({ token: TOKEN, aesKey: wecomKey, receiverId: CORP.id, inner: textXml({ to: CORP.id, from: SECRETARY, text, msgId: String(++msgId) }) });
    const response = await fetch(`${web.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(sealed.query)}`, { method: 'POST', body: sealed.body });
    const body = await response.text();
    if (body === 'success') return (await find(wecomApi, (m) => m.to === SECRETARY)).text;
    const opened = decrypt(wecomKey, (xml.parse(body) as { xml: { Encrypt: string } }).xml.Encrypt);
    expect(opened.id).toBe(CORP.id);
    return String((xml.parse(opened.message) as { xml: { Content: string } }).xml.Content);
  }

  /** Signs in to the console as the secretary and calls the API. */
  async function consoleApi(method: 'GET' | 'POST', path: string, body?: unknown) {
    const secretary = new Client(web.url);
    expect((await secretary.login('secretary', CONSOLE_PASSWORD)).status).toBe(200);
    const response = await secretary.request(method, path, { json: body });
    expect(response.status).toBe(200);
    return response.data;
  }

  /** Lets the outbox's backoff pass on the app's clock and delivers what is due. */
  async function afterBackoff(): Promise<void> {
    clock.advance(10 * 60_000);
    app.outbox.kick();
    await app.outbox.idle();
  }

  const find = async (api: FakeTencent, match: (m: SentMessage) => boolean): Promise<SentMessage> => {
    for (;;) {
      const message = await api.sent.next(10_000, 'a matching message');
      if (match(message)) return message;
    }
  };

  beforeAll(async () => {
    const knowledgeDir = await mkdtemp(join(tmpdir(), 'official-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dirs = { knowledgeDir, dataDir: await sampleDataDir('official') };
    [wecomApi, mpApi] = await Promise.all([FakeTencent.start(CORP), FakeTencent.start(MP)]);
    app = await createApp({
      ...dirs,
      promptsDir: join(REPO, 'prompts'),
      logger: silentLogger(),
      clock,
      env: {},
      config: {
        secretaries: [`wecom:${SECRETARY}`],
        web: { secretaryPassword: CONSOLE_PASSWORD },
        wecom: { webhookUrl: `${wecomApi.url}/cgi-bin/webhook/send?key=${wecomApi.robotKey}` },
      },
    });
    web = await startWebServer(app, { host: '127.0.0.1', port: 0, log: app.log });
    // As src/main.ts wires them: callbacks on the web server, notices and relays through the app.
    const wecom = new WecomChannel({ corpId: CORP.id, agentId: 1000002, secret: CORP.secret, token: TOKEN, aesKey: wecomKey, apiBase: wecomApi.url, undelivered: app.outbox, log: app.log });
    const mp = new WechatMpChannel({ appId: MP.id, appSecret: MP.secret, token: TOKEN, apiBase: mpApi.url, undelivered: app.outbox, log: app.log, api: { timeoutMs: 300, backoffMs: 10 } });
    web.registerRoute(WECOM_CALLBACK_PATH, wecom.fetch);
    web.registerRoute(WECHAT_MP_PATH, mp.fetch);
    channels = [wecom, mp];
    for (const channel of channels) await app.connect(channel);
  });

  afterAll(async () => {
    for (const channel of channels) {
      app.unregisterChannel(channel);
      await channel.stop();
    }
    await web?.close();
    await Promise.all([wecomApi?.close(), mpApi?.close()]);
    await app?.close();
    if (dirs) {
      await rm(dirs.knowledgeDir, { recursive: true, force: true });
      await rm(dirs.dataDir, { recursive: true, force: true });
    }
  });

  it('answers a newcomer on the Official Account from the documents, with sources', async () => {
    const reply = await newcomerSays('报到要带什么材料');
    const text = reply === 'success' ? (await find(mpApi, (m) => m.to === NEWCOMER)).text : reply;
    expect(text).toMatch(/报到/);
    expect(text).toMatch(/来源/);
  });

  it('hands a personal case to the secretary on WeCom and relays the answer to the newcomer', async () => {
    const reply = await newcomerSays('我的档案到了没呀 原单位说上周就寄出了');
    const told = reply === 'success' ? (await find(mpApi, (m) => m.to === NEWCOMER && /工单号/.test(m.text))).text : reply;
    const id = ticketIn(told);
    const notice = await find(wecomApi, (m) => m.to === SECRETARY && m.text.includes(`#${id}`));
    expect(notice.agentId).toBe(1000002);

    const confirmation = await secretarySays(`#${id} 档案已于昨天到达人事处，审核后会通知你。`);

    const relay = await find(mpApi, (m) => m.to === NEWCOMER && /档案已于昨天到达人事处/.test(m.text));
    expect(relay.api).toBe('custom');
    expect(relay.text).toContain(`#${id}`);
    expect(confirmation).toMatch(new RegExp(`工单 #${id} 的回复已转告`));
  });

  it('posts each escalation notice to the HR staff group through the group robot, as markdown', async () => {
    const id = ticketIn(await newcomerSays('我的工资卡绑定的是哪个银行，帮我查一下'));
    let posted = '';
    while (!posted.includes(`#${id}`)) posted = await wecomApi.robot.next(10_000, 'the robot to post the notice');
    expect(posted).toMatch(new RegExp(`^\\*\\*【新工单 #${id}】`));
    expect(posted).toContain('工资卡');
  });

  it('marks a relay the Official Account refuses for good (45015) as not delivered, in the confirmation, /tickets and the console', async () => {
    const id = ticketIn(await newcomerSays('帮我看下我的报到材料审核到哪一步了'));
    mpApi.fail({ errcode: 45015 });
    const answered = await consoleApi('POST', `/api/tickets/${id}/answer`, { answer: '已审核通过。' });
    expect(answered).toMatchObject({ relayed: false, relay: 'failed', ticket: { relay: 'failed' } });
    expect(answered.message).toMatch(new RegExp(`工单 #${id} 的回复未能送达[\\s\\S]*48 小时`));
    expect(answered.ticket.relayError).toMatch(/45015/);

    expect(await secretarySays('/tickets')).toMatch(new RegExp(`未能送达的回复 \\d+ 个[\\s\\S]*#${id} [^\\n]*48 小时`));
    const outbox = await consoleApi('GET', '/api/outbox');
    expect(outbox.undeliverable.map((t: { id: string }) => t.id)).toContain(id);
    expect(outbox.messages).toContainEqual(expect.objectContaining({ kind: 'relay', ticket: id, status: 'failed', to: `wechat-mp:${NEWCOMER}` }));
  });

  it('marks a relay to a WeCom member outside the app\'s range as not delivered, without retrying it', async () => {
    const sealed = sealCallback({ token: TOKEN, aesKey: wecomKey, receiverId: CORP.id, inner: textXml({ to: CORP.id, from: 'li-leaves', text: '帮我查下我的档案到了没有', msgId: String(++msgId) }) });
    const asked = await fetch(`${web.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(sealed.query)}`, { method: 'POST', body: sealed.body });
    const body = await asked.text();
    const told = body === 'success' ? (await find(wecomApi, (m) => m.to === 'li-leaves')).text : decrypt(wecomKey, (xml.parse(body) as { xml: { Encrypt: string } }).xml.Encrypt).message;
    const id = ticketIn(told);
    wecomApi.unreachable.add('li-leaves');
    const answered = await consoleApi('POST', `/api/tickets/${id}/answer`, { answer: '档案已到。' });
    expect(answered).toMatchObject({ relayed: false, relay: 'failed' });
    expect(answered.ticket.relayError).toMatch(/可见范围/);
    expect(app.outbox.sentFor(id, 'relay')).toMatchObject([{ status: 'failed', attempts: 1 }]);
  });

  it('retries a relay through 5xx, timeouts, 45047 and an expired token with backoff, and delivers it once', async () => {
    const id = ticketIn(await newcomerSays('我的档案转到哪里了 帮我查查'));
    mpApi.expireTokens();
    mpApi.fail('http500', 'timeout', { errcode: 45047 }, 'http500', 'http500', 'timeout', { errcode: 45047 });
    const answered = await consoleApi('POST', `/api/tickets/${id}/answer`, { answer: '档案在人事处，已收到。' });
    expect(answered).toMatchObject({ relayed: false, relay: 'queued' });
    expect(answered.message).toMatch(/会自动重试直到送达/);
    expect((await consoleApi('GET', '/api/outbox')).messages).toContainEqual(expect.objectContaining({ ticket: id, status: 'pending' }));

    for (let i = 0; i < 5 && !app.tickets.get(id)?.relayedAt; i++) await afterBackoff();
    expect(app.tickets.get(id)?.relayedAt).toBeInstanceOf(Date);
    expect(mpApi.sent.all.filter((m) => m.to === NEWCOMER && m.text.includes('档案在人事处，已收到'))).toHaveLength(1);
    expect((await consoleApi('GET', `/api/tickets/${id}`)).ticket.relay).toBe('delivered');
  });
});
