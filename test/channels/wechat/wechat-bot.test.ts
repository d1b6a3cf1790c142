import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { createApp, type App } from '../../../src/app.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { MockWeChat, type Person } from './mock-wechat.js';
import { sampleDataDir } from '../../sample-index.js';
import { soakSize } from '../../soak.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Wednesday 25 November 2026, 10:00 in Shanghai: the secretary is in the office. */
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
// The load test's people, five questions each: 100 in CI, 30 in an everyday run.
const LOAD_USERS = soakSize(100, 30);
const SECRETARY = { id: 'wxid_hr_secretary', name: '人事处王老师' };
const ADMIN = { id: 'wxid_hr_admin', name: '人事处信息员' };
/** The HR office's own group, which gets every notice too. */
const HR_ROOM = 'hrstaff2026@chatroom';
/** The secretary's login on the web console, the other place tickets are answered from. */
const WEB_SECRETARY = 'wang';

interface Dirs {
  knowledgeDir: string;
  dataDir: string;
}

async function makeDirs(): Promise<Dirs> {
  const knowledgeDir = await mkdtemp(join(tmpdir(), 'wechat-kb-'));
  await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
  return { knowledgeDir, dataDir: await sampleDataDir('wechat') };
}

async function removeDirs(dirs: Dirs): Promise<void> {
  await rm(dirs.knowledgeDir, { recursive: true, force: true });
  await rm(dirs.dataDir, { recursive: true, force: true });
}

interface BotOnWeChat {
  app: App;
  world: MockWeChat;
  secretary: Person;
  admin: Person;
  hrRoom: mock.RoomMock;
  close(): Promise<void>;
}

/** The real app on temp dirs, logged into a mock WeChat where the HR secretary is a contact. */
async function openBot(dirs: Dirs, config: ConfigInput = {}): Promise<BotOnWeChat> {
  const app = await createApp({
    ...dirs,
    promptsDir: join(REPO, 'prompts'),
    logger: silentLogger(),
    clock: fixedClock(WEDNESDAY_10AM),
    env: {},
    config: {
      secretaries: [`wechat:${SECRETARY.id}`, `web:${WEB_SECRETARY}`],
      admins: [`wechat:${ADMIN.id}`],
      wechat: { secretaryRooms: [`wechat:${HR_ROOM}`] },
      ...config,
    },
  });
  const world = new MockWeChat();
  const secretary = world.person(SECRETARY.id, SECRETARY.name);
  const admin = world.person(ADMIN.id, ADMIN.name);
  const hrRoom = world.room(HR_ROOM, '人事处工作群', [secretary, admin]);
  await app.connectWechaty(world.wechaty);
  await world.login();
  return {
    app,
    world,
    secretary,
    admin,
    hrRoom,
    async close() {
      await app.close();
      await world.stop();
    },
  };
}

function ticketIn(text: string | undefined): string {
  const id = /#([A-Z0-9]{2,12})\b/.exec(text ?? '')?.[1];
  expect(id, `no ticket id in: ${text}`).toBeDefined();
  return id!;
}

/** The `count`-th message the bot sent this person privately, once it arrived. */
async function nextFor(person: Person, count: number): Promise<string> {
  const sent = await person.world.waitForSent(person.id, count);
  return sent[count - 1]!.text;
}

