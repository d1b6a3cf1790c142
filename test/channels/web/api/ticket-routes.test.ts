import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketRoutes } from '../../../../src/channels/web/api/ticket-routes.js';
import type { NewTicket } from '../../../../src/escalation/ticket-store.js';
import { hasStack, routeHarness, type Caller } from '../route-harness.js';

let h: Awaited<ReturnType<typeof routeHarness>>;
let first: Caller;
let second: Caller;

beforeAll(async () => {
  h = await routeHarness((ctx) => ticketRoutes(ctx));
  for (const [name, display] of [['clerk-a', '甲老师'], ['clerk-b', '乙老师']] as const) {
    await h.accounts.add({ name, role: 'secretary', display, password: 'clerk-pass-123' }, h.clock.now());
  }
  first = h.signIn({ role: 'secretary', account: 'clerk-a', display: '甲老师' });
  second = h.signIn({ role: 'secretary', account: 'clerk-b', display: '乙老师' });
});
afterAll(async () => {
  await h?.close();
});

let serial = 0;
/** A new open ticket from a web visitor, as the bot would have filed it. */
async function fileTicket(extra: Partial<NewTicket> = {}) {
  serial += 1;
  const id = `T${String(serial).padStart(4, '0')}`;
  return h.app.tickets.create(
    {
      id,
      reason: 'personal_case',
      channel: 'web',
      conversationId: `visitor-${serial}-0123456789`,
      askerId: `web:visitor-${serial}-0123456789`,
      isGroup: false,
      question: '帮我查下我的档案到了没有',
      history: [],
      candidates: [],
      ...extra,
    },
    h.clock.now(),
  );
}

describe('who may use the console routes', () => {
  it('refuses a caller without a session with 401 and says how to sign in', async () => {
    const ticket = await fileTicket();
    for (const [method, path] of [
      ['GET', '/tickets'],
      ['GET', `/tickets/${ticket.id}`],
      ['POST', `/tickets/${ticket.id}/claim`],
      ['POST', `/tickets/${ticket.id}/release`],
      ['POST', `/tickets/${ticket.id}/suggestion`],
      ['POST', `/tickets/${ticket.id}/answer`],
      ['POST', `/tickets/${ticket.id}/close`],
      ['GET', '/outbox'],
    ] as const) {
      const res = await h.request(method, path);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.data.error).toBe('sign in first (POST /api/login)');
    }
    expect(h.app.tickets.get(ticket.id)?.status).toBe('open');
  });

  it('refuses a write without the CSRF token of the session, and changes nothing', async () => {
    const ticket = await fileTicket();
    const res = await h.request('POST', `/tickets/${ticket.id}/close`, { as: { ...first, csrf: second.csrf } });
    expect(res.status).toBe(403);
    expect(res.data.error).toMatch(/x-csrf-token/);
    expect(h.app.tickets.get(ticket.id)?.status).toBe('open');
  });

  it('lets an admin do what a secretary does', async () => {
    const ticket = await fileTicket();
    const res = await h.request('POST', `/tickets/${ticket.id}/close`, { as: h.signIn('admin') });
    expect(res.status).toBe(200);
    expect(res.data.ticket).toMatchObject({ status: 'closed', answeredBy: 'web:admin' });
  });
});

describe('reading tickets', () => {
  it('names the query field that is wrong', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=501', 'limit'],
      ['status=all', 'status'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const res = await h.request('GET', `/tickets?${query}`, { as: first });
      expect(res.status, query).toBe(400);
      expect(res.data.error, query).toMatch(new RegExp(`^${field}: `));
      expect(hasStack(res.data)).toBe(false);
    }
  });

  it('counts all open tickets while returning only as many as the limit asks', async () => {
    await fileTicket();
    await fileTicket();
    const res = await h.request('GET', '/tickets?limit=1', { as: first });
    expect(res.status).toBe(200);
    expect(res.data.tickets).toHaveLength(1);
    expect(res.data.total).toBe(h.app.tickets.listOpen().length);
    expect(res.data.total).toBeGreaterThan(1);
    expect(res.data.polish).toBe(false);
  });

  it('finds a ticket by its id typed in lower case, and says 404 for one that does not exist', async () => {
    const ticket = await fileTicket();
    const found = await h.request('GET', `/tickets/${ticket.id.toLowerCase()}`, { as: first });
    expect(found.status).toBe(200);
    expect(found.data.ticket).toMatchObject({ id: ticket.id, status: 'open', claimedBy: null, claimedByMe: false, relay: null });
    const missing = await h.request('GET', '/tickets/NOPE9', { as: first });
    expect(missing).toMatchObject({ status: 404, data: { error: 'ticket NOPE9 does not exist' } });
  });

  it('answers 404 for every action on a ticket that does not exist', async () => {
    for (const action of ['claim', 'release', 'suggestion', 'answer', 'close']) {
      const res = await h.request('POST', `/tickets/ZZZZZ/${action}`, { as: first, json: { answer: '好的' } });
      expect(res.status, action).toBe(404);
      expect(res.data.error).toBe('ticket ZZZZZ does not exist');
    }
  });
});

