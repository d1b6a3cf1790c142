import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { OneBotPeer, at, startChannel, text, type ActionRequest, type Harness } from './onebot-peer.js';
import { sampleDataDir } from '../../sample-index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Wednesday 25 November 2026, 10:00 in Shanghai: the secretary is in the office. */
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
const TOKEN = 'napcat-token';
const BOT = '10001';
const SECRETARY = 90009;
const NEW_STAFF_GROUP = 30003;
const HR_GROUP = 40004;

/** What a QQ user would read: text segments as they are, `at` segments as `@<qq>`. */
function shown(action: ActionRequest): string {
  const segments = action.params.message as Array<{ type: string; data: Record<string, unknown> }>;
  return segments.map((s) => (s.type === 'at' ? `@${String(s.data.qq)}` : String(s.data.text))).join('');
}

const toUser = (userId: number) => (a: ActionRequest) => a.action === 'send_private_msg' && a.params.user_id === userId;
const toGroup = (groupId: number) => (a: ActionRequest) => a.action === 'send_group_msg' && a.params.group_id === groupId;

function ticketIn(message: string): string {
  const id = /#([A-Z0-9]{2,12})\b/.exec(message)?.[1];
  expect(id, `no ticket id in: ${message}`).toBeDefined();
  return id!;
}

describe('the bot on QQ through a OneBot v11 framework', () => {
  let dirs: { knowledgeDir: string; dataDir: string };
  let app: App;
  let harness: Harness;
  let qq: OneBotPeer;

  beforeAll(async () => {
    const knowledgeDir = await mkdtemp(join(tmpdir(), 'qq-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dirs = { knowledgeDir, dataDir: await sampleDataDir('qq') };
    app = await createApp({
      ...dirs,
      promptsDir: join(REPO, 'prompts'),
      logger: silentLogger(),
      clock: fixedClock(WEDNESDAY_10AM),
      env: {},
      config: { secretaries: [`qq:${SECRETARY}`, 'web:sec'], onebot: { accessToken: TOKEN } },
    });
    // As src/main.ts wires it: the engine handles, the app routes notices and relays to QQ.
    harness = await startChannel({ handler: app.bot, undelivered: app.outbox, log: app.log, ...app.config.onebot });
    await app.registerChannel(harness.channel);
    qq = await OneBotPeer.connect(harness.url, { token: TOKEN, selfId: BOT });
  });

  afterAll(async () => {
    await qq?.close();
    if (harness) {
      await harness.close();
      app.unregisterChannel(harness.channel);
    }
    await app?.close();
    if (dirs) {
      await rm(dirs.knowledgeDir, { recursive: true, force: true });
      await rm(dirs.dataDir, { recursive: true, force: true });
    }
  });

  it('answers a private question from the documents, with sources', async () => {
    qq.privateMessage(20002, [text('报到要带什么材料')], '张老师');

    const reply = await qq.actions.find((a) => toUser(20002)(a) && /来源/.test(shown(a)));
    expect(shown(reply)).toMatch(/报到/);
  });

  it('answers in a group only when the bot is mentioned, naming the asker', async () => {
    qq.groupMessage(NEW_STAFF_GROUP, 20003, [text('报到要带什么材料')]);
    qq.groupMessage(NEW_STAFF_GROUP, 20004, [at(BOT), text(' 报到要带什么材料')], { nickname: 'li', card: '李老师' });

    const first = await qq.actions.find(toGroup(NEW_STAFF_GROUP));
    expect(shown(first)).toMatch(/^@20004 /);
    expect(qq.actions.all.some((a) => shown(a).includes('@20003'))).toBe(false);
  });

  it('hands a personal case to the HR secretary on QQ and relays the answer back', async () => {
    qq.privateMessage(20005, [text('我的档案到了没呀 原单位说上周就寄出了')], '赵老师');

    const reply = await qq.actions.find((a) => toUser(20005)(a) && /工单号/.test(shown(a)));
    const id = ticketIn(shown(reply));
    const notice = await qq.actions.find((a) => toUser(SECRETARY)(a) && shown(a).includes(`#${id}`));
    expect(shown(notice)).toMatch(/赵老师/);

    qq.privateMessage(SECRETARY, [text(`#${id} 档案已于昨天到达人事处，审核后会通知你。`)], '人事秘书');

    const relay = await qq.actions.find((a) => toUser(20005)(a) && /档案已于昨天到达人事处/.test(shown(a)));
    expect(shown(relay)).toContain('#');
    expect(shown(await qq.actions.find(toUser(SECRETARY)))).toMatch(new RegExp(`#${id}`));
  });

  it('relays a secretary answer from the HR group into the group that asked, mentioning the asker', async () => {
    qq.groupMessage(NEW_STAFF_GROUP, 20007, [at(BOT), text(' 我这个月工资怎么少了500 是扣了啥')]);
    const escalated = await qq.actions.find((a) => toGroup(NEW_STAFF_GROUP)(a) && /工单号/.test(shown(a)));
    expect(shown(escalated)).toMatch(/^@20007 /);
    const id = ticketIn(shown(escalated));

    // The secretary answers in the HR staff group without mentioning the bot.
    qq.groupMessage(HR_GROUP, SECRETARY, [text(`#${id} 是扣了公积金个人部分，详见工资条。`)]);

    const relay = await qq.actions.find((a) => toGroup(NEW_STAFF_GROUP)(a) && /公积金个人部分/.test(shown(a)));
    expect(shown(relay)).toMatch(/^@20007 /);
  });

  it('keeps a relay made while the framework is away and delivers it when the framework reconnects', async () => {
    qq.privateMessage(20008, [text('我的报到材料为啥一直是待审核 帮我看下')], '钱老师');
    const id = ticketIn(shown(await qq.actions.find((a) => toUser(20008)(a) && /工单号/.test(shown(a)))));

    await qq.drop();
    // Meanwhile the secretary answers from another channel (the web console).
    const confirmation = await app.bot.handle({
      channel: 'web',
      conversationId: 'sec',
      userId: 'sec',
      userName: '人事秘书',
      text: `#${id} 已审核通过，请留意短信。`,
      isGroup: false,
      mentionsBot: false,
      at: WEDNESDAY_10AM,
    });
    // The secretary is told the truth: queued until QQ reconnects, not "relayed".
    expect(confirmation.map((r) => r.text).join('\n')).toMatch(new RegExp(`工单 #${id} 的回复。钱老师（qq:20008）所在的QQ暂时未连接，回复已排队保存，QQ重新连接后会自动发送`));
    expect(app.tickets.get(id)?.relayedAt).toBeUndefined();

    qq = await OneBotPeer.connect(harness.url, { token: TOKEN, selfId: BOT });
    const relay = await qq.actions.find((a) => toUser(20008)(a) && /已审核通过/.test(shown(a)));
    expect(shown(relay)).toContain(`#${id}`);
    await app.outbox.idle();
    expect(app.tickets.get(id)?.relayedAt).toBeInstanceOf(Date);
  });
});