describe('the onboarding bot on WeChat (wechaty-puppet-mock)', () => {
  let dirs: Dirs;
  let bot: BotOnWeChat;

  beforeAll(async () => {
    dirs = await makeDirs();
    bot = await openBot(dirs);
  });

  afterAll(async () => {
    await bot?.close();
    if (dirs) await removeDirs(dirs);
  });

  it('answers a private question with its source', async () => {
    const alice = bot.world.person('wxid_alice', '张老师');
    const [reply] = await alice.says('报到要带什么材料');
    expect(reply).toMatch(/报到/);
    expect(reply).toMatch(/来源/);
    expect(reply).not.toMatch(/工单/);
  });

  it('in a group ignores a question or an image without @ and answers one with @, mentioning the asker', async () => {
    const bob = bot.world.person('wxid_bob', '李博士');
    const other = bot.world.person('wxid_other', '赵老师');
    const room = bot.world.room('2026newstaff@chatroom', '2026级新教工群', [bob, other]);
    bob.saysInRoom(room, '校园卡怎么办理', false);
    bot.world.deliver({ talker: bob, room, type: types.Message.Image });
    bob.saysInRoom(room, '报到要带什么材料', true);
    // One person's messages are handled in order, so the first two were dropped once the third is answered.
    const [answer] = await bot.world.waitForSent(room.id, 1);
    expect(answer!.mentionIds).toEqual([bob.id]);
    expect(answer!.text).toMatch(/^@李博士 [\s\S]*来源/);
    expect(answer!.text).not.toMatch(/校园卡/);
    expect(bot.world.sentTo(room.id)).toHaveLength(1);
  });

  it('escalates personal cases to the secretary and relays each answer to the right person', async () => {
    const carol = bot.world.person('wxid_carol', '陈老师');
    const dave = bot.world.person('wxid_dave', '刘老师');
    const seen = bot.world.sentTo(bot.secretary.id).length;

    const [toCarol] = await carol.says('帮我查下我的档案到了没有');
    const carolTicket = ticketIn(toCarol);
    const [toDave] = await dave.says('帮我看看我的调档函开出来没有');
    const daveTicket = ticketIn(toDave);
    expect(daveTicket).not.toBe(carolTicket);

    const notices = (await bot.world.waitForSent(bot.secretary.id, seen + 2)).slice(seen).map((s) => s.text);
    expect(notices.find((n) => n.includes(`#${carolTicket}`))).toMatch(/陈老师[\s\S]*帮我查下我的档案到了没有/);
    expect(notices.find((n) => n.includes(`#${daveTicket}`))).toMatch(/刘老师[\s\S]*调档函/);

    const [confirmDave] = await bot.secretary.says(`#${daveTicket} 调档函已于11月24日开出，请查收邮箱。`);
    expect(confirmDave).toContain(`#${daveTicket}`);
    expect(await nextFor(dave, 2)).toMatch(new RegExp(`调档函已于11月24日开出[\\s\\S]*#${daveTicket}`));

    const [confirmCarol] = await bot.secretary.says(`#${carolTicket} 你的档案11月20日已到人事档案室，无需再跑。`);
    expect(confirmCarol).toContain(`#${carolTicket}`);
    expect(await nextFor(carol, 2)).toMatch(new RegExp(`档案11月20日已到[\\s\\S]*#${carolTicket}`));

    expect(carol.received().join('\n')).not.toContain('调档函已于');
    expect(dave.received().join('\n')).not.toContain('档案11月20日');
  });

  it('relays the answer to a question asked in a group back to the group, mentioning the asker', async () => {
    const paul = bot.world.person('wxid_paul', '沈博士');
    const room = bot.world.room('2026lab@chatroom', '2026级新教工二群', [paul]);
    paul.saysInRoom(room, '帮我查下我的档案到了没有', true);
    const [told] = await bot.world.waitForSent(room.id, 1);
    const ticket = ticketIn(told!.text);
    expect(told!.mentionIds).toEqual([paul.id]);

    await bot.secretary.says(`#${ticket} 档案已到，放心。`);
    const [, relay] = await bot.world.waitForSent(room.id, 2);
    expect(relay!.text).toContain('档案已到，放心。');
    expect(relay!.mentionIds).toEqual([paul.id]);
    expect(paul.received()).toEqual([]);
  });

  it('posts notices in the HR staff group too, where a secretary answers without @', async () => {
    const olga = bot.world.person('wxid_olga', '秦老师');
    const before = bot.world.sentTo(HR_ROOM).length;
    const ticket = ticketIn((await olga.says('帮我查下我的聘用合同签好了没有'))[0]);
    const [notice] = (await bot.world.waitForSent(HR_ROOM, before + 1)).slice(before);
    expect(notice!.text).toContain(`#${ticket}`);

    bot.secretary.saysInRoom(bot.hrRoom, `#${ticket} 合同已签好，下周一发给你。`, false);
    expect(await nextFor(olga, 2)).toContain('合同已签好，下周一发给你。');
    const [confirmation] = (await bot.world.waitForSent(HR_ROOM, before + 2)).slice(before + 1);
    expect(confirmation!.text).toContain(`#${ticket}`);
    expect(confirmation!.mentionIds).toEqual([SECRETARY.id]);
  });

  it('+faq keeps the answer as a FAQ, and the next asker gets it from the bot', async () => {
    const erin = bot.world.person('wxid_erin', '周老师');
    const frank = bot.world.person('wxid_frank', '吴老师');
    const question = '新教工的子女可以上附属小学吗';
    const answer = '可以。新教工子女可申请青屿大学附属小学，每年5月在人事处网站报名。';

    const ticket = ticketIn((await erin.says(question))[0]);
    const [saved] = await bot.secretary.says(`#${ticket} +faq ${answer}`);
    expect(saved).toContain(`#${ticket}`);
    expect(await nextFor(erin, 2)).toContain(answer);
    expect(readdirSync(join(dirs.knowledgeDir, 'faq')).length).toBeGreaterThan(0);

    const [fromBot] = await frank.says(question);
    expect(fromBot).toContain('每年5月在人事处网站报名');
    expect(fromBot).toMatch(/来源/);
    expect(fromBot).not.toMatch(/工单/);
  });

  it('refuses /reload from a non-admin and runs it for the admin', async () => {
    const gina = bot.world.person('wxid_gina', '郑老师');
    expect(await gina.says('/reload')).toEqual([expect.stringMatching(/没有使用这个命令的权限/)]);
    const [report] = await bot.admin.says('/reload');
    expect(report).toMatch(/知识库已重新加载/);
  });

  it('keeps answering from the old index when a reload meets a broken document', async () => {
    const broken = join(dirs.knowledgeDir, 'checkin', 'broken.md');
    writeFileSync(broken, '---\ntitle: [报到须知\n---\n正文\n');
    try {
      const [report] = await bot.admin.says('/reload');
      expect(report).toContain('broken.md');
      const kate = bot.world.person('wxid_kate', '冯老师');
      const [answer] = await kate.says('报到要带什么材料');
      expect(answer).toMatch(/来源/);
      expect(answer).not.toMatch(/工单/);
    } finally {
      rmSync(broken);
    }
  });

  it('takes the secretary\'s answer as a quote of the notice', async () => {
    const leo = bot.world.person('wxid_leo', '褚老师');
    const seen = bot.world.sentTo(bot.secretary.id).length;
    const ticket = ticketIn((await leo.says('帮我查下我的入职体检报告合格了吗'))[0]);
    const notice = await nextFor(bot.secretary, seen + 1);
    // How WeChat renders a quoted reply in the text it hands to Wechaty.
    const quoted = `「入职助手：${notice.slice(0, 40)}」\n- - - - - - - - - - - - - - -\n体检报告合格，已归档。`;
    expect((await bot.secretary.says(quoted))[0]).toContain(`#${ticket}`);
    expect(await nextFor(leo, 2)).toContain('体检报告合格，已归档。');
  });

  it('answers a message WeChat delivers twice only once', async () => {
    const nina = bot.world.person('wxid_nina', '蒋老师');
    const id = bot.world.deliver({ talker: nina, text: '报到要带什么材料' });
    bot.world.puppet.emit('message', { messageId: id });
    nina.send('帮助');
    // Her messages are handled in order: the second reply is the guide only if the repeat got none.
    const [answer, guide] = await bot.world.waitForSent(nina.id, 2);
    expect(answer!.text).toMatch(/来源/);
    expect(guide!.text).toMatch(/入职助手/);
  });

  it('answers an image with the text-only notice', async () => {
    const henry = bot.world.person('wxid_henry', '孙老师');
    bot.world.deliver({ talker: henry, type: types.Message.Image });
    const [notice] = await bot.world.waitForSent(henry.id, 1);
    expect(notice!.text).toMatch(/只能看懂文字/);
  });

  it('delivers a relay that failed while the account was logged out after the next login', async () => {
    const mia = bot.world.person('wxid_mia', '卫老师');
    const ticket = ticketIn((await mia.says('帮我查下我的档案到了没有'))[0]);
    await bot.world.puppet.logout('test');
    const [pending] = await bot.app.bot.handle({
      channel: 'web',
      conversationId: WEB_SECRETARY,
      userId: WEB_SECRETARY,
      userName: '王老师',
      text: `#${ticket} 档案已到，请周五前来签字。`,
      isGroup: false,
      mentionsBot: false,
      at: new Date(),
      messageId: 'web-answer-1',
      kind: 'text',
    });
    expect(pending!.text).toMatch(/所在的微信暂时未连接，回复已排队保存/);
    await bot.world.login();
    expect(await nextFor(mia, 2)).toContain('档案已到，请周五前来签字。');
  });
});

