import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../../../src/accounts/account-store.js';
import { Client, startWebFixture, visitor, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let base: string;

const WANG = { user: 'wang', password: 'wang-pass-123' };
const ZHAO = { user: 'zhao', password: 'zhao-pass-456' };

async function addAccounts(dataDir: string): Promise<void> {
  const store = new SqliteAccountStore(join(dataDir, 'tickets.db'));
  await store.add({ name: WANG.user, role: 'secretary', display: '王老师', password: WANG.password }, new Date());
  await store.add({ name: ZHAO.user, role: 'secretary', password: ZHAO.password }, new Date());
  store.dispose();
}

async function signedIn(who: { user: string; password: string }): Promise<Client> {
  const c = new Client(base);
  const res = await c.loginAs(who.user, who.password);
  expect(res.status).toBe(200);
  return c;
}

async function escalate(name: string, text = '帮我查下我的档案到了没有'): Promise<string> {
  const res = await new Client(base).post('/api/chat', { user: visitor(name), text });
  expect(res.data.escalated).toBe(true);
  return res.data.ticketId as string;
}

beforeAll(async () => {
  fx = await startWebFixture({ loginMaxFailures: 3, loginDelaySeconds: 1, loginMaxDelayMinutes: 10 });
  base = fx.server.url;
  await addAccounts(fx.dataDir);
});
afterAll(async () => {
  await fx?.close();
});

describe('the secretary console API', () => {
  it('lists open tickets oldest first, answers one, and relays the answer to the web asker', async () => {
    const asker = new Client(base);
    const user = visitor('relay');
    const first = await asker.post('/api/chat', { user, text: '帮我查下我的档案到了没有' });
    fx.clock.advance(60_000);
    const second = await new Client(base).post('/api/chat', { user: visitor('relay2'), text: '我的工资卡绑定的是哪个银行，帮我查一下' });
    expect(second.data.escalated).toBe(true);

    const sec = new Client(base);
    await sec.login('secretary');
    const open = await sec.get('/api/tickets');
    const ids = open.data.tickets.map((t: { id: string }) => t.id);
    expect(ids.indexOf(first.data.ticketId)).toBeLessThan(ids.indexOf(second.data.ticketId));
    const ticket = open.data.tickets.find((t: { id: string }) => t.id === first.data.ticketId);
    expect(ticket).toMatchObject({ status: 'open', question: '帮我查下我的档案到了没有', asker: `web:${user}`, overdue: false });
    expect(Array.isArray(ticket.history)).toBe(true);
    expect(Array.isArray(ticket.candidates)).toBe(true);
    // A personal case has no draft: the documents cannot answer it.
    expect(ticket.draft).toBeNull();

    // The asker's page waits on the inbox before the answer exists.
    const inbox = asker.get(`/api/chat/inbox?user=${user}&after=0&wait=10`);
    const answered = await sec.post(`/api/tickets/${first.data.ticketId}/answer`, { answer: '你的档案已于昨天寄到人事处。' });
    expect(answered.status).toBe(200);
    expect(answered.data).toMatchObject({ relayed: true, faq: null, ticket: { status: 'answered', answeredBy: 'web:secretary' } });
    // The visitor as the console's card names them, not their browser id.
    expect(answered.data.message).toBe(`已收到，工单 #${first.data.ticketId} 的回复已转告 网页访客 ${user.slice(0, 8)}。`);
    const got = await inbox;
    expect(got.status).toBe(200);
    expect(got.data.messages).toHaveLength(1);
    expect(got.data.messages[0].text).toMatch(/你的档案已于昨天寄到人事处。[\s\S]*#/);

    const again = await sec.post(`/api/tickets/${first.data.ticketId}/answer`, { answer: '再说一次' });
    expect(again.status).toBe(409);
    expect(again.data.error).toMatch(new RegExp(`工单 #${first.data.ticketId} 已经处理过了（web:secretary 于`));

    const empty = await sec.post(`/api/tickets/${second.data.ticketId}/answer`, { answer: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.data.error).toMatch(/^answer: is empty/);
    const closed = await sec.post(`/api/tickets/${second.data.ticketId}/close`);
    expect(closed.data.ticket.status).toBe('closed');

    const done = await sec.get(`/api/tickets?status=done&q=${encodeURIComponent('档案')}`);
    expect(done.data.tickets.map((t: { id: string }) => t.id)).toContain(first.data.ticketId);
    expect(done.data.tickets.map((t: { id: string }) => t.id)).not.toContain(second.data.ticketId);
    expect((await sec.get('/api/tickets/NOPE9')).status).toBe(404);
    expect((await sec.get('/api/tickets?status=maybe')).data.error).toMatch(/^status: expected "open" or "done"/);
  });

  it('marks tickets open longer than the working-hours limit as overdue', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('late'), text: '帮我看看我的入职体检报告出来没有' });
    expect(res.data.escalated).toBe(true);
    fx.clock.advance(5 * 3_600_000);
    const sec = new Client(base);
    await sec.login('secretary');
    const ticket = (await sec.get('/api/tickets')).data.tickets.find((t: { id: string }) => t.id === res.data.ticketId);
    expect(ticket.overdue).toBe(true);
    fx.clock.set(new Date(fx.clock.now().getTime() - 5 * 3_600_000));
  });

  it('answers and saves as FAQ through the same desk, which writes the document and reloads', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('faq'), text: '帮我查一下我的公积金账户开好了没有' });
    const sec = new Client(base);
    await sec.login('secretary');
    const answered = await sec.post(`/api/tickets/${res.data.ticketId}/answer`, { answer: '公积金账户在起薪后的次月开户。', saveAsFaq: true });
    expect(answered.status).toBe(200);
    expect(answered.data.faq).toMatch(/^faq\/.*\.md$/);
    expect(await readFile(join(fx.knowledgeDir, answered.data.faq), 'utf8')).toContain('公积金账户在起薪后的次月开户。');
  });
});

