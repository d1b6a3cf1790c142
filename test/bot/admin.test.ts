import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERED, openChat, removeDirs, type Chat } from './chat.js';

describe('admin commands', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await openChat();
  });
  afterAll(async () => {
    await chat.close();
    await removeDirs(chat.knowledgeDir, chat.dataDir);
  });

  it('refuses /reload to anyone but an admin, and reloads nothing', async () => {
    const before = chat.app.knowledge.lastReload;
    await chat.user('stranger').says('/reload').expectReply(/没有使用这个命令的权限/);
    await chat.user('sec').says('/reload').expectReply(/没有使用这个命令的权限/);
    expect(chat.app.knowledge.lastReload).toBe(before);
  });

  it('takes nobody who names themselves for staff, even under an admin\'s name', async () => {
    const before = chat.app.knowledge.lastReload;
    const replies = await chat.app.bot.handle({
      channel: 'test',
      conversationId: 'admin',
      userId: 'admin',
      text: '/reload',
      isGroup: false,
      mentionsBot: true,
      at: chat.clock.now(),
      selfNamed: true,
    });
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/没有使用这个命令的权限/)]);
    expect(chat.app.knowledge.lastReload).toBe(before);
  });

  it('reports how many documents loaded and how many did not, naming each problem by line in Chinese', async () => {
    await writeFile(join(chat.knowledgeDir, 'general', 'canteen.md'), '---\ntitle: 食堂\nupdated: 上周\n---\n\n# 食堂\n\n教工食堂在北区。\n');
    await writeFile(join(chat.knowledgeDir, 'general', 'bus.md'), '---\ntitle: "班车\ncategory: general\n---\n\n# 班车\n\n班车七点发车。\n');
    await writeFile(join(chat.knowledgeDir, 'general', 'gym.md'), '---\ntitle: 体育馆\ncategory: sports\n---\n\n# 体育馆\n\n体育馆在东区。\n');
    const documents = chat.app.knowledge.current().documents.length;
    const reply = await chat
      .user('admin')
      .says('/reload')
      .expectReply(/知识库已重新加载，用时 [\d.]+ 秒：\d+ 篇文档已加载，2 篇未加载；新增 1 篇/);
    expect(reply).toContain(`${documents + 1} 篇文档已加载`);
    expect(reply).toContain('general/canteen.md 第 3 行：“日期 updated”应是 2025-07-08 这样真实存在的日期（未加载）');
    expect(reply).toContain('general/bus.md 第 2 行：引号没有闭合（未加载）');
    expect(reply).toMatch(/general\/gym\.md 第 3 行：分类“sports”不认识，已按 general（综合）加载/);
    expect(reply).not.toMatch(/front matter|expected/);
    expect(chat.app.knowledge.current().documents.find((d) => d.path === 'general/gym.md')?.category).toBe('general');
  });

  it('keeps answering from the old index when a reload fails, and says which file broke', async () => {
    for (const name of ['canteen.md', 'bus.md', 'gym.md']) await rm(join(chat.knowledgeDir, 'general', name));
    const path = join(chat.knowledgeDir, 'checkin', 'checkin_notice_2025.md');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/^updated: .*$/m, 'updated: 八月'));
    await chat
      .user('admin')
      .says('/reload')
      .expectReply(/重新加载失败，机器人仍在使用原来的知识库[\s\S]*1 篇原来能加载的文档现在加载不了[\s\S]*checkin\/checkin_notice_2025\.md 第 \d+ 行：“日期 updated”/);
    await chat.user('newcomer').says('报到要带什么材料').expectReply(ANSWERED);
  });

  it('/stats counts questions of today and this week and lists frequent unanswered ones', async () => {
    const clock = chat.clock;
    clock.advance(-24 * 3_600_000);
    await chat.user('s1').says('学校附近停车月卡怎么办理').expectReply(/工单号/);
    clock.advance(24 * 3_600_000);
    await chat.user('s2').says('学校附近停车月卡怎么办理').expectReply(/工单号/);
    await chat.user('s3').says('报到要带什么材料').expectReply(ANSWERED);
    const stats = await chat.user('sec').says('/stats').expectReply(/问答统计/);
    const { today, week } = chat.app.questions.stats(clock.now());
    expect(week.total).toBe(today.total + 1);
    expect(stats).toContain(`今天：${today.total} 个问题，机器人直接回答 ${today.answered} 个，转人工 ${today.escalated} 个`);
    expect(stats).toContain(`本周：${week.total} 个问题`);
    expect(stats).toMatch(/待回复工单：2 个/);
    expect(stats).toMatch(/1\. 学校附近停车月卡怎么办理（2 次）/);
    await chat.user('s4').says('/stats').expectReply(/没有使用这个命令的权限/);
  });
});
