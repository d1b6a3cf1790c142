import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_ROOM, makeDirs, nextFor, openBot, removeDirs, SECRETARY, ticketIn, useBotOnWeChat, WEB_SECRETARY, type BotOnWeChat, type Dirs } from './bot-on-wechat.js';

describe('escalations to the secretary on WeChat (wechaty-puppet-mock)', () => {
  const wx = useBotOnWeChat();

  it('escalates personal cases to the secretary and relays each answer to the right person', async () => {
    const carol = wx.bot.world.person('wxid_carol', '陈老师');
    const dave = wx.bot.world.person('wxid_dave', '刘老师');
    const seen = wx.bot.world.sentTo(wx.bot.secretary.id).length;

    const [toCarol] = await carol.says('帮我查下我的档案到了没有');
    const carolTicket = ticketIn(toCarol);
    const [toDave] = await dave.says('帮我看看我的调档函开出来没有');
    const daveTicket = ticketIn(toDave);
    expect(daveTicket).not.toBe(carolTicket);

    const notices = (await wx.bot.world.waitForSent(wx.bot.secretary.id, seen + 2)).slice(seen).map((s) => s.text);
    expect(notices.find((n) => n.includes(`#${carolTicket}`))).toMatch(/陈老师[\s\S]*帮我查下我的档案到了没有/);
    expect(notices.find((n) => n.includes(`#${daveTicket}`))).toMatch(/刘老师[\s\S]*调档函/);

    const [confirmDave] = await wx.bot.secretary.says(`#${daveTicket} 调档函已于11月24日开出，请查收邮箱。`);
    expect(confirmDave).toContain(`#${daveTicket}`);
    expect(await nextFor(dave, 2)).toMatch(new RegExp(`调档函已于11月24日开出[\\s\\S]*#${daveTicket}`));

    const [confirmCarol] = await wx.bot.secretary.says(`#${carolTicket} 你的档案11月20日已到人事档案室，无需再跑。`);
    expect(confirmCarol).toContain(`#${carolTicket}`);
    expect(await nextFor(carol, 2)).toMatch(new RegExp(`档案11月20日已到[\\s\\S]*#${carolTicket}`));

    expect(carol.received().join('\n')).not.toContain('调档函已于');
    expect(dave.received().join('\n')).not.toContain('档案11月20日');
  });

  it('relays the answer to a question asked in a group back to the group, mentioning the asker', async () => {
    const paul = wx.bot.world.person('wxid_paul', '沈博士');
    const room = wx.bot.world.room('2026lab@chatroom', '2026级新教工二群', [paul]);
    paul.saysInRoom(room, '帮我查下我的档案到了没有', true);
    const [told] = await wx.bot.world.waitForSent(room.id, 1);
    const ticket = ticketIn(told!.text);
    expect(told!.mentionIds).toEqual([paul.id]);

    await wx.bot.secretary.says(`#${ticket} 档案已到，放心。`);
    const [, relay] = await wx.bot.world.waitForSent(room.id, 2);
    expect(relay!.text).toContain('档案已到，放心。');
    expect(relay!.mentionIds).toEqual([paul.id]);
    expect(paul.received()).toEqual([]);
  });

  it('posts notices in the HR staff group too, where a secretary answers without @', async () => {
    const olga = wx.bot.world.person('wxid_olga', '秦老师');
    const before = wx.bot.world.sentTo(HR_ROOM).length;
    const ticket = ticketIn((await olga.says('帮我查下我的聘用合同签好了没有'))[0]);
    const [notice] = (await wx.bot.world.waitForSent(HR_ROOM, before + 1)).slice(before);
    expect(notice!.text).toContain(`#${ticket}`);

    wx.bot.secretary.saysInRoom(wx.bot.hrRoom, `#${ticket} 合同已签好，下周一发给你。`, false);
    expect(await nextFor(olga, 2)).toContain('合同已签好，下周一发给你。');
    const [confirmation] = (await wx.bot.world.waitForSent(HR_ROOM, before + 2)).slice(before + 1);
    expect(confirmation!.text).toContain(`#${ticket}`);
    expect(confirmation!.mentionIds).toEqual([SECRETARY.id]);
  });

  it('+faq keeps the answer as a FAQ, and the next asker gets it from the bot', async () => {
    const erin = wx.bot.world.person('wxid_erin', '周老师');
    const frank = wx.bot.world.person('wxid_frank', '吴老师');
    const question = '新教工的子女可以上附属小学吗';
    const answer = '可以。新教工子女可申请青屿大学附属小学，每年5月在人事处网站报名。';

    const ticket = ticketIn((await erin.says(question))[0]);
    const [saved] = await wx.bot.secretary.says(`#${ticket} +faq ${answer}`);
    expect(saved).toContain(`#${ticket}`);
    expect(await nextFor(erin, 2)).toContain(answer);
    expect(readdirSync(join(wx.dirs.knowledgeDir, 'faq')).length).toBeGreaterThan(0);

    const [fromBot] = await frank.says(question);
    expect(fromBot).toContain('每年5月在人事处网站报名');
    expect(fromBot).toMatch(/来源/);
    expect(fromBot).not.toMatch(/工单/);
  });

  it('takes the secretary\'s answer as a quote of the notice', async () => {
    const leo = wx.bot.world.person('wxid_leo', '褚老师');
    const seen = wx.bot.world.sentTo(wx.bot.secretary.id).length;
    const ticket = ticketIn((await leo.says('帮我查下我的入职体检报告合格了吗'))[0]);
    const notice = await nextFor(wx.bot.secretary, seen + 1);
    // How WeChat renders a quoted reply in the text it hands to Wechaty.
    const quoted = `「入职助手：${notice.slice(0, 40)}」\n- - - - - - - - - - - - - - -\n体检报告合格，已归档。`;
    expect((await wx.bot.secretary.says(quoted))[0]).toContain(`#${ticket}`);
    expect(await nextFor(leo, 2)).toContain('体检报告合格，已归档。');
  });

  it('delivers a relay that failed while the account was logged out after the next login', async () => {
    const mia = wx.bot.world.person('wxid_mia', '卫老师');
    const ticket = ticketIn((await mia.says('帮我查下我的档案到了没有'))[0]);
    await wx.bot.world.puppet.logout('test');
    const [pending] = await wx.bot.app.bot.handle({
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
    await wx.bot.world.login();
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
