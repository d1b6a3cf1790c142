import { describe, expect, it, onTestFinished } from 'vitest';
import type { Decision } from '../../src/answer/answerer.js';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { QuestionFlow } from '../../src/bot/question-flow.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Source } from '../../src/core/types.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import type { Ticket } from '../../src/escalation/ticket-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';

const templates = loadTemplates(DEFAULT_PROMPTS_DIR);
const HOUSING: Source = { path: 'housing/flats.md', title: '青屿大学周转公寓申请公告', updated: '2025-08-01', score: 0.91234 };
const CHECKIN: Source = { path: 'checkin/notice.md', title: '新进教职工报到通知', score: 0.4 };

/** A flow whose answerer always decides `decision`, over tickets in memory; `notified` holds each new ticket as the flow announced it. */
function flowDeciding(decision: Decision, officeHoursNote?: (at: Date) => string, ids?: () => string) {
  const tickets = new SqliteTicketStore(':memory:');
  onTestFinished(() => tickets.dispose());
  const notified: Array<{ ticket: Ticket; stored: boolean }> = [];
  let next = 0;
  const flow = new QuestionFlow({
    answerer: { answer: async () => decision },
    tickets,
    templates,
    clock: fixedClock(new Date('2026-11-25T02:00:00Z')),
    ids: { ticketId: ids ?? (() => `QF${++next}`) },
    log: silentLogger(),
    officeHoursNote,
    onTicket: (ticket) => void notified.push({ ticket, stored: tickets.get(ticket.id) !== undefined }),
  });
  return { flow, tickets, notified };
}

describe('one question through the flow', () => {
  it('answers with the text and names only the documents the text quotes', async () => {
    const { flow, tickets } = flowDeciding({ kind: 'answer', text: '周转公寓租期最长3年。', sources: [HOUSING, CHECKIN], confidence: 0.87654, cited: 1 });
    const { output, outcome, ticket } = await flow.ask({ id: 'q1', text: '周转公寓能住几年', userId: 'zhang' });
    expect(output.reply).toBe('周转公寓租期最长3年。\n\n📄 来源：《青屿大学周转公寓申请公告》（2025-08-01 更新）');
    expect(output).toMatchObject({ id: 'q1', escalated: false, reason: null, confidence: 0.877 });
    // The related document stays in the output for the channels that show it, with its score rounded.
    expect(output.sources).toEqual([
      { path: 'housing/flats.md', title: '青屿大学周转公寓申请公告', score: 0.912 },
      { path: 'checkin/notice.md', title: '新进教职工报到通知', score: 0.4 },
    ]);
    expect(outcome.kind).toBe('answer');
    expect(ticket).toBeUndefined();
    expect(tickets.listOpen()).toEqual([]);
  });

  it('draws another ticket number when the one drawn is taken, so no question is lost to a clash of short ids', async () => {
    const drawn = ['K7Q2M', 'K7Q2M', 'K7Q2M', 'PGCQT'];
    const { flow, tickets } = flowDeciding({ kind: 'escalate', reason: 'no_match', confidence: 0, candidates: [] }, undefined, () => drawn.shift()!);
    await flow.ask({ text: '游泳馆几点开放', userId: 'zhang' });
    const second = await flow.ask({ text: '停车证去哪办', userId: 'li' });
    expect(second.output.ticketId).toBe('PGCQT');
    expect(tickets.listOpen().map((t) => [t.id, t.question])).toEqual([['K7Q2M', '游泳馆几点开放'], ['PGCQT', '停车证去哪办']]);
  });

  it('keeps no draft for the secretary that is more likely wrong than right, only the documents to look in', async () => {
    const { flow, tickets } = flowDeciding({ kind: 'escalate', reason: 'low_confidence', confidence: 0.06, candidates: [CHECKIN], draft: '人事秘书会在线审核材料。' });
    const { ticket } = await flow.ask({ text: '选课怎么退', userId: 'zhang' });
    expect(tickets.get(ticket!.id)).toMatchObject({ reason: 'low_confidence', candidates: [CHECKIN] });
    expect(tickets.get(ticket!.id)!.draft).toBeUndefined();
  });

  it('opens a ticket when the answer is unsure, announces it before replying, and tells the asker its number', async () => {
    const draft = '集中报到时间为8月25日至8月29日。';
    const { flow, tickets, notified } = flowDeciding({ kind: 'escalate', reason: 'low_confidence', confidence: 0.62, candidates: [CHECKIN], draft });
    const { output, ticket } = await flow.ask({ text: '周末能报到吗', history: ['报到在哪里'], userId: 'zhang', userName: '张老师', channel: 'web' });
    expect(output).toMatchObject({ escalated: true, reason: 'low_confidence', ticketId: 'QF1', confidence: 0.62 });
    expect(output.reply).toMatch(/人事秘书/);
    expect(output.reply).toContain('工单号 #QF1');
    // The unsure draft and the candidates are for the secretary, never for the asker.
    expect(output.reply).not.toContain(draft);
    expect(output.reply).not.toContain('来源');
    expect(tickets.get('QF1')).toMatchObject({
      status: 'open', reason: 'low_confidence', channel: 'web', conversationId: 'zhang', askerId: 'web:zhang', askerName: '张老师',
      question: '周末能报到吗', history: ['报到在哪里'], draft, candidates: [CHECKIN],
    });
    expect(ticket?.id).toBe('QF1');
    expect(notified).toEqual([{ ticket: expect.objectContaining({ id: 'QF1' }), stored: true }]);
  });

  it('gives the asker their open ticket again for the same question, opening no second one', async () => {
    const { flow, tickets, notified } = flowDeciding({ kind: 'escalate', reason: 'personal_case', confidence: 0, candidates: [] });
    const first = await flow.ask({ text: '我的档案到了吗', userId: 'li' });
    const again = await flow.ask({ text: '我的档案到了吗', userId: 'li' });
    expect(first.repeated).toBe(false);
    expect(again).toMatchObject({ repeated: true, output: { ticketId: first.output.ticketId } });
    // Someone else asking the same opens their own.
    const other = await flow.ask({ text: '我的档案到了吗', userId: 'wang' });
    expect(other.output.ticketId).not.toBe(first.output.ticketId);
    expect(tickets.listOpen()).toHaveLength(2);
    expect(notified).toHaveLength(2);
  });

  it.each([
    ['no_match', /资料里没有这方面的说明/],
    ['human_request', /已为你转人工/],
    ['personal_case', /本人的具体情况/],
    ['complaint', /你的意见已转给人事秘书/],
  ] as const)('words a %s escalation for its reason', async (reason, words) => {
    const { flow } = flowDeciding({ kind: 'escalate', reason, confidence: 0, candidates: [] });
    const { output } = await flow.ask({ text: '我想问一件事', userId: 'zhao' });
    expect(output.reply).toMatch(words);
    expect(output.reply).toContain(`工单号 #${output.ticketId}`);
  });

  it('tells an asker outside office hours when the secretary will be back', async () => {
    const { flow } = flowDeciding({ kind: 'escalate', reason: 'no_match', confidence: 0, candidates: [] }, () => '（周一 08:30 上班后回复）');
    const { output } = await flow.ask({ text: '周末有人值班吗', userId: 'sun' });
    expect(output.reply).toMatch(/工单号 #QF1（周一 08:30 上班后回复）$/);
  });
});