describe('named accounts on the secretaries\' desk', () => {
  it('signs in by name, records who answered, and signs the relay with the display name', async () => {
    const wang = await signedIn(WANG);
    expect((await wang.get('/api/session')).data).toMatchObject({ role: 'secretary', user: 'wang', display: '王老师' });
    const ticketId = await escalate('named');
    const answered = await wang.post(`/api/tickets/${ticketId}/answer`, { answer: '档案已到，请周五来签字。', saveAsFaq: true });
    expect(answered.status).toBe(200);
    expect(answered.data.ticket).toMatchObject({ answeredBy: 'web:wang', answeredByName: '王老师' });
    // The desk's confirmation and the outbox's word on the relay, side by side.
    expect(answered.data).toMatchObject({ relay: 'delivered', relayed: true, message: expect.stringContaining(`#${ticketId}`) });
    const inbox = await new Client(base).get(`/api/chat/inbox?user=${visitor('named')}&after=0&wait=0`);
    expect(inbox.data.messages[0].text).toMatch(/人事秘书王老师回复如下：\n档案已到，请周五来签字。/);
    const faq = await readFile(join(fx.knowledgeDir, answered.data.faq), 'utf8');
    expect(faq).toMatch(/secretary: "web:wang"/);
    expect(faq).toMatch(/contact: "人事秘书 王老师"/);

    const zhao = await signedIn(ZHAO);
    const other = await escalate('named-2');
    const closed = await zhao.post(`/api/tickets/${other}/close`);
    expect(closed.data.ticket).toMatchObject({ status: 'closed', answeredBy: 'web:zhao', answeredByName: null });
  });

  it('refuses a wrong password or an unknown name with one message, and a body with both user and role', async () => {
    const c = new Client(base);
    expect((await c.loginAs('wang', 'not-his-password')).data.error).toBe('wrong user name or password');
    expect((await c.loginAs('nobody', 'whatever-123')).data.error).toBe('wrong user name or password');
    const both = await c.post('/api/login', { user: 'wang', role: 'secretary', password: WANG.password });
    expect(both.status).toBe(400);
    expect(both.data.error).toMatch(/send "user" \(a named account\) or "role"/);
    fx.clock.advance(16 * 60_000);
  });

  it('keeps sign-ins across a restart, and signing out ends them on every device', async () => {
    const phone = await signedIn(WANG);
    const desk = await signedIn(WANG);
    const zhao = await signedIn(ZHAO);
    const reopened = await fx.reopen();
    fx = reopened;
    base = fx.server.url;
    for (const c of [phone, desk, zhao]) Object.assign(c, { base });
    expect((await phone.get('/api/tickets')).status).toBe(200);
    expect((await desk.get('/api/session')).data.user).toBe('wang');

    expect((await phone.post('/api/logout')).status).toBe(204);
    expect((await desk.get('/api/tickets')).status).toBe(401);
    expect((await zhao.get('/api/tickets')).status).toBe(200);

    fx.clock.advance(9 * 3_600_000);
    expect((await zhao.get('/api/tickets')).status).toBe(401);
  });
});

