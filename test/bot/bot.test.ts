import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { ANSWERED, openChat, removeDirs, type Chat } from './chat.js';

describe('talking to the bot', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await openChat({ config: { bot: { ratePerMinute: 5, channelReplyChars: { test: 120 } } } });
  });
  afterAll(async () => {
    await chat.close();
    await removeDirs(chat.knowledgeDir, chat.dataDir);
  });

  it('answers a private question with its source, split to fit the channel', async () => {
    const replies = await chat.user('alice').says('报到要带什么材料？');
    const text = replies.map((r) => r.text).join('');
    expect(text).toMatch(ANSWERED);
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.text.length).toBeLessThanOrEqual(120);
    expect(replies.every((r) => r.mentionUserId === undefined)).toBe(true);
  });

  it('ignores group chatter and answers when @-mentioned, mentioning the asker', async () => {
    const bob = chat.member('newstaff-group', 'bob', '李老师');
    await bob.says('大家好，我是新来的').expectNoReply();
    await bob.says('报到要带什么材料').expectNoReply();
    const replies = await bob.asks('报到要带什么材料');
    expect(replies[0]).toMatchObject({ conversationId: 'newstaff-group', mentionUserId: 'bob' });
    expect(replies.map((r) => r.text).join('')).toMatch(ANSWERED);
  });

  it('gives a short guide for greetings, thanks and help, and opens no ticket for them', async () => {
    const carol = chat.user('carol');
    await carol.says('你好').expectReply(/入职助手[\s\S]*报到/);
    await carol.says('谢谢老师！').expectReply(/不客气[\s\S]*帮助/);
    await carol.says('好的').expectReply(/不客气/);
    await carol.says('？？').expectReply(/入职助手/);
    const carl = chat.user('carl');
    await carl.says('/help').expectReply(/入职助手/);
    const guide = await carl.says('帮助').expectReply(/入职助手/);
    expect(guide).not.toMatch(/\/reload/);
    await chat.user('sec').says('帮助').expectReply(/#工单号 \+faq[\s\S]*\/reload/);
    expect(chat.app.tickets.listOpen()).toEqual([]);
  });

  it('asks for text once when someone sends pictures, not for every picture', async () => {
    const dave = chat.user('dave');
    await dave.says('', { kind: 'non_text' }).expectReply(/只能看懂文字/);
    await dave.says('', { kind: 'non_text' }).expectNoReply();
    await dave.says('', { kind: 'non_text' }).expectNoReply();
    chat.clock.advance(11 * 60_000);
    await dave.says('', { kind: 'non_text' }).expectReply(/只能看懂文字/);
  });

  it('asks to shorten an over-long message', async () => {
    await chat.user('erin').says('请问'.repeat(260)).expectReply(/超过 500 字[\s\S]*精简/);
  });

  it('answers a message delivered twice only once', async () => {
    const frank = chat.user('frank');
    await frank.says('报到要带什么材料', { messageId: 'wx-42' }).expectReply(ANSWERED);
    await frank.says('报到要带什么材料', { messageId: 'wx-42' }).expectNoReply();
    await frank.says('报到要带什么材料', { messageId: 'wx-43' }).expectReply(ANSWERED);
  });

  it('slows down a person who sends too fast, with one friendly notice', async () => {
    const gina = chat.user('gina');
    for (let i = 0; i < 5; i++) await gina.says(`周转公寓最长能住几年 ${i}`).expectReply(/./);
    await gina.says('周转公寓最长能住几年').expectReply(/过一分钟再继续/);
    await gina.says('周转公寓最长能住几年').expectNoReply();
    await chat.user('henry').says('周转公寓最长能住几年').expectReply(/3年/);
    chat.clock.advance(61_000);
    await gina.says('周转公寓最长能住几年').expectReply(/3年/);
  });

  it('tells what went wrong with a command, without asking the knowledge base', async () => {
    await chat.user('ivan').says('/foo').expectReply(/不认识的命令“\/foo”[\s\S]*\/help/);
    await chat.user('ivan').says('/tickets').expectReply(/没有使用这个命令的权限/);
  });

  it('apologises briefly when something inside fails, and logs the error with the message id', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    const broken = await openChat({ knowledgeDir: chat.knowledgeDir, logger });
    broken.app.questions.record = () => {
      throw new Error('disk full');
    };
    await broken.user('judy').says('我的手机号13812345678，报到要带什么材料', { messageId: 'wx-7' }).expectReply(/出了点问题/);
    await broken.close();
    await removeDirs(broken.dataDir);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msgId: 'wx-7', err: { message: 'disk full' } });
    expect(lines[0]).not.toMatch(/13812345678/);
  });
});