describe('a restart in the middle of an escalation', () => {
  let dirs: Dirs;
  let bot: BotOnWeChat | undefined;

  beforeAll(async () => {
    dirs = await makeDirs();
  });

  afterAll(async () => {
    await bot?.close();
    if (dirs) await removeDirs(dirs);
  });

  it('loses nothing: the ticket, the repeat check and the relay survive closing and reopening', async () => {
    const first = await openBot(dirs);
    const ivy = first.world.person('wxid_ivy', '何老师');
    const ticket = ticketIn((await ivy.says('帮我查下我的档案到了没有'))[0]);
    expect(await nextFor(first.secretary, 1)).toContain(`#${ticket}`);
    await first.app.close();
    // The app started this Wechaty, so closing the app stops it too.
    expect(first.world.wechaty.state.inactive()).toBe(true);
    await expect(first.app.connectWechaty(first.world.wechaty)).rejects.toThrow(/app is closed/);

    bot = await openBot(dirs);
    const ivyAgain = bot.world.person('wxid_ivy', '何老师');
    const [stillOpen] = await ivyAgain.says('帮我查下我的档案到了没有');
    expect(stillOpen).toContain('还在处理中');
    expect(stillOpen).toContain(`#${ticket}`);

    const [confirm] = await bot.secretary.says(`#${ticket} 档案已到，下周一来签字确认即可。`);
    expect(confirm).toContain(`#${ticket}`);
    expect(await nextFor(ivyAgain, 2)).toContain('档案已到，下周一来签字确认即可。');
    expect(existsSync(join(dirs.dataDir, 'tickets.db'))).toBe(true);
  });
});

