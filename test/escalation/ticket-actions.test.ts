import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import { Relays } from '../../src/escalation/relays.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import { TicketActions } from '../../src/escalation/ticket-actions.js';
import type { NewTicket } from '../../src/escalation/ticket-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { memoryOutbox, type MemoryOutbox } from './memory-outbox.js';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
const WANG = { id: 'web:wang', name: '王老师' };
const ZHAO = { id: 'web:zhao', name: '赵老师' };

const DOCUMENTS: Record<string, string> = { 'housing/apartment.md': '第五条 入住时缴纳押金，押金为一个月租金。' };
// A ticket the bot escalated for doubt, with the reply it drafted and did not send.
const doubtful = (id: string): NewTicket => ({
  ...newTicket(id, '周转公寓押金多少'), reason: 'low_confidence', draft: '押金为一个月租金。',
  candidates: [{ path: 'housing/apartment.md', title: '周转公寓管理办法', heading: '第五条', score: 0.6 }],
});

const newTicket = (id: string, question = '我的档案到了没有'): NewTicket => ({
  id, reason: 'personal_case', channel: 'qq', conversationId: 'private:20011', askerId: 'qq:20011', askerName: '新同事',
  isGroup: false, question, history: [], candidates: [],
});

describe('what a secretary\'s ticket commands do', () => {
  let dir: string;
  let tickets: SqliteTicketStore;
  let box: MemoryOutbox;
  let actions: TicketActions;
  const clock = fixedClock(WEDNESDAY_10AM);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ticket-actions-'));
    tickets = new SqliteTicketStore(join(dir, 'tickets.db'));
    box = memoryOutbox({ clock });
    const templates = loadTemplates(PROMPTS);
    const log = silentLogger();
    actions = new TicketActions({
      tickets, outbox: box.outbox, relays: new Relays({ tickets, outbox: box.outbox, templates, clock, log }), templates, clock, log,
      officeHours: new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' }),
      knowledgeDir: join(dir, 'knowledge'), confirmWaitMs: 50, reload: async () => 'reloaded',
      documentText: () => (path) => DOCUMENTS[path] ?? '',
    });
  });
  afterEach(async () => {
    await box.close();
    tickets.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('names a ticket that does not exist, and asks for the answer when only the id was sent', async () => {
    await tickets.create(newTicket('AB12'), clock.now());
    expect(await actions.carryOut(WANG, { ticketId: 'ZZ99', action: 'close' }, { takeOver: true })).toEqual({ outcome: 'not_found', message: expect.stringContaining('没有找到工单 #ZZ99') });
    const missing = await actions.carryOut(WANG, { ticketId: 'AB12', action: 'answer', answer: '' }, { takeOver: true });
    expect(missing.outcome).toBe('answer_missing');
    expect(tickets.get('AB12')!.status).toBe('open');
  });

  it('leaves a ticket another secretary claimed unless told to take it over', async () => {
    await tickets.create(newTicket('CD34'), clock.now());
    tickets.claim('CD34', ZHAO, clock.now());
    const asked = await actions.carryOut(WANG, { ticketId: 'CD34', action: 'answer', answer: '档案已到。' }, { takeOver: false });
    expect(asked.outcome).toBe('claimed');
    expect(asked.message).toMatch(/^工单 #CD34 已由 赵老师 在处理/);
    expect(tickets.get('CD34')!.status).toBe('open');

    const taken = await actions.carryOut(WANG, { ticketId: 'CD34', action: 'answer', answer: '档案已到。' }, { takeOver: true });
    expect(taken.outcome).toBe('done');
    expect(taken.ticket).toMatchObject({ status: 'answered', answer: '档案已到。', answeredBy: WANG.id });
    expect(taken.message).toMatch(/\n工单 #CD34 原由 赵老师 认领（.+），已改由你处理。$/);

    await tickets.create(newTicket('CD35'), clock.now());
    tickets.claim('CD35', ZHAO, clock.now());
    const closed = await actions.carryOut(WANG, { ticketId: 'CD35', action: 'close' }, { takeOver: true });
    expect(closed.message).toContain('原由 赵老师 认领');
    // One's own claim is no news.
    await tickets.create(newTicket('CD36'), clock.now());
    tickets.claim('CD36', WANG, clock.now());
    expect((await actions.carryOut(WANG, { ticketId: 'CD36', action: 'close' }, { takeOver: true })).message).not.toContain('认领');
  });

  it('stores the answer for the asker and says it is queued while their platform is away; a second answer is refused, naming the first', async () => {
    await tickets.create(newTicket('EF56'), clock.now());
    const answered = await actions.carryOut(WANG, { ticketId: 'EF56', action: 'answer', answer: '档案已到。' }, { takeOver: true });
    expect(answered.message).toMatch(/^已记录工单 #EF56 的回复。.*QQ暂时未连接，回复已排队保存/);
    expect(box.store.forTicket('EF56', 'relay').map((m) => m.text)).toEqual([expect.stringContaining('档案已到。')]);

    const again = await actions.carryOut(ZHAO, { ticketId: 'EF56', action: 'answer', answer: '另一个答复' }, { takeOver: true });
    expect(again.outcome).toBe('not_open');
    expect(again.message).toMatch(/^工单 #EF56 已经处理过了（王老师 于 /);
    expect(box.store.forTicket('EF56', 'relay')).toHaveLength(1);
  });

  it('sends the bot\'s draft with its source when the secretary answers "采用", and keeps it as a FAQ with "+faq 采用"', async () => {
    await tickets.create(doubtful('DR01'), clock.now());
    const sent = await actions.carryOut(WANG, { ticketId: 'DR01', action: 'answer', answer: '', useDraft: true }, { takeOver: true });
    expect(sent.outcome).toBe('done');
    expect(sent.ticket?.answer).toBe('押金为一个月租金。\n（依据：《周转公寓管理办法》 第五条）');
    expect(box.store.forTicket('DR01', 'relay').map((m) => m.text)).toEqual([expect.stringContaining('押金为一个月租金。')]);

    await tickets.create(doubtful('DR02'), clock.now());
    const kept = await actions.carryOut(WANG, { ticketId: 'DR02', action: 'faq', answer: '', useDraft: true }, { takeOver: true });
    expect(kept.message).toContain('reloaded');
    // The FAQ holds the answer; the bot names the FAQ itself as the source when it quotes it.
    const faq = await readFile(join(dir, 'knowledge', tickets.get('DR02')!.savedAsFaq!), 'utf8');
    expect(faq).toContain('答：押金为一个月租金。');
    expect(faq).not.toContain('依据');
  });

  it('keeps the answer box as the console filled it for the asker, and leaves its 依据 line out of the FAQ', async () => {
    await tickets.create(doubtful('DR03'), clock.now());
    const box = '押金为一个月租金，入住时交。\n（依据：《周转公寓管理办法》 第五条）';
    const kept = await actions.carryOut(WANG, { ticketId: 'DR03', action: 'faq', answer: box }, { takeOver: true });
    expect(kept.ticket?.answer).toBe(box);
    const faq = await readFile(join(dir, 'knowledge', tickets.get('DR03')!.savedAsFaq!), 'utf8');
    expect(faq).toContain('答：押金为一个月租金，入住时交。');
    expect(faq).not.toContain('依据');
  });

  it('does not send a draft whose documents a reload removed, and says why', async () => {
    await tickets.create({ ...doubtful('DR04'), candidates: [{ path: 'housing/removed.md', title: '旧办法', score: 0.6 }] }, clock.now());
    const refused = await actions.carryOut(WANG, { ticketId: 'DR04', action: 'answer', answer: '', useDraft: true }, { takeOver: true });
    expect(refused).toMatchObject({ outcome: 'answer_missing', message: expect.stringContaining('已经更新或从知识库里删除') });
    expect(tickets.get('DR04')!.status).toBe('open');
  });

  it('does not send a draft that the documents, rewritten since, no longer say', async () => {
    await tickets.create(doubtful('DR05'), clock.now());
    const before = DOCUMENTS['housing/apartment.md']!;
    DOCUMENTS['housing/apartment.md'] = '第五条 入住时缴纳押金，押金为两个月租金。';
    try {
      const refused = await actions.carryOut(WANG, { ticketId: 'DR05', action: 'answer', answer: '', useDraft: true }, { takeOver: true });
      expect(refused).toMatchObject({ outcome: 'answer_missing', message: expect.stringContaining('已经更新') });
      expect(box.store.forTicket('DR05', 'relay')).toEqual([]);
    } finally {
      DOCUMENTS['housing/apartment.md'] = before;
    }
  });

  it('asks for an answer when "采用" names a ticket with no draft, and leaves the ticket open', async () => {
    await tickets.create(newTicket('DR03'), clock.now());
    const refused = await actions.carryOut(WANG, { ticketId: 'DR03', action: 'answer', answer: '', useDraft: true }, { takeOver: true });
    expect(refused).toMatchObject({ outcome: 'answer_missing', message: expect.stringContaining('没有机器人拟的回复') });
    expect(tickets.get('DR03')!.status).toBe('open');
    expect(box.store.forTicket('DR03', 'relay')).toEqual([]);
  });

  it('closes a ticket without telling the asker, and lists only the open ones', async () => {
    expect(actions.listOpen()).toBe('目前没有待回复的工单。');
    await tickets.create(newTicket('GH78', '公积金怎么转'), clock.now());
    await tickets.create(newTicket('JK90', '工资卡绑定哪个银行'), clock.now());
    const closed = await actions.carryOut(WANG, { ticketId: 'GH78', action: 'close' }, { takeOver: true });
    expect(closed.message).toBe('工单 #GH78 已关闭，没有通知提问人。');
    expect(box.store.forTicket('GH78', 'relay')).toEqual([]);
    const list = actions.listOpen();
    expect(list).toContain('#JK90');
    expect(list).toContain('工资卡绑定哪个银行');
    expect(list).not.toContain('#GH78');
  });
});