describe('sign-in throttling', () => {
  it('slows a stranger down with growing waits, while the account\'s own browser still signs in', async () => {
    const own = await signedIn(WANG);
    await own.post('/api/logout');
    const colleague = await signedIn(ZHAO);
    await colleague.post('/api/logout');
    const stranger = new Client(base);
    for (let i = 0; i < 3; i++) expect((await stranger.loginAs('wang', `guess-${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await stranger.loginAs('wang', `guess-x${i}`);
      expect(refused.status).toBe(429);
      waits.push(Number(refused.headers.get('retry-after')));
      fx.clock.advance(waits[i]! * 1000);
      expect((await stranger.loginAs('wang', `guess-y${i}`)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // A new browser, even with the right password, waits as the stranger does: the account is under attack.
    expect((await new Client(base).loginAs(WANG.user, WANG.password)).status).toBe(429);
    // The browser wang used before is counted on its own and is let in at once.
    expect((await own.loginAs(WANG.user, WANG.password)).status).toBe(200);
    // Behind one proxy address, a colleague's new browser waits too; the browser they used before does not.
    expect((await new Client(base).loginAs(ZHAO.user, ZHAO.password)).status).toBe(429);
    expect((await colleague.loginAs(ZHAO.user, ZHAO.password)).status).toBe(200);
    fx.clock.advance(16 * 60_000);
  });

  it('does not let parallel guesses slip past the wait', async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => new Client(base).loginAs('zhao', `burst-${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(3);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    fx.clock.advance(16 * 60_000);
  });
});

describe('claiming tickets', () => {
  it('shows who took a ticket, asks before answering someone else\'s, and answers on confirmation', async () => {
    const wang = await signedIn(WANG);
    const zhao = await signedIn(ZHAO);
    const ticketId = await escalate('claim');
    const claimed = await wang.post(`/api/tickets/${ticketId}/claim`);
    expect(claimed.data.ticket).toMatchObject({ claimedBy: 'web:wang', claimedByName: '王老师', claimedByMe: true });

    const seen = (await zhao.get('/api/tickets')).data.tickets.find((t: { id: string }) => t.id === ticketId);
    expect(seen).toMatchObject({ claimedBy: 'web:wang', claimedByName: '王老师', claimedByMe: false });
    const grab = await zhao.post(`/api/tickets/${ticketId}/claim`);
    expect(grab.status).toBe(409);
    expect(grab.data).toMatchObject({ code: 'claimed', error: expect.stringMatching(/已由 王老师 在处理/) });

    const unconfirmed = await zhao.post(`/api/tickets/${ticketId}/answer`, { answer: '赵老师的答复' });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.data.code).toBe('claimed');
    expect(fx.app.tickets.get(ticketId)?.status).toBe('open');

    const confirmed = await zhao.post(`/api/tickets/${ticketId}/answer`, { answer: '赵老师的答复', takeOver: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.data.ticket.answeredBy).toBe('web:zhao');
  });

  it('lets a secretary give a claim back, and only their own', async () => {
    const wang = await signedIn(WANG);
    const zhao = await signedIn(ZHAO);
    const ticketId = await escalate('release');
    await wang.post(`/api/tickets/${ticketId}/claim`);
    expect((await zhao.post(`/api/tickets/${ticketId}/release`)).status).toBe(409);
    expect((await wang.post(`/api/tickets/${ticketId}/release`)).data.ticket.claimedBy).toBeNull();
    expect((await zhao.post(`/api/tickets/${ticketId}/claim`)).data.ticket.claimedBy).toBe('web:zhao');
  });

  it('of two secretaries answering at once, exactly one answer goes out and the other is told whose did', async () => {
    const wang = await signedIn(WANG);
    const zhao = await signedIn(ZHAO);
    for (let round = 0; round < 5; round++) {
      const ticketId = await escalate(`race-${round}`);
      const [a, b] = await Promise.all([
        wang.post(`/api/tickets/${ticketId}/answer`, { answer: `王老师的答复 ${round}` }),
        zhao.post(`/api/tickets/${ticketId}/answer`, { answer: `赵老师的答复 ${round}` }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 409 ? [b, a] : [a, b];
      expect(winner.data.relay).toBe('delivered');
      expect(loser.data.error).toMatch(new RegExp(`工单 #${ticketId} 已经处理过了`));
      const inbox = await new Client(base).get(`/api/chat/inbox?user=${visitor(`race-${round}`)}&after=0&wait=0`);
      expect(inbox.data.messages).toHaveLength(1);
    }
  });
});

describe('the suggested reply', () => {
  it('offers the sentences the bot did not trust with the document they come from, and nothing for a personal case', async () => {
    const sec = await signedIn(WANG);
    const nearMiss = await escalate('suggest', '调档函怎么开？');
    const personal = await escalate('suggest-2');
    const tickets = (await sec.get('/api/tickets')).data;
    expect(tickets.polish).toBe(false);
    const near = tickets.tickets.find((t: { id: string }) => t.id === nearMiss);
    expect(near.draft).toBeTruthy();
    expect(near.suggestion.text.startsWith(near.draft)).toBe(true);
    expect(near.suggestion.text).toMatch(/（依据：《[^》]+》/);
    const titles = near.candidates.map((c: { title: string }) => c.title);
    for (const source of near.suggestion.sources) expect(titles).toContain(/《(.+)》/.exec(source)![1]);
    expect(tickets.tickets.find((t: { id: string }) => t.id === personal).suggestion).toBeNull();
    const offline = await sec.post(`/api/tickets/${nearMiss}/suggestion`);
    expect(offline.data.suggestion).toMatchObject({ text: near.suggestion.text, polished: false });
  });
});
