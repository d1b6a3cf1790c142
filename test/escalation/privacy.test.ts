import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/escalation/open-database.js';
import { erasePerson, eraseTextsBefore } from '../../src/escalation/privacy.js';
import { createLogger } from '../../src/logging/logger.js';
import { sampleDataDir } from '../sample-index.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const DAY = 86_400_000;

describe('privacy: what is kept, and for how long', () => {
  let app: App | undefined;
  let dataDir: string;
  afterEach(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function open(start: Date, retainDays = 180) {
    const clock = fixedClock(start);
    app = await createApp({ knowledgeDir: KNOWLEDGE, dataDir, env: {}, clock, logger: createLogger({ level: 'silent' }), config: { privacy: { retainDays } } });
    return { app, clock };
  }

  async function askAndLog(a: App, at: Date, user: string, text: string) {
    const out = await a.ask({ text, history: [], userId: user, channel: 'web' });
    await a.questions.record({ at, channel: 'web', conversationId: user, askerId: `web:${user}`, text, escalated: out.escalated, reason: out.reason, confidence: out.confidence, ticketId: out.ticketId });
    return out;
  }

  it('forgets one person: their texts blank, everyone else and every count kept', async () => {
    dataDir = await sampleDataDir('privacy');
    const { app: a, clock } = await open(new Date('2026-11-25T02:00:00Z'));
    const mine = await askAndLog(a, clock.now(), 'zhang', '帮我查下我的档案到了没有 身份证号110101199001011234');
    const theirs = await askAndLog(a, clock.now(), 'li', '帮我查下我的报到材料审核到哪了');
    a.tickets.answer(mine.ticketId!, '档案已到。', 'web:secretary', clock.now());

    const db = openDatabase(join(dataDir, 'tickets.db'));
    expect(erasePerson(db, 'web:zhang')).toMatchObject({ questions: 1, tickets: 1 });
    db.close();

    expect(a.tickets.get(mine.ticketId!)).toMatchObject({ question: '', history: [], answer: '', status: 'answered' });
    expect(a.tickets.get(theirs.ticketId!)?.question).toBe('帮我查下我的报到材料审核到哪了');
    expect(a.questions.stats(clock.now()).today.total).toBe(2);
    const unanswered = a.questions.recentUnanswered(30, clock.now()).map((q) => q.text);
    expect(unanswered).not.toContain('帮我查下我的档案到了没有 身份证号110101199001011234');
    expect(unanswered).toContain('帮我查下我的报到材料审核到哪了');
  });

  it('blanks texts past the retention limit when the bot starts, but not an open ticket', async () => {
    dataDir = await sampleDataDir('privacy');
    const start = new Date('2026-01-05T02:00:00Z');
    const { app: first, clock } = await open(start);
    const old = await askAndLog(first, clock.now(), 'wang', '帮我查下我的公积金到账了吗');
    const stillOpen = await askAndLog(first, clock.now(), 'zhao', '帮我看下我的调档函批了没');
    first.tickets.answer(old.ticketId!, '已到账。', 'web:secretary', clock.now());
    await first.close();
    app = undefined;

    // A restart 200 days later, with the default 180 days.
    const { app: later } = await open(new Date(start.getTime() + 200 * DAY));
    expect(later.tickets.get(old.ticketId!)).toMatchObject({ question: '', answer: '' });
    expect(later.tickets.get(stillOpen.ticketId!)?.question).toBe('帮我看下我的调档函批了没');
    const db = openDatabase(join(dataDir, 'tickets.db'));
    const texts = db.prepare('SELECT text FROM questions').all() as Array<{ text: string }>;
    expect(texts.map((t) => t.text)).toEqual(['', '']);
    // Nothing left to blank a second time.
    expect(eraseTextsBefore(db, new Date(start.getTime() + 20 * DAY))).toEqual({ questions: 0, tickets: 0, inbox: 0, outbox: 0 });
    db.close();
  });
});
