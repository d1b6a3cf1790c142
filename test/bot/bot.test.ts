import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Decision } from '../../src/answer/answerer.js';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { Bot } from '../../src/bot/bot.js';
import { QuestionFlow } from '../../src/bot/question-flow.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Incoming } from '../../src/core/types.js';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import type { SecretaryDesk } from '../../src/escalation/secretary-desk.js';
import { SqliteQuestionLog } from '../../src/escalation/sqlite-question-log.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import type { TicketCommand } from '../../src/escalation/ticket-command.js';
import { createLogger, silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { ANSWERED, openChat, removeDirs, WEDNESDAY_10AM, type Chat } from './chat.js';

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

describe('the Bot on its own', () => {
  const HOUSING = { path: 'housing/flats.md', title: '周转公寓申请指南', score: 0.9 };

  /**
   * A Bot over a real question flow whose answerer answers questions about the flat and
   * escalates the rest (recording the history it was given), tickets and questions in memory,
   * and a desk that only records the commands it is handed.
   */
  function openBot() {
    const tickets = new SqliteTicketStore(':memory:');
    const questions = new SqliteQuestionLog(':memory:', new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' }));
    onTestFinished(() => {
      tickets.dispose();
      questions.dispose();
    });
    const histories: string[][] = [];
    const commands: Array<{ from: string; name?: string; command: TicketCommand }> = [];
    const reloads: string[] = [];
    const answer = async ({ text, history }: { text: string; history: string[] }): Promise<Decision> => {
      histories.push(history);
      return text.includes('公寓')
        ? { kind: 'answer', text: '周转公寓租期最长3年。', sources: [HOUSING], confidence: 0.9, cited: 1 }
        : { kind: 'escalate', reason: 'personal_case', confidence: 0, candidates: [] };
    };
    const templates = loadTemplates(DEFAULT_PROMPTS_DIR);
    const clock = fixedClock(WEDNESDAY_10AM);
    const desk = {
      handle: async (from: { id: string; name?: string }, command: TicketCommand) => (commands.push({ from: from.id, name: from.name, command }), '已转告'),
      listOpen: () => '没有待回复的工单',
    } as Pick<SecretaryDesk, 'handle' | 'listOpen'> as SecretaryDesk;
    const bot = new Bot({
      flow: new QuestionFlow({ answerer: { answer }, tickets, templates, clock, ids: { ticketId: () => `B${tickets.countOpen() + 1}` }, log: silentLogger() }),
      desk, questions, tickets, templates, clock, log: silentLogger(),
      settings: { maxMessageChars: 500, ratePerMinute: 10, historyTurns: 4, historyTtlMinutes: 30, nonTextNoticeMinutes: 10 },
      admins: ['test:admin'], secretaries: ['test:sec'], limitFor: () => 2000,
      reload: async () => (reloads.push('reload'), '知识库已重新加载'),
    });
    const says = (userId: string, text: string, more: Partial<Incoming> = {}) =>
      bot.handle({ channel: 'test', conversationId: userId, userId, text, isGroup: false, mentionsBot: false, at: clock.now(), ...more });
    return { says, histories, commands, reloads };
  }

  it('puts on an answer what it rests on, for channels that show sources', async () => {
    const [reply] = await openBot().says('lin', '周转公寓能住几年');
    expect(reply).toEqual({
      conversationId: 'lin',
      text: '周转公寓租期最长3年。\n\n📄 来源：《周转公寓申请指南》',
      basis: { escalated: false, reason: null, confidence: 0.9, sources: [HOUSING], cited: 1, answer: '周转公寓租期最长3年。' },
    });
  });

  it('hands the question flow the asker’s earlier questions in this conversation, or the ones the channel brings', async () => {
    const { says, histories } = openBot();
    await says('lin', '周转公寓怎么申请');
    await says('lin', '那公寓押金呢');
    await says('lin', '公寓在哪里', { history: ['网页上问过的'] });
    expect(histories).toEqual([[], ['周转公寓怎么申请'], ['网页上问过的']]);
  });

  it('names the ticket on an escalation, and says it is still open when the same question comes again', async () => {
    const { says } = openBot();
    const [first] = await says('zhou', '我的档案到了吗');
    expect(first).toMatchObject({ ticketId: 'B1', basis: { escalated: true, reason: 'personal_case' } });
    expect(first!.text).toContain('工单号 #B1');
    const [again] = await says('zhou', '我的档案到了吗');
    expect(again).toMatchObject({ ticketId: 'B1', text: expect.stringMatching(/已经转给人事秘书了（工单号 #B1）/) });
  });

  it('hands staff ticket commands to the desk, in a group even without an @; anyone else’s is a question', async () => {
    const { says, commands } = openBot();
    const [done] = await says('sec', '#B7 档案已到', { userName: '王秘书', conversationId: 'hr-group', isGroup: true });
    expect(done).toMatchObject({ conversationId: 'hr-group', mentionUserId: 'sec', text: '已转告' });
    expect(commands).toEqual([{ from: 'test:sec', name: '王秘书', command: { ticketId: 'B7', action: 'answer', answer: '档案已到' } }]);
    const [asked] = await says('lin', '#B7 档案已到');
    expect(asked!.text).toMatch(/工单号 #B1/);
    expect(commands).toHaveLength(1);
  });

  it('reloads for an admin and answers with what the reload says', async () => {
    const { says, reloads } = openBot();
    expect((await says('admin', '/reload')).map((r) => r.text)).toEqual(['知识库已重新加载']);
    expect(reloads).toEqual(['reload']);
  });
});
