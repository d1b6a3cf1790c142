import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { fixedClock } from '../../src/core/clock.js';
import type { OutboxMessage } from '../../src/core/outbox-store.js';
import type { Address } from '../../src/escalation/outbox.js';
import { SecretaryNotices } from '../../src/escalation/secretary-notices.js';
import type { Ticket } from '../../src/escalation/ticket-store.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';
import { CapturedLog } from '../answer/llm-fixture.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { openChat, removeDirs, ticketIn, type Chat } from '../bot/chat.js';

describe('the escalation-rate guard', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await openChat({ config: { escalation: { noticesPerMinute: 2 } } });
  });
  afterAll(async () => {
    await chat.close();
    await removeDirs(chat.knowledgeDir, chat.dataDir);
  });

  it('gives the secretaries one digest instead of a notice per ticket beyond the limit a minute', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(ticketIn(await chat.user(`new${i}`, `新同事${i}`).says('我的档案到了没呀 原单位说上周就寄出了').expectReply(/工单号/)));
    const sec = chat.user('sec');
    expect(sec.inbox()).toHaveLength(2);
    expect(sec.inbox()[0]).toMatch(new RegExp(`【新工单 #${ids[0]}】`));
    expect(sec.inbox()[1]).toMatch(new RegExp(`【新工单 #${ids[1]}】`));

    await chat.app.desk.flushDigest();
    await chat.app.outbox.idle();
    expect(sec.inbox()).toHaveLength(3);
    const digest = sec.lastMessage();
    expect(digest).toMatch(/新工单汇总[\s\S]*以下 4 个工单/);
    for (const id of ids.slice(2)) expect(digest).toContain(`#${id} 新同事`);
    // Every ticket counts as notified, so none is announced again after a restart.
    expect(chat.app.tickets.listUnnotified()).toEqual([]);
  });
});

function openTicket(id: string, question = '我的档案到了吗'): Ticket {
  return {
    id, status: 'open', reason: 'personal_case', channel: 'wecom', conversationId: 'zhang', askerId: 'wecom:zhang', askerName: '张老师',
    isGroup: false, question, history: ['之前问过报到'], candidates: [], createdAt: new Date('2026-11-25T01:00:00Z'),
  };
}

/** Notices over tickets and an outbox in memory; `storedFor` says which tickets' notices were on disk before a crash. */
function notices(tickets: Ticket[], options: { recipients?: Address[]; perMinute?: number; storedFor?: string[]; failStore?: boolean; logger?: Logger } = {}) {
  const sent: Array<{ to: Address[]; text: string; kind: string; ticketId?: string }> = [];
  const notified = new Set<string>();
  const desk = new SecretaryNotices({
    tickets: {
      markNotified: async (id) => void notified.add(id),
      listUnnotified: () => tickets.filter((t) => t.status === 'open' && !notified.has(t.id)),
      get: (id) => tickets.find((t) => t.id === id),
    },
    outbox: {
      broadcast: async (to, text, o) => {
        if (options.failStore) throw new Error('disk full');
        sent.push({ to, text, kind: o.kind, ticketId: o.ticketId });
        return [];
      },
      sentFor: (id) => ((options.storedFor ?? []).includes(id) ? [{ id: 1 } as OutboxMessage] : []),
    },
    templates: loadTemplates(DEFAULT_PROMPTS_DIR),
    clock: fixedClock(new Date('2026-11-25T02:00:00Z')),
    log: options.logger ?? silentLogger(),
    recipients: options.recipients ?? [{ channel: 'wecom', conversationId: 'hr' }, { channel: 'qq', conversationId: '10001' }],
    noticesPerMinute: options.perMinute ?? 10,
    digestDelayMs: 3_600_000,
  });
  return { desk, sent, notified };
}

describe('notices to the secretaries, on their own', () => {
  it('tells every secretary of a new ticket, its reason and question, then counts it notified', async () => {
    const { desk, sent, notified } = notices([]);
    await desk.notify(openTicket('AB12C', '搬家费能报销吗'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'notice', ticketId: 'AB12C', to: [{ channel: 'wecom', conversationId: 'hr' }, { channel: 'qq', conversationId: '10001' }] });
    expect(sent[0]!.text).toMatch(/AB12C[\s\S]*需要核实个人情况[\s\S]*搬家费能报销吗/);
    expect([...notified]).toEqual(['AB12C']);
  });

  it('offers "采用" for a draft from the documents, and not for the asker\'s own case', async () => {
    const { desk, sent } = notices([]);
    const doubtful: Ticket = {
      ...openTicket('DR01', '周转公寓押金多少'), reason: 'low_confidence', draft: '押金为一个月租金。',
      candidates: [{ path: 'housing/apartment.md', title: '周转公寓管理办法', score: 0.6 }],
    };
    await desk.notify(doubtful);
    await desk.notify(openTicket('AB12C'));
    expect(sent[0]!.text).toMatch(/押金为一个月租金。[\s\S]*“#DR01 采用”即连同依据转告/);
    expect(sent[1]!.text).not.toContain('采用');
  });

  it('at start, notifies the tickets a crash left unnotified, without a second notice for one already stored', async () => {
    const tickets = [openTicket('STORED'), openTicket('LOST')];
    const { desk, sent, notified } = notices(tickets, { storedFor: ['STORED'] });
    await desk.recover();
    expect(sent.map((s) => s.ticketId)).toEqual(['LOST']);
    expect([...notified].sort()).toEqual(['LOST', 'STORED']);
    await desk.recover();
    expect(sent).toHaveLength(1);
  });

  it('leaves a ticket unnotified, for the next start, when its notice could not be stored', async () => {
    const { desk, notified } = notices([], { failStore: true });
    await expect(desk.notify(openTicket('AB12C'))).resolves.toBeUndefined();
    expect(notified.size).toBe(0);
  });

  it('leaves the ticket in the console when no secretary is configured, and warns of it once, not for every ticket', async () => {
    const log = new CapturedLog();
    const { desk, sent, notified } = notices([], { recipients: [], logger: log.logger });
    for (const id of ['AB12C', 'AB12D', 'AB12E']) await desk.notify(openTicket(id));
    expect(sent).toEqual([]);
    expect(notified.size).toBe(0);
    const said = log.lines.filter((l) => /no secretaries configured/.test(l.msg ?? ''));
    expect(said.map((l) => l.level)).toEqual([40, 20, 20]);
  });

  it('lists in the digest only the held tickets still open, at most twenty by name', async () => {
    const tickets = Array.from({ length: 24 }, (_, i) => openTicket(`T${String(i).padStart(2, '0')}`, `问题${i}`));
    tickets[5]!.status = 'answered';
    const { desk, sent, notified } = notices(tickets, { perMinute: 1 });
    for (const t of tickets) await desk.notify(t);
    expect(sent.map((s) => s.kind)).toEqual(['notice']);
    await desk.flushDigest();
    await desk.stop();
    expect(sent.map((s) => s.kind)).toEqual(['notice', 'digest']);
    const digest = sent[1]!.text;
    expect(digest).toContain('#T01 ');
    expect(digest).not.toContain('#T05 ');
    expect(digest).toContain('#T21 ');
    expect(digest).not.toContain('#T22 ');
    expect(digest).toContain('另有 2 个');
    expect(notified.size).toBe(23);
    expect(notified.has('T05')).toBe(false);
  });
});