describe('under load', () => {
  let dirs: Dirs;
  let bot: BotOnWeChat;

  beforeAll(async () => {
    dirs = await makeDirs();
    // Without follow-up history every question has one right answer, whatever was asked before.
    bot = await openBot(dirs, { bot: { historyTurns: 0 } });
  });

  afterAll(async () => {
    await bot?.close();
    if (dirs) await removeDirs(dirs);
  });

  it(`${LOAD_USERS} users sending ${LOAD_USERS * 5} questions at once each get the answers to their own questions, in order`, async () => {
    const questions = ['报到要带什么材料', '工资条在哪看呀', '公积金交多少比例', '周转公寓最长能住几年', 'OA和统一身份认证的初始密码是啥呀', '请问合同签几年 有试用期吗', '副高租房补贴多少钱'];
    const expected = new Map<string, string>();
    for (const q of questions) {
      const out = await bot.app.ask({ text: q });
      expect(out.escalated, q).toBe(false);
      expect(new Set([...expected.values()])).not.toContain(out.reply);
      expected.set(q, out.reply);
    }
    const users = Array.from({ length: LOAD_USERS }, (_, u) => bot.world.person(`wxid_load_${u}`, `新教工${u}`));
    const asked = users.map((_, u) => Array.from({ length: 5 }, (_, k) => questions[(u + k) % questions.length]!));

    const started = performance.now();
    users.forEach((user, u) => asked[u]!.forEach((q) => user.send(q)));
    await Promise.all(users.map((user) => bot.world.waitForSent(user.id, 5, 30_000)));
    const seconds = (performance.now() - started) / 1000;

    users.forEach((user, u) => {
      expect(user.received(), user.id).toEqual(asked[u]!.map((q) => expected.get(q)));
    });
    const rate = (LOAD_USERS * 5) / seconds;
    console.log(`wechat load: ${LOAD_USERS * 5} questions from ${LOAD_USERS} users answered in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} msgs/s`);
    expect(rate).toBeGreaterThan(20);
  });
});
