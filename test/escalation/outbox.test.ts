import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import type { Undeliverable } from '../../src/core/errors.js';
import type { OutboundChannel } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/types.js';
import { retryDelay } from '../../src/escalation/delivery-loop.js';
import { Outbox } from '../../src/escalation/outbox.js';
import { SqliteOutboxStore } from '../../src/escalation/sqlite-outbox-store.js';
import { silentLogger } from '../../src/logging/logger.js';

class Refused extends Error implements Undeliverable {
  readonly undeliverable = true as const;
}

/** A platform that acknowledges what it takes, or fails as told. */
class Platform implements OutboundChannel {
  readonly sent: Reply[] = [];
  failing: Error | undefined;
  connected = true;
  private readonly listeners: Array<() => void> = [];
  constructor(readonly name: string) {}
  async send(reply: Reply): Promise<void> {
    if (this.failing) throw this.failing;
    this.sent.push(reply);
  }
  isConnected(): boolean {
    return this.connected;
  }
  onConnected(listener: () => void): void {
    this.listeners.push(listener);
  }
  reconnect(): void {
    this.connected = true;
    for (const listener of this.listeners) listener();
  }
}

const NOW = new Date('2026-11-25T02:00:00Z');

function open(file = ':memory:', clock = fixedClock(NOW)) {
  const store = new SqliteOutboxStore(file);
  const outbox = new Outbox({ store, clock, log: silentLogger(), limitFor: () => 4, retry: { minMs: 1000, maxMs: 8000 }, random: () => 1 });
  return { store, outbox, clock };
}

describe('the durable outbox', () => {
  it('stores a message split to the limit, delivers the parts in order and marks each delivered on acknowledgement', async () => {
    const { store, outbox } = open();
    const web = new Platform('web');
    outbox.register(web);
    const parts = await outbox.send({ channel: 'web', conversationId: 'v1' }, '第一句。第二句。', { kind: 'relay', ticketId: 'K7Q2M' });
    expect(parts.map((p) => p.text)).toEqual(['第一句。', '第二句。']);
    await outbox.idle();
    expect(web.sent).toEqual([
      { channel: 'web', conversationId: 'v1', text: '第一句。', ticketId: 'K7Q2M', mentionUserId: undefined },
      { channel: 'web', conversationId: 'v1', text: '第二句。', ticketId: 'K7Q2M', mentionUserId: undefined },
    ]);
    expect(parts.map((p) => store.get(p.id)?.status)).toEqual(['delivered', 'delivered']);
    expect(outbox.report(parts.map((p) => p.id))).toEqual({ state: 'delivered' });
  });

  it('retries a failing platform with growing waits and never drops the message; the conversation waits behind it', async () => {
    const { store, outbox, clock } = open();
    const qq = new Platform('qq');
    qq.failing = new Error('HTTP 502');
    outbox.register(qq);
    const [first] = await outbox.send({ channel: 'qq', conversationId: 'private:1' }, '一。', { kind: 'relay' });
    const [second] = await outbox.send({ channel: 'qq', conversationId: 'private:1' }, '二。', { kind: 'notice' });
    await outbox.idle();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const row = store.get(first!.id)!;
      waits.push(row.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt);
      outbox.kick();
      await outbox.idle();
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(store.get(first!.id)).toMatchObject({ status: 'pending', attempts: 7, lastError: 'HTTP 502' });
    expect(qq.sent).toEqual([]);

    qq.failing = undefined;
    clock.set(store.get(first!.id)!.nextAttemptAt);
    outbox.kick();
    await outbox.idle();
    expect(qq.sent.map((r) => r.text)).toEqual(['一。', '二。']);
    expect(store.get(second!.id)?.status).toBe('delivered');
  });

  it('waits without counting attempts while the channel is disconnected, and sends at once when it connects', async () => {
    const { store, outbox } = open();
    const qq = new Platform('qq');
    qq.connected = false;
    outbox.register(qq);
    const stored = await outbox.send({ channel: 'qq', conversationId: 'group:9' }, '通知。', { kind: 'notice', mentionUserId: '7' });
    expect(await outbox.whenAttempted(stored, 1000)).toEqual({ state: 'queued' });
    await outbox.idle();
    expect(store.get(stored[0]!.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(store.backlog()).toEqual([{ channel: 'qq', pending: 1, failed: 0, oldestPendingAt: NOW }]);

    qq.reconnect();
    await new Promise((resolve) => setImmediate(resolve));
    await outbox.idle();
    expect(qq.sent).toEqual([{ channel: 'qq', conversationId: 'group:9', text: '通知。', mentionUserId: '7', ticketId: undefined }]);
    expect(store.backlog()).toEqual([]);
  });

  it('marks a message the platform refuses for good as failed, tells the listeners, and goes on with the next', async () => {
    const { store, outbox } = open();
    const mp = new Platform('wechat-mp');
    outbox.register(mp);
    const settled: Array<[string, string]> = [];
    outbox.onSettled((m, outcome) => void settled.push([m.text, outcome]));
    mp.failing = new Refused('outside the 48-hour window (45015)');
    const refused = await outbox.send({ channel: 'wechat-mp', conversationId: 'o1' }, '答复。', { kind: 'relay', ticketId: 'T1' });
    expect(await outbox.whenAttempted(refused, 1000)).toEqual({ state: 'failed', error: 'outside the 48-hour window (45015)' });
    mp.failing = undefined;
    await outbox.send({ channel: 'wechat-mp', conversationId: 'o1' }, '下一条。', { kind: 'notice' });
    await outbox.idle();
    expect(settled).toEqual([['答复。', 'failed'], ['下一条。', 'delivered']]);
    expect(store.listUndelivered(10)).toMatchObject([{ status: 'failed', ticketId: 'T1' }]);
  });

  it('keeps what it stored across a restart and delivers it then, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    try {
      const file = join(dir, 'tickets.db');
      const before = open(file);
      await before.outbox.send({ channel: 'wechat', conversationId: 'wxid_a' }, '重启前。', { kind: 'relay' });
      await before.outbox.stop();
      before.store.close();

      const after = open(file);
      const wechat = new Platform('wechat');
      after.outbox.register(wechat);
      await new Promise((resolve) => setImmediate(resolve));
      await after.outbox.idle();
      expect(wechat.sent.map((r) => r.text)).toEqual(['重启前。']);
      after.outbox.register(wechat);
      await new Promise((resolve) => setImmediate(resolve));
      await after.outbox.idle();
      expect(wechat.sent).toHaveLength(1);
      await after.outbox.stop();
      after.store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('spreads retries with jitter between half and all of the doubled wait', () => {
    const retry = { minMs: 1000, maxMs: 60_000 };
    expect(retryDelay(0, retry, () => 0)).toBe(500);
    expect(retryDelay(0, retry, () => 1)).toBe(1000);
    expect(retryDelay(3, retry, () => 0.5)).toBe(6000);
    expect(retryDelay(40, retry, () => 1)).toBe(60_000);
  });
});
