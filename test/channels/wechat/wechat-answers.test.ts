import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { useBotOnWeChat } from './bot-on-wechat.js';

describe('answering new staff on WeChat (wechaty-puppet-mock)', () => {
  const wx = useBotOnWeChat();

  it('answers a private question with its source', async () => {
    const alice = wx.bot.world.person('wxid_alice', '张老师');
    const [reply] = await alice.says('报到要带什么材料');
    expect(reply).toMatch(/报到/);
    expect(reply).toMatch(/来源/);
    expect(reply).not.toMatch(/工单/);
  });

  it('in a group ignores a question or an image without @ and answers one with @, mentioning the asker', async () => {
    const bob = wx.bot.world.person('wxid_bob', '李博士');
    const other = wx.bot.world.person('wxid_other', '赵老师');
    const room = wx.bot.world.room('2026newstaff@chatroom', '2026级新教工群', [bob, other]);
    bob.saysInRoom(room, '校园卡怎么办理', false);
    wx.bot.world.deliver({ talker: bob, room, type: types.Message.Image });
    bob.saysInRoom(room, '报到要带什么材料', true);
    // One person's messages are handled in order, so the first two were dropped once the third is answered.
    const [answer] = await wx.bot.world.waitForSent(room.id, 1);
    expect(answer!.mentionIds).toEqual([bob.id]);
    expect(answer!.text).toMatch(/^@李博士 [\s\S]*来源/);
    expect(answer!.text).not.toMatch(/校园卡/);
    expect(wx.bot.world.sentTo(room.id)).toHaveLength(1);
  });

  it('refuses /reload from a non-admin and runs it for the admin', async () => {
    const gina = wx.bot.world.person('wxid_gina', '郑老师');
    expect(await gina.says('/reload')).toEqual([expect.stringMatching(/没有使用这个命令的权限/)]);
    const [report] = await wx.bot.admin.says('/reload');
    expect(report).toMatch(/知识库已重新加载/);
  });

  it('keeps answering from the old index when a reload meets a broken document', async () => {
    const broken = join(wx.dirs.knowledgeDir, 'checkin', 'broken.md');
    writeFileSync(broken, '---\ntitle: [报到须知\n---\n正文\n');
    try {
      const [report] = await wx.bot.admin.says('/reload');
      expect(report).toContain('broken.md');
      const kate = wx.bot.world.person('wxid_kate', '冯老师');
      const [answer] = await kate.says('报到要带什么材料');
      expect(answer).toMatch(/来源/);
      expect(answer).not.toMatch(/工单/);
    } finally {
      rmSync(broken);
    }
  });

  it('answers a message WeChat delivers twice only once', async () => {
    const nina = wx.bot.world.person('wxid_nina', '蒋老师');
    const id = wx.bot.world.deliver({ talker: nina, text: '报到要带什么材料' });
    wx.bot.world.puppet.emit('message', { messageId: id });
    nina.send('帮助');
    // Her messages are handled in order: the second reply is the guide only if the repeat got none.
    const [answer, guide] = await wx.bot.world.waitForSent(nina.id, 2);
    expect(answer!.text).toMatch(/来源/);
    expect(guide!.text).toMatch(/入职助手/);
  });

  it('answers an image with the text-only notice', async () => {
    const henry = wx.bot.world.person('wxid_henry', '孙老师');
    wx.bot.world.deliver({ talker: henry, type: types.Message.Image });
    const [notice] = await wx.bot.world.waitForSent(henry.id, 1);
    expect(notice!.text).toMatch(/只能看懂文字/);
  });
});
