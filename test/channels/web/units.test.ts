import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadError, checkDocumentPath } from '../../../src/channels/web/documents.js';
import { groupQuestions, similarity } from '../../../src/channels/web/question-groups.js';
import { WebChannel } from '../../../src/channels/web/web-channel.js';
import { SqliteWebInbox } from '../../../src/channels/web/web-inbox.js';
import { fixedClock } from '../../../src/core/clock.js';
import type { MessageHandler } from '../../../src/core/ports.js';

const at = new Date('2026-11-25T02:00:00Z');
/** An engine for channels whose questions the case does not ask. */
const quiet: MessageHandler = { handle: async () => [] };

describe('grouping questions by similarity', () => {
  it('puts rewordings of one question together and keeps different ones apart', () => {
    expect(similarity('游泳馆几点开放', '学校游泳馆几点开放？')).toBeGreaterThan(0.7);
    expect(similarity('游泳馆几点开放', '校医院可以开处方药吗')).toBeLessThan(0.2);
    const groups = groupQuestions([
      { text: '游泳馆几点开放', at, reason: 'no_match' },
      { text: '请问游泳馆几点开放呀', at, reason: 'no_match' },
      { text: '游泳馆几点开放', at: new Date(at.getTime() + 1000), reason: 'low_confidence' },
      { text: '校医院可以开处方药吗', at, reason: 'no_match' },
    ]);
    expect(groups).toEqual([
      { question: '游泳馆几点开放', count: 3, variants: ['请问游泳馆几点开放呀'], reasons: { no_match: 2, low_confidence: 1 }, lastAt: '2026-11-25T02:00:01.000Z' },
      { question: '校医院可以开处方药吗', count: 1, variants: [], reasons: { no_match: 1 }, lastAt: '2026-11-25T02:00:00.000Z' },
    ]);
  });
});

describe('document paths for uploads', () => {
  it('accepts plain relative paths with Chinese names', () => {
    expect(checkDocumentPath('housing/rent_2026.md')).toBe('housing/rent_2026.md');
    expect(checkDocumentPath(' 住房/周转房.html ')).toBe('住房/周转房.html');
  });

  it('accepts the Office and PDF formats the knowledge loader reads', () => {
    for (const path of ['checkin/报到须知.docx', 'forms/旧表格.doc', 'policy/住房办法.pdf', 'housing/租金.xlsx']) expect(checkDocumentPath(path)).toBe(path);
  });

  it.each([
    ['../x.md', 400],
    ['a/../../x.md', 400],
    ['/etc/x.md', 400],
    ['C:\\x.md', 400],
    ['a\\x.md', 400],
    ['.env.md', 400],
    ['a/.git/x.md', 400],
    ['a b.md', 400],
    ['a/b/c/d/e.md', 400],
    ['', 400],
    ['x.pptx', 415],
    ['site/hr.example.edu.cn/x.md', 400],
    ['x.md.exe', 415],
  ])('refuses %j with %i', (path, status) => {
    const error = (() => {
      try {
        checkDocumentPath(path);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).status).toBe(status);
  });
});

describe('the web channel inbox', () => {
  it('hands a message to a waiting poll at once and keeps it for later polls', async () => {
    const inbox = new SqliteWebInbox(':memory:');
    const channel = new WebChannel({ inbox, now: () => at });
    await channel.start(quiet);
    const waiting = channel.inbox('v1', 0, 10_000);
    await channel.send({ conversationId: 'v1', text: '答复' });
    const [message] = await waiting;
    expect(message).toMatchObject({ text: '答复', at: at.toISOString() });
    expect(await channel.inbox('v1', 0, 0)).toHaveLength(1);
    expect(await channel.inbox('v1', message!.seq, 0)).toEqual([]);
    expect(await channel.inbox('v2', 0, 0)).toEqual([]);
    inbox.close();
  });

  it('stores a repeated relay of the same ticket once, and other messages every time', async () => {
    const inbox = new SqliteWebInbox(':memory:');
    const channel = new WebChannel({ inbox, now: () => at });
    await channel.start(quiet);
    for (const text of ['答复 #K7Q2M', '答复 #K7Q2M', '提醒', '提醒']) {
      await channel.send({ conversationId: 'v1', text, ...(text.includes('#K7Q2M') ? { ticketId: 'K7Q2M' } : {}) });
    }
    expect((await channel.inbox('v1', 0, 0)).map((m) => m.text)).toEqual(['答复 #K7Q2M', '提醒', '提醒']);
    inbox.close();
  });

  it('drops messages older than the kept days and refuses to send while stopped', async () => {
    const inbox = new SqliteWebInbox(':memory:');
    const clock = fixedClock(at);
    const channel = new WebChannel({ inbox, now: () => clock.now(), keepDays: 30 });
    await channel.start(quiet);
    await channel.send({ conversationId: 'a', text: 'old' });
    clock.advance(31 * 86_400_000);
    await channel.send({ conversationId: 'b', text: 'new' });
    expect(await channel.inbox('a', 0, 0)).toEqual([]);
    expect((await channel.inbox('b', 0, 0)).map((m) => m.text)).toEqual(['new']);
    const waiting = channel.inbox('d', 0, 10_000);
    await channel.stop();
    expect(await waiting).toEqual([]);
    await expect(channel.send({ conversationId: 'a', text: 'x' })).rejects.toThrow(/not running/);
    inbox.close();
  });

  it('keeps its epoch and keeps seq rising across reopening, even after pruning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'web-inbox-'));
    try {
      const file = join(dir, 'tickets.db');
      const first = new SqliteWebInbox(file);
      const a = first.add({ user: 'v', text: 'a', at })!;
      expect(first.prune(new Date(at.getTime() + 1))).toBe(1);
      first.close();
      const second = new SqliteWebInbox(file);
      expect(second.epoch).toBe(first.epoch);
      expect(second.add({ user: 'v', text: 'b', at })!.seq).toBeGreaterThan(a.seq);
      second.close();
      const emptied = new SqliteWebInbox(join(dir, 'other.db'));
      expect(emptied.epoch).not.toBe(first.epoch);
      emptied.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
