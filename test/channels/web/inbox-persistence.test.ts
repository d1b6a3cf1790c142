import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startWebFixture, type WebFixture } from './web-fixture.js';

let fx: WebFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const user = 'visitor-restart-0123456789';
const inbox = (base: string, query: string) => new Client(base).get(`/api/chat/inbox?user=${user}&${query}`);

describe('the web inbox across a restart', () => {
  it('hands the visitor an answer given while they were away and the bot restarted, exactly once', async () => {
    fx = await startWebFixture();
    const visitor = new Client(fx.server.url);
    // The page has polled once and holds a cursor; then the visitor goes away.
    const before = await inbox(fx.server.url, 'after=0&wait=0');
    expect(before.data).toEqual({ epoch: expect.any(String), messages: [] });
    const epoch: string = before.data.epoch;
    const asked = await visitor.post('/api/chat', { user, text: '帮我查下我的档案到了没有' });
    expect(asked.data.escalated).toBe(true);
    const ticketId: string = asked.data.ticketId;

    const secretary = new Client(fx.server.url);
    await secretary.login('secretary');
    const answered = await secretary.post(`/api/tickets/${ticketId}/answer`, { answer: '你的档案已于昨天寄到人事处。' });
    expect(answered.data).toMatchObject({ relayed: true });

    fx = await fx.reopen();
    const got = await inbox(fx.server.url, `after=0&epoch=${epoch}&wait=0`);
    expect(got.status).toBe(200);
    expect(got.data).toEqual({
      epoch,
      messages: [{ seq: expect.any(Number), at: expect.any(String), text: expect.stringContaining('你的档案已于昨天寄到人事处。') }],
    });
    expect(got.data.messages[0].text).toContain(`#${ticketId}`);
    const seen: number = got.data.messages[0].seq;
    expect((await inbox(fx.server.url, `after=${seen}&epoch=${epoch}&wait=0`)).data).toEqual({ epoch, messages: [] });

    // The same cursor keeps working for the long poll: the next answer wakes it, alone.
    const second = await new Client(fx.server.url).post('/api/chat', { user, text: '我的工资卡绑定的是哪个银行，帮我查一下' });
    expect(second.data.escalated).toBe(true);
    const waiting = inbox(fx.server.url, `after=${seen}&epoch=${epoch}&wait=10`);
    const channel = fx.server.channel;
    await expect.poll(() => channel['waiters'].size).toBe(1);
    await fx.app.desk.handle({ id: 'web:secretary' }, { ticketId: second.data.ticketId, action: 'answer', answer: '是工商银行的卡。' });
    const next = await waiting;
    expect(next.data.messages).toHaveLength(1);
    expect(next.data.messages[0].text).toContain('是工商银行的卡。');
    expect(next.data.messages[0].seq).toBeGreaterThan(seen);
  });

  it('keeps one copy when the bot crashed between storing the answer and marking the ticket relayed', async () => {
    fx = await startWebFixture();
    const asked = await new Client(fx.server.url).post('/api/chat', { user, text: '帮我查下我的档案到了没有' });
    const ticketId: string = asked.data.ticketId;
    // Long enough that the outbox sends it in parts, each of which must be recognised.
    const answer = '你的档案已经寄到人事处，请带身份证到行政楼302室领取。'.repeat(80);
    await fx.app.desk.handle({ id: 'web:secretary' }, { ticketId, action: 'answer', answer });
    const sent = (await inbox(fx.server.url, 'after=0&wait=0')).data.messages;
    expect(sent.length).toBeGreaterThan(1);
    const ticketsDb = join(fx.dataDir, 'tickets.db');

    fx = await fx.reopen(() => {
      const db = new Database(ticketsDb);
      try {
        db.prepare('UPDATE tickets SET relayed_at = NULL WHERE id = ?').run(ticketId);
      } finally {
        db.close();
      }
    });
    // Starting the web server had the desk relay the answer again, as after a real crash.
    expect(fx.app.tickets.get(ticketId)?.relayedAt).toBeInstanceOf(Date);
    expect((await inbox(fx.server.url, 'after=0&wait=0')).data.messages).toEqual(sent);
  });

  it('starts a page over when its cursor belongs to another inbox', async () => {
    fx = await startWebFixture();
    const asked = await new Client(fx.server.url).post('/api/chat', { user, text: '帮我查下我的档案到了没有' });
    await fx.app.desk.handle({ id: 'web:secretary' }, { ticketId: asked.data.ticketId, action: 'answer', answer: '已经寄到了。' });
    const got = await inbox(fx.server.url, 'after=999&epoch=0123456789ab&wait=0');
    expect(got.data.epoch).not.toBe('0123456789ab');
    expect(got.data.messages).toHaveLength(1);
  });
});
