import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { plainSignature } from '../../src/channels/tencent/callback-crypto.js';
import { startWebServer, type WebServer } from '../../src/channels/web/web-server.js';
import { WECHAT_MP_PATH, WechatMpChannel } from '../../src/channels/wechat-mp/wechat-mp-channel.js';
import { WECOM_CALLBACK_PATH, WecomChannel } from '../../src/channels/wecom/wecom-channel.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { SentMessage } from '../tencent/fake-tencent.js';
import { FakeTencent } from '../tencent/fake-tencent.js';
import { makeAesKey, sealCallback, textXml } from '../tencent/sealed-callback.js';
import { sampleDataDir } from '../sample-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
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

  /** A newcomer writes to the Official Account in plaintext mode; resolves to the passive reply or `success`. */
  async function newcomerSays(text: string): Promise<string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({ signature: plainSignature(TOKEN, timestamp, '7'), timestamp, nonce: '7' });
    const body = textXml({ to: 'gh_0123456789ab', from: NEWCOMER, text, msgId: String(++msgId) });
    const response = await fetch(`${web.url}${WECHAT_MP_PATH}?${query}`, { method: 'POST', body });
    const answer = await response.text();
    return answer === 'success' ? answer : String((xml.parse(answer) as { xml: { Content: string } }).xml.Content);
  }

  async function secretarySays(text: string): Promise<void> {
    const sealed = sealCallback({ token: TOKEN, aesKey: wecomKey, receiverId: CORP.id, inner: textXml({ to: CORP.id, from: SECRETARY, text, msgId: String(++msgId) }) });
    const response = await fetch(`${web.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(sealed.query)}`, { method: 'POST', body: sealed.body });
    expect(await response.text()).toBe('success');
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
    app = await createApp({
      ...dirs,
      promptsDir: join(REPO, 'prompts'),
      logger: silentLogger(),
      clock: fixedClock(WEDNESDAY_10AM),
      env: {},
      config: { secretaries: [`wecom:${SECRETARY}`] },
    });
    [wecomApi, mpApi] = await Promise.all([FakeTencent.start(CORP), FakeTencent.start(MP)]);
    web = await startWebServer(app, { host: '127.0.0.1', port: 0, log: app.log });
    // As src/main.ts wires them: callbacks on the web server, notices and relays through the app.
    const wecom = new WecomChannel({ corpId: CORP.id, agentId: 1000002, secret: CORP.secret, token: TOKEN, aesKey: wecomKey, apiBase: wecomApi.url, handler: app.bot, log: app.log });
    const mp = new WechatMpChannel({ appId: MP.id, appSecret: MP.secret, token: TOKEN, apiBase: mpApi.url, handler: app.bot, log: app.log });
    web.registerRoute(WECOM_CALLBACK_PATH, wecom.fetch);
    web.registerRoute(WECHAT_MP_PATH, mp.fetch);
    channels = [wecom, mp];
    for (const channel of channels) {
      await channel.start();
      await app.registerChannel(channel);
    }
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

    await secretarySays(`#${id} 档案已于昨天到达人事处，审核后会通知你。`);

    const relay = await find(mpApi, (m) => m.to === NEWCOMER && /档案已于昨天到达人事处/.test(m.text));
    expect(relay.api).toBe('custom');
    expect(relay.text).toContain(`#${id}`);
    expect((await find(wecomApi, (m) => m.to === SECRETARY)).text).toContain(`#${id}`);
  });
});