describe('claiming', () => {
  it('tells a second secretary in Chinese who has the ticket, and lets them take it over when they insist', async () => {
    const ticket = await fileTicket();
    const mine = await h.request('POST', `/tickets/${ticket.id}/claim`, { as: first });
    expect(mine.status).toBe(200);
    expect(mine.data.ticket).toMatchObject({ claimedBy: 'web:clerk-a', claimedByName: '甲老师', claimedByMe: true });

    const theirs = await h.request('POST', `/tickets/${ticket.id}/claim`, { as: second });
    expect(theirs.status).toBe(409);
    expect(theirs.data.code).toBe('claimed');
    expect(theirs.data.error).toMatch(new RegExp(`^工单 #${ticket.id} 已由 甲老师 在处理`));
    expect(theirs.data.ticket).toMatchObject({ claimedBy: 'web:clerk-a', claimedByMe: false });

    const taken = await h.request('POST', `/tickets/${ticket.id}/claim`, { as: second, json: { takeOver: true } });
    expect(taken.status).toBe(200);
    expect(taken.data.ticket).toMatchObject({ claimedBy: 'web:clerk-b', claimedByMe: true });
  });

  it('refuses a claim body whose takeOver is not true or false', async () => {
    const ticket = await fileTicket();
    const res = await h.request('POST', `/tickets/${ticket.id}/claim`, { as: first, json: { takeOver: 'yes' } });
    expect(res.status).toBe(400);
    expect(res.data.error).toMatch(/^takeOver: /);
    expect(h.app.tickets.get(ticket.id)?.claimedBy).toBeUndefined();
  });

  it('releases only a ticket the caller holds', async () => {
    const ticket = await fileTicket();
    await h.request('POST', `/tickets/${ticket.id}/claim`, { as: first });
    const notMine = await h.request('POST', `/tickets/${ticket.id}/release`, { as: second });
    expect(notMine).toMatchObject({ status: 409, data: { error: `ticket ${ticket.id} is not claimed by you` } });
    const released = await h.request('POST', `/tickets/${ticket.id}/release`, { as: first });
    expect(released.status).toBe(200);
    expect(released.data.ticket.claimedBy).toBeNull();
  });

  it('refuses to claim a ticket already answered, naming who answered it', async () => {
    const ticket = await fileTicket();
    await h.request('POST', `/tickets/${ticket.id}/close`, { as: first });
    const res = await h.request('POST', `/tickets/${ticket.id}/claim`, { as: second });
    expect(res.status).toBe(409);
    expect(res.data.code).toBe('done');
    expect(res.data.error).toMatch(new RegExp(`^工单 #${ticket.id} 已经处理过了（甲老师 于 .+），无需再回复。$`));
  });
});

describe('answering', () => {
  it('names the body field that is wrong and answers nothing', async () => {
    const ticket = await fileTicket();
    for (const [json, pattern] of [
      [{}, /^answer: /],
      [{ answer: '好'.repeat(5001) }, /^answer: is longer than 5000 characters/],
      [{ answer: '好的', saveAsFaq: 'yes' }, /^saveAsFaq: /],
      [{ answer: '好的', takeOver: 1 }, /^takeOver: /],
      [['好的'], /^body: /],
    ] as const) {
      const res = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: first, json });
      expect(res.status, JSON.stringify(json).slice(0, 40)).toBe(400);
      expect(res.data.error).toMatch(pattern);
      expect(hasStack(res.data)).toBe(false);
    }
    const form = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: first, body: 'answer=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const broken = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: first, body: '{"answer":', headers: { 'content-type': 'application/json' } });
    expect(broken).toMatchObject({ status: 400, data: { error: 'body is not valid JSON' } });
    expect(h.app.tickets.get(ticket.id)?.status).toBe('open');
  });

  it('refuses to answer over another secretary\'s claim unless told to take over', async () => {
    const ticket = await fileTicket();
    await h.request('POST', `/tickets/${ticket.id}/claim`, { as: first });
    const refused = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: second, json: { answer: '档案已到。' } });
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ code: 'claimed', ticket: { status: 'open', claimedBy: 'web:clerk-a' } });
    expect(refused.data.error).toMatch(/已由 甲老师 在处理/);
    expect(h.app.tickets.get(ticket.id)?.status).toBe('open');

    const taken = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: second, json: { answer: '档案已到。', takeOver: true } });
    expect(taken.status).toBe(200);
    expect(taken.data.ticket).toMatchObject({ status: 'answered', answer: '档案已到。', answeredBy: 'web:clerk-b', answeredByName: '乙老师' });
    expect(taken.data.faq).toBeNull();
    // No web channel is registered here: the answer waits in the outbox and the console says so.
    expect(taken.data).toMatchObject({ relayed: false, relay: 'queued' });
  });

  it('refuses to answer a ticket twice, in Chinese naming who answered first', async () => {
    const ticket = await fileTicket();
    expect((await h.request('POST', `/tickets/${ticket.id}/answer`, { as: first, json: { answer: '已寄到。' } })).status).toBe(200);
    const again = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: second, json: { answer: '再答一次' } });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ code: 'done', ticket: { status: 'answered', answer: '已寄到。' } });
    expect(again.data.error).toMatch(new RegExp(`^工单 #${ticket.id} 已经处理过了（甲老师 于`));
    expect(h.app.tickets.get(ticket.id)?.answer).toBe('已寄到。');
  });
});

