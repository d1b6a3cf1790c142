import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatRoutes } from '../../../../src/channels/web/api/chat-routes.js';
import type { Env } from '../../../../src/channels/web/api/context.js';
import { WebChannel } from '../../../../src/channels/web/web-channel.js';
import { SqliteWebInbox } from '../../../../src/channels/web/web-inbox.js';
import { hasStack, routeHarness, type Reply } from '../route-harness.js';
import { Client, useWebServer } from '../web-fixture.js';

const visitor = (name: string) => `visitor-${name.padEnd(8, '0')}`;
const PER_ADDRESS = 3;

describe('the chat routes', () => {
  let h: Awaited<ReturnType<typeof routeHarness>>;
  const replies: Reply[] = [];
  const ask = async (json: unknown, from = '192.0.2.1') => {
    const res = await h.request('POST', '/chat', { json, from });
    replies.push(res);
    return res;
  };

  // Under /broken the engine fails unexpectedly; under /early the channel has not started, under /stopping it has stopped.
  const spareInbox = new SqliteWebInbox(':memory:');
  const broken = new WebChannel({ inbox: spareInbox });
  const early = new WebChannel({ inbox: spareInbox });
  const stopped = new WebChannel({ inbox: spareInbox });

  beforeAll(async () => {
    let channel: WebChannel | undefined;
    h = await routeHarness(
      (ctx) => {
        channel = ctx.channel;
        const settings = { inboxWaitSeconds: 1, trustProxy: undefined, chatPerAddressPerMinute: PER_ADDRESS };
        return new Hono<Env>()
          .route('/', chatRoutes({ ...ctx, ...settings }))
          .route('/broken', chatRoutes({ ...ctx, ...settings, channel: broken }))
          .route('/early', chatRoutes({ ...ctx, ...settings, channel: early }))
          .route('/stopping', chatRoutes({ ...ctx, ...settings, channel: stopped }));
      },
      { bot: { ratePerMinute: 2 } },
    );
    // As the server does before it listens.
    await channel!.start(h.app.bot);
    await broken.start({ handle: () => Promise.reject(new Error('database disk image is malformed')) });
    await stopped.start(h.app.bot);
    await stopped.stop();
  });
  afterAll(async () => {
    spareInbox.close();
    await h?.close();
  });

  it('answers a question with the sources it came from, each a file of the knowledge base', async () => {
    const res = await ask({ user: visitor('a'), text: '报到要带什么材料', id: 'q1' }, '192.0.2.10');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: 'q1', escalated: false });
    expect(res.data.reply).toMatch(/报到/);
    expect(res.data.sources.length).toBeGreaterThan(0);
    for (const s of res.data.sources) expect(existsSync(join(h.knowledgeDir, s.path))).toBe(true);
  });

  it('passes the page\'s history through to the ticket the secretary reads', async () => {
    const history = ['报到要带什么材料', '要带几张照片'];
    const res = await ask({ user: visitor('b'), text: '帮我查下我的档案到了没有', history }, '192.0.2.11');
    expect(res.data).toMatchObject({ escalated: true, ticketId: expect.any(String) });
    expect(h.app.tickets.get(res.data.ticketId)?.history).toEqual(history);
    const mine = await h.request('GET', `/chat/tickets?user=${visitor('b')}`);
    expect(mine.data.tickets).toEqual([expect.objectContaining({ id: res.data.ticketId, status: 'open', question: '帮我查下我的档案到了没有' })]);
  });

  it('refuses a malformed body with 400, naming the field to fix', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ user: visitor('c') }, /^text: /],
      [{ user: visitor('c'), text: '   ' }, /^text: is empty; type a question$/],
      [{ user: '../etc', text: '你好' }, /^user: expected the browser id/],
      [{ text: '你好' }, /^user: /],
      [{ user: visitor('c'), text: '你好', history: '报到' }, /^history: /],
      [{ user: visitor('c'), text: '你好', history: Array(21).fill('问') }, /^history: at most 20 entries$/],
      [{ user: visitor('c'), text: '你好', history: ['问'.repeat(2001)] }, /^history\.0: each entry at most 2000 characters$/],
      [[1, 2], /^body: /],
    ];
    for (const [json, error] of cases) {
      const res = await ask(json, '192.0.2.12');
      expect(res.status, JSON.stringify(json).slice(0, 60)).toBe(400);
      expect(res.data.error).toMatch(error);
    }
    const broken = await h.request('POST', '/chat', { body: '{"user":', headers: { 'content-type': 'application/json' } });
    expect(broken).toMatchObject({ status: 400, data: { error: 'body is not valid JSON' } });
    replies.push(broken);
    // Refused bodies cost nothing: the address may still ask its questions.
    expect((await ask({ user: visitor('c'), text: '你好' }, '192.0.2.12')).status).toBe(200);
  });

  it('refuses an over-long message: past 10000 characters at the door, past the bot\'s limit with a request to shorten it', async () => {
    const huge = await ask({ user: visitor('d'), text: '报'.repeat(10_001) }, '192.0.2.13');
    expect(huge).toMatchObject({ status: 400, data: { error: 'text: is longer than 10000 characters' } });
    const long = await ask({ user: visitor('d'), text: '报到'.repeat(300) }, '192.0.2.13');
    expect(long.status).toBe(200);
    expect(long.data).toMatchObject({ escalated: false, sources: [] });
    expect(long.data.reply).toBe(h.app.templates.render('too-long', { max: 500 }));
    const tooBig = await h.request('POST', '/chat', { json: { user: visitor('d'), text: '报'.repeat(30_000) }, from: '192.0.2.13' });
    expect(tooBig.status).toBe(413);
    replies.push(tooBig);
  });

  it('answers 429 with Retry-After once an address has asked its share in a minute, whatever browser ids it rotates', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < PER_ADDRESS + 2; n++) statuses.push((await ask({ user: visitor(`r${n}`), text: '你好' }, '192.0.2.20')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = replies.at(-1)!;
    expect(limited.data.error).toMatch(/too many questions from this address/);
    // The page can tell when to ask again: once the first of the three leaves the minute.
    expect(limited.headers.get('retry-after')).toBe('60');
    h.clock.advance(45_000);
    const later = await ask({ user: visitor('r5'), text: '你好' }, '192.0.2.20');
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('15');
    expect(later.data.retryAfterSeconds).toBe(15);
    // Another address is not held back.
    expect((await ask({ user: visitor('r9'), text: '你好' }, '192.0.2.21')).status).toBe(200);
    // When the wait is over the address may ask again.
    h.clock.advance(15_000);
    expect((await ask({ user: visitor('r0'), text: '你好' }, '192.0.2.20')).status).toBe(200);
  });

  it('answers 429 with Retry-After once one visitor floods, after the bot\'s friendly notice', async () => {
    const one = visitor('f');
    const from = (n: number) => `198.51.100.${n}`;
    const first = [await ask({ user: one, text: '你好' }, from(1)), await ask({ user: one, text: '你好' }, from(2))];
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    const notice = await ask({ user: one, text: '你好' }, from(3));
    expect(notice.status).toBe(200);
    expect(notice.data.reply).toBe(h.app.templates.render('rate-limited', {}));
    const dropped = await ask({ user: one, text: '你好' }, from(4));
    expect(dropped.status).toBe(429);
    expect(dropped.data.error).toMatch(/too many questions in a minute/);
    // The bot keeps its own window; a minute is the longest the visitor can have to wait.
    expect(dropped.headers.get('retry-after')).toBe('60');
  });

  it('answers 503 before the chat starts and while the bot shuts down, and a plain 500 when the engine fails', async () => {
    const tooEarly = await h.request('POST', '/early/chat', { json: { user: visitor('g'), text: '你好' } });
    expect(tooEarly).toMatchObject({ status: 503, data: { error: 'the chat is not running; ask again in a moment' } });
    const stopping = await h.request('POST', '/stopping/chat', { json: { user: visitor('g'), text: '你好' } });
    expect(stopping).toMatchObject({ status: 503, data: { error: 'the chat is not running; ask again in a moment' } });
    const broken = await h.request('POST', '/broken/chat', { json: { user: visitor('g'), text: '你好' } });
    expect(broken).toMatchObject({ status: 500, data: { error: 'internal error; the server log has the details' } });
    expect(JSON.stringify(broken.data)).not.toContain('malformed');
    replies.push(tooEarly, stopping, broken);
  });

  it('checks the inbox query, and puts no stack trace in any answer', async () => {
    const badInbox = await h.request('GET', `/chat/inbox?user=${visitor('h')}&wait=99`);
    expect(badInbox.status).toBe(400);
    expect(badInbox.data.error).toMatch(/^wait: /);
    const empty = await h.request('GET', `/chat/inbox?user=${visitor('h')}&wait=0`);
    expect(empty).toMatchObject({ status: 200, data: { messages: [] } });
    replies.push(badInbox, empty);
    expect(replies.length).toBeGreaterThan(20);
    for (const r of replies) expect(hasStack(r.data), JSON.stringify(r.data).slice(0, 80)).toBe(false);
  });
});

