import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIND_OPEN, SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import type { NewTicket } from '../../src/escalation/ticket-store.js';

const at = new Date('2026-11-25T02:00:00Z');
const ticket = (id: string): NewTicket => ({
  id, reason: 'low_confidence', channel: 'web', conversationId: 'v1', askerId: 'web:v1', isGroup: false,
  question: '集中报到在哪里', history: [], candidates: [],
});

describe('tickets in SQLite', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickets-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('answers a ticket once: a second answer, even from another connection to the file, changes nothing', async () => {
    const file = join(dir, 'tickets.db');
    const first = new SqliteTicketStore(file);
    const second = new SqliteTicketStore(file);
    await first.create(ticket('AB12C'), at);
    expect(first.answer('AB12C', '在行政楼 201。', { id: 'web:wang', name: '王老师' }, at)).toMatchObject({ status: 'answered', answeredByName: '王老师' });
    expect(second.answer('AB12C', '在图书馆。', { id: 'web:zhao' }, at)).toBeUndefined();
    expect(second.close('AB12C', 'web:zhao', at)).toBeUndefined();
    expect(second.get('AB12C')).toMatchObject({ answer: '在行政楼 201。', answeredBy: 'web:wang' });
    first.dispose();
    second.dispose();
  });

  it('returns from create the ticket a later read finds, history, sources and draft included', async () => {
    const store = new SqliteTicketStore(join(dir, 'tickets.db'));
    const created = await store.create(
      { ...ticket('RT07K'), askerName: '新老师', history: ['周转公寓怎么申请？'], candidates: [{ path: 'housing/apartment.md', title: '周转公寓', score: 0.41 }], draft: '请先提交申请表。' },
      at,
    );
    expect(created).toEqual(store.get('RT07K'));
    expect(created).toMatchObject({ status: 'open', createdAt: at, draft: '请先提交申请表。' });
    store.dispose();
  });

  it('counts open tickets and tickets since a time without reading them', async () => {
    const store = new SqliteTicketStore(join(dir, 'tickets.db'));
    const later = new Date(at.getTime() + 60_000);
    await store.create(ticket('CN01A'), at);
    await store.create(ticket('CN02B'), later);
    await store.create(ticket('CN03C'), later);
    store.answer('CN02B', '在行政楼 201。', 'web:wang', later);
    expect(store.countOpen()).toBe(2);
    expect(store.countSince(later)).toBe(2);
    expect(store.countSince(new Date(0))).toBe(3);
    expect(store.countSince(new Date(later.getTime() + 1))).toBe(0);
    store.dispose();
  });

  it('claims an open ticket for one secretary until they give it back or someone takes it over', async () => {
    const store = new SqliteTicketStore(join(dir, 'tickets.db'));
    await store.create(ticket('CL41M'), at);
    expect(store.claim('CL41M', { id: 'web:wang', name: '王老师' }, at)).toMatchObject({ claimedBy: 'web:wang', claimedByName: '王老师', claimedAt: at });
    expect(store.claim('CL41M', { id: 'web:zhao' }, at)).toBeUndefined();
    expect(store.release('CL41M', 'web:zhao')).toBe(false);
    expect(store.claim('CL41M', { id: 'web:zhao' }, at, true)?.claimedBy).toBe('web:zhao');
    expect(store.release('CL41M', 'web:zhao')).toBe(true);
    store.answer('CL41M', '好的', 'web:wang', at);
    expect(store.claim('CL41M', { id: 'web:wang' }, at)).toBeUndefined();
    store.dispose();
  });

  it('opens a database from before claims and named accounts, keeping its tickets', () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`CREATE TABLE tickets (id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT NOT NULL, channel TEXT NOT NULL,
      conversation_id TEXT NOT NULL, asker_id TEXT NOT NULL, asker_name TEXT, is_group INTEGER NOT NULL, question TEXT NOT NULL,
      history TEXT NOT NULL, candidates TEXT NOT NULL, created_at TEXT NOT NULL, answered_at TEXT, answer TEXT, answered_by TEXT,
      notified_at TEXT, relayed_at TEXT, saved_as_faq TEXT, reminded_at TEXT, draft TEXT);
      INSERT INTO tickets VALUES ('OLD11', 'open', 'no_match', 'web', 'v1', 'web:v1', NULL, 0, '旧问题', '[]', '[]', '${at.toISOString()}',
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`);
    old.close();
    const store = new SqliteTicketStore(file);
    expect(store.claim('OLD11', { id: 'web:wang' }, at)?.question).toBe('旧问题');
    store.dispose();
  });

  it('finds an asker\'s repeated question through the asker\'s own tickets, not by walking every open ticket', async () => {
    const file = join(dir, 'tickets.db');
    const store = new SqliteTicketStore(file);
    await store.create(ticket('RP01A'), at);
    await store.create({ ...ticket('RP02B'), askerId: 'web:v2' }, at);
    expect(store.findOpen('web:v1', '集中报到在哪里')?.id).toBe('RP01A');
    expect(store.findOpen('web:v1', '别的问题')).toBeUndefined();
    const db = new Database(file, { readonly: true });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${FIND_OPEN}`).all('web:v1', 'x') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX tickets_asker_open \(asker_id=\? AND status=\?\)/);
    db.close();
    store.dispose();
  });
});