describe('closing', () => {
  it('closes without a body, says the asker was not told, and refuses a second close', async () => {
    const ticket = await fileTicket();
    const closed = await h.request('POST', `/tickets/${ticket.id}/close`, { as: first });
    expect(closed.status).toBe(200);
    expect(closed.data.ticket).toMatchObject({ status: 'closed', relay: null });
    expect(closed.data.message).toBe(`工单 #${ticket.id} 已关闭，没有通知提问人。`);
    const again = await h.request('POST', `/tickets/${ticket.id}/close`, { as: second });
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('done');
    const answer = await h.request('POST', `/tickets/${ticket.id}/answer`, { as: second, json: { answer: '晚了' } });
    expect(answer.status).toBe(409);
    expect(h.app.tickets.get(ticket.id)).toMatchObject({ status: 'closed' });
    expect(h.app.tickets.get(ticket.id)?.answer).toBeUndefined();
  });

  it('will not close a ticket another secretary holds unless told to take over', async () => {
    const ticket = await fileTicket();
    await h.request('POST', `/tickets/${ticket.id}/claim`, { as: first });
    const refused = await h.request('POST', `/tickets/${ticket.id}/close`, { as: second, json: {} });
    expect(refused).toMatchObject({ status: 409, data: { code: 'claimed' } });
    const taken = await h.request('POST', `/tickets/${ticket.id}/close`, { as: second, json: { takeOver: true } });
    expect(taken.status).toBe(200);
    expect(taken.data.ticket).toMatchObject({ status: 'closed', answeredBy: 'web:clerk-b' });
  });
});

describe('suggested replies', () => {
  it('has none for a ticket without a draft', async () => {
    const ticket = await fileTicket();
    const res = await h.request('POST', `/tickets/${ticket.id}/suggestion`, { as: first });
    expect(res).toMatchObject({ status: 404, data: { error: `ticket ${ticket.id} has no suggested reply` } });
    expect((await h.request('GET', `/tickets/${ticket.id}`, { as: first })).data.ticket.suggestion).toBeNull();
  });

  it('offers the untrusted draft with the documents it came from', async () => {
    const doc = h.app.knowledge.current().documents[0]!;
    const draft = h.app.documentText()(doc.path).split('\n')[0]!;
    const ticket = await fileTicket({
      reason: 'low_confidence',
      question: '报到要带什么',
      draft,
      candidates: [{ path: doc.path, title: doc.title, score: 0.4 }],
    });
    const res = await h.request('POST', `/tickets/${ticket.id}/suggestion`, { as: first });
    expect(res.status).toBe(200);
    expect(res.data.suggestion.text.startsWith(`${draft}\n（依据：《${doc.title}》`)).toBe(true);
    expect(res.data.suggestion.sources).toEqual([`《${doc.title}》`]);
  });

  it('names the document a table row of the draft comes from, as replies quote rows, not the likeliest candidate', async () => {
    const docs = h.app.knowledge.current().documents;
    const notice = docs.find((d) => d.path === 'checkin/checkin_notice_2025.md')!;
    const other = docs.find((d) => d.path !== notice.path)!;
    const ticket = await fileTicket({
      reason: 'low_confidence',
      question: '报到身份证要带啥',
      // A row of the notice's materials table, as the answerer quotes it ("| 1 | 居民身份证 | 原件及复印件1份 |" in the file).
      draft: '居民身份证：原件及复印件1份',
      candidates: [{ path: other.path, title: other.title, score: 0.5 }, { path: notice.path, title: notice.title, score: 0.4 }],
    });
    const res = await h.request('POST', `/tickets/${ticket.id}/suggestion`, { as: first });
    expect(res.data.suggestion.sources).toEqual([`《${notice.title}》`]);
  });
});

describe('the outbox', () => {
  it('shows an answer waiting for its channel, without the text', async () => {
    const ticket = await fileTicket();
    await h.request('POST', `/tickets/${ticket.id}/answer`, { as: first, json: { answer: '秘密的回答正文' } });
    const res = await h.request('GET', '/outbox', { as: first });
    expect(res.status).toBe(200);
    expect(res.data.messages).toContainEqual(expect.objectContaining({ ticket: ticket.id, status: 'pending', to: `web:${ticket.conversationId}` }));
    expect(res.data.backlog).toContainEqual(expect.objectContaining({ channel: 'web', pending: expect.any(Number) }));
    expect(JSON.stringify(res.data)).not.toContain('秘密的回答正文');
  });
});