describe('the chat API on a running server', () => {
  const server = useWebServer();

  it('answers a question with its sources, in the shape of an ask output line', async () => {
    const res = await new Client(server.base).post('/api/chat', { user: visitor('a'), text: '报到要带什么材料', id: 'q1' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: 'q1', escalated: false, reason: null });
    expect(res.data.reply).toMatch(/报到[\s\S]*来源/);
    expect(res.data.confidence).toBeGreaterThan(0);
    expect(typeof res.data.ms).toBe('number');
    expect(res.data.sources.length).toBeGreaterThan(0);
    for (const s of res.data.sources) {
      expect(s).toEqual(expect.objectContaining({ path: expect.any(String), title: expect.any(String), score: expect.any(Number) }));
      expect(existsSync(join(server.fx.knowledgeDir, s.path))).toBe(true);
    }
  });

  it('escalates a personal question and names the ticket', async () => {
    const res = await new Client(server.base).post('/api/chat', { user: visitor('b'), text: '帮我查下我的档案到了没有' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ escalated: true, reason: 'personal_case' });
    expect(res.data.ticketId).toMatch(/^[A-Z0-9]+$/);
    expect(res.data.reply).toContain(`#${res.data.ticketId}`);
    expect(server.fx.app.tickets.get(res.data.ticketId)).toMatchObject({ status: 'open', channel: 'web', askerId: `web:${visitor('b')}` });
  });

  it('takes the history the page sends for the ticket the secretary reads', async () => {
    const history = ['报到要带什么材料'];
    const res = await new Client(server.base).post('/api/chat', { user: visitor('h'), text: '帮我查下我的档案到了没有', history });
    expect(res.data.escalated).toBe(true);
    expect(server.fx.app.tickets.get(res.data.ticketId)?.history).toEqual(history);
  });

  it('never treats a visitor as staff: commands are refused', async () => {
    const res = await new Client(server.base).post('/api/chat', { user: visitor('cmd'), text: '/reload' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ escalated: false, sources: [] });
    expect(res.data.reply).toBe(server.fx.app.templates.render('not-allowed', {}));
  });

  it('refuses bad bodies with a clear message', async () => {
    const c = new Client(server.base);
    const broken = await c.request('POST', '/api/chat', { body: '{"user":', headers: { 'content-type': 'application/json' } });
    expect(broken).toMatchObject({ status: 400, data: { error: 'body is not valid JSON' } });
    const noText = await c.post('/api/chat', { user: visitor('c') });
    expect(noText.status).toBe(400);
    expect(noText.data.error).toMatch(/^text: /);
    const badUser = await c.post('/api/chat', { user: '../x', text: '你好' });
    expect(badUser.status).toBe(400);
    expect(badUser.data.error).toMatch(/^user: expected the browser id/);
    const badHistory = await c.post('/api/chat', { user: visitor('c'), text: '你好', history: 'no' });
    expect(badHistory.data.error).toMatch(/^history: /);
    const form = await c.request('POST', '/api/chat', { body: 'user=x&text=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.data.error).toMatch(/application\/json/);
    for (const r of [broken, noText, badUser, form]) expect(JSON.stringify(r.data)).not.toMatch(/\n\s+at /);
  });
});
