import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import type { QuestionEntry } from '../../src/escalation/question-log.js';
import { SqliteQuestionLog } from '../../src/escalation/sqlite-question-log.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';

const office = new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' });
// Wednesday 25 November 2026, 14:00 in Shanghai.
const now = new Date('2026-11-25T06:00:00Z');

function entry(at: string, over: Partial<QuestionEntry> = {}): QuestionEntry {
  return {
    at: new Date(at), channel: 'wecom', conversationId: 'zhang', askerId: 'wecom:zhang', text: '报到要带什么',
    escalated: false, reason: null, confidence: 0.9, ...over,
  };
}
const escalated = (at: string, text: string): QuestionEntry => entry(at, { text, escalated: true, reason: 'low_confidence', confidence: 0.2 });

describe('the question log in SQLite', () => {
  let dir: string;
  let file: string;
  const opened: SqliteQuestionLog[] = [];
  const open = () => {
    const log = new SqliteQuestionLog(file, office);
    opened.push(log);
    return log;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'questions-'));
    file = join(dir, 'bot.db');
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) log.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("counts today's and this week's questions by the office's calendar, answered and escalated", async () => {
    const log = open();
    await log.record(entry('2026-11-24T17:00:00Z')); // Wednesday 01:00 local: today
    await log.record(escalated('2026-11-25T05:59:00Z', '能否报销搬家费')); // today
    await log.record(entry('2026-11-24T15:00:00Z')); // Tuesday 23:00 local: this week only
    await log.record(entry('2026-11-22T15:00:00Z')); // Sunday 23:00 local: last week
    await log.record(entry('2026-11-25T06:00:01Z')); // after now
    expect(log.stats(now)).toEqual({
      today: { total: 2, escalated: 1, answered: 1 },
      week: { total: 3, escalated: 1, answered: 2 },
    });
  });

  it('counts nothing on an empty log', () => {
    expect(open().stats(now)).toEqual({
      today: { total: 0, escalated: 0, answered: 0 },
      week: { total: 0, escalated: 0, answered: 0 },
    });
  });

  it('keeps what it recorded once record resolves, across a reopen of the file', async () => {
    const first = open();
    await first.record(escalated('2026-11-25T01:00:00Z', "O'Brien 的'; DROP TABLE questions; --"));
    first.dispose();
    first.dispose();
    const again = open();
    expect(again.stats(now).today).toEqual({ total: 1, escalated: 1, answered: 0 });
    expect(again.recentUnanswered(7, now)).toEqual([{ text: "O'Brien 的'; DROP TABLE questions; --", count: 1, lastAt: new Date('2026-11-25T01:00:00Z') }]);
  });

  it('lists the most asked escalated questions of the last days, most often first', async () => {
    const log = open();
    await log.record(escalated('2026-11-20T01:00:00Z', '公积金怎么转入'));
    await log.record(escalated('2026-11-24T01:00:00Z', '公积金怎么转入'));
    await log.record(escalated('2026-11-24T02:00:00Z', '能否报销搬家费'));
    await log.record(escalated('2026-11-25T02:00:00Z', '子女入学'));
    await log.record(escalated('2026-11-10T01:00:00Z', '子女入学')); // older than the window
    await log.record(escalated('2026-11-25T03:00:00Z', '')); // a picture: no text to show
    await log.record(entry('2026-11-25T03:00:00Z', { text: '公积金怎么转入' })); // answered
    expect(log.recentUnanswered(7, now)).toEqual([
      { text: '公积金怎么转入', count: 2, lastAt: new Date('2026-11-24T01:00:00Z') },
      { text: '子女入学', count: 1, lastAt: new Date('2026-11-25T02:00:00Z') },
      { text: '能否报销搬家费', count: 1, lastAt: new Date('2026-11-24T02:00:00Z') },
    ]);
    expect(log.recentUnanswered(7, now, 1).map((q) => q.text)).toEqual(['公积金怎么转入']);
  });

  it('lists answers given with low confidence since a time, oldest first, without escalations', async () => {
    const log = open();
    await log.record(entry('2026-11-25T03:00:00Z', { text: '食堂在哪', confidence: 0.4 }));
    await log.record(entry('2026-11-25T01:00:00Z', { text: '校车几点', confidence: 0.3 }));
    await log.record(entry('2026-11-25T02:00:00Z', { text: '门禁卡', confidence: 0.8 })); // confident
    await log.record(entry('2026-11-23T01:00:00Z', { text: '停车', confidence: 0.1 })); // before since
    await log.record(escalated('2026-11-25T02:30:00Z', '搬家费'));
    expect(log.lowConfidenceAnswers(new Date('2026-11-24T00:00:00Z'), 0.5)).toEqual([
      { text: '校车几点', at: new Date('2026-11-25T01:00:00Z'), confidence: 0.3 },
      { text: '食堂在哪', at: new Date('2026-11-25T03:00:00Z'), confidence: 0.4 },
    ]);
  });

  it("gives a conversation's latest questions of one asker in the order asked, and nobody else's", async () => {
    const log = open();
    const since = new Date('2026-11-25T00:00:00Z');
    await log.record(entry('2026-11-24T23:00:00Z', { text: '昨天的问题' }));
    for (const text of ['一', '二', '三']) await log.record(entry('2026-11-25T01:00:00Z', { text }));
    await log.record(entry('2026-11-25T01:00:00Z', { text: '' }));
    await log.record(entry('2026-11-25T01:00:00Z', { text: '别人的', askerId: 'wecom:li' }));
    await log.record(entry('2026-11-25T01:00:00Z', { text: '别的渠道', channel: 'qq' }));
    await log.record(entry('2026-11-25T01:00:00Z', { text: '群里的', conversationId: 'group-1' }));
    const who = { channel: 'wecom', conversationId: 'zhang', askerId: 'wecom:zhang' };
    expect(log.recentTexts(who, since, 2)).toEqual(['二', '三']);
    expect(log.recentTexts(who, since, 10)).toEqual(['一', '二', '三']);
    expect(log.recentTexts(who, since, 0)).toEqual([]);
  });

  it('shares its file with the ticket store', async () => {
    const tickets = new SqliteTicketStore(file);
    try {
      const log = open();
      await log.record(escalated('2026-11-25T01:00:00Z', '搬家费'));
      await tickets.create(
        { id: 'AB12C', reason: 'low_confidence', channel: 'wecom', conversationId: 'zhang', askerId: 'wecom:zhang', isGroup: false, question: '搬家费', history: [], candidates: [] },
        now,
      );
      expect(tickets.get('AB12C')).toMatchObject({ question: '搬家费' });
      expect(log.stats(now).today.escalated).toBe(1);
    } finally {
      tickets.dispose();
    }
  });
});
