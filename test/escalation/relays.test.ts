import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Undeliverable } from '../../src/core/errors.js';
import type { OutboundChannel } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/types.js';
import { Relays } from '../../src/escalation/relays.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import type { NewTicket } from '../../src/escalation/ticket-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { memoryOutbox, type MemoryOutbox } from './memory-outbox.js';

class Refused extends Error implements Undeliverable {
  readonly undeliverable = true as const;
}

/** A platform that takes every message, or refuses it for good while `refusing` is set. */
class Platform implements OutboundChannel {
  readonly sent: Reply[] = [];
  refusing: string | undefined;
  constructor(readonly name: string) {}
  async send(reply: Reply): Promise<void> {
    if (this.refusing) throw new Refused(this.refusing);
    this.sent.push(reply);
  }
  isConnected(): boolean {
    return true;
  }
  onConnected(): void {}
}

const NOW = new Date('2026-11-25T02:00:00Z');
const question = (id: string, over: Partial<NewTicket> = {}): NewTicket => ({
  id, reason: 'low_confidence', channel: 'qq', conversationId: 'group:300', askerId: 'qq:7001', isGroup: true,
  question: '周转公寓押金多少？', history: [], candidates: [], ...over,
});

describe('relaying a secretary’s answer to the asker', () => {
  let dir: string;
  let tickets: SqliteTicketStore;
  let box: MemoryOutbox;
  let qq: Platform;
  let wecom: Platform;
  let relays: Relays;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relays-'));
    tickets = new SqliteTicketStore(join(dir, 'tickets.db'));
    qq = new Platform('qq');
    wecom = new Platform('wecom');
    box = memoryOutbox({ channels: [qq, wecom], clock: fixedClock(NOW) });
    relays = new Relays({ tickets, outbox: box.outbox, templates: loadTemplates(DEFAULT_PROMPTS_DIR), clock: fixedClock(NOW), log: silentLogger() });
  });
  afterEach(async () => {
    await box.close();
    tickets.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the answer, signed and with the ticket number, to the group it was asked in, mentioning the asker; the ticket then reads relayed', async () => {
    await tickets.create(question('RL01A'), NOW);
    const answered = tickets.answer('RL01A', '押金为一个月租金。', { id: 'wecom:hr-li', name: '李老师' }, NOW)!;
    await relays.relay(answered);
    await box.outbox.idle();
    expect(qq.sent).toEqual([expect.objectContaining({ conversationId: 'group:300', mentionUserId: '7001', ticketId: 'RL01A' })]);
    expect(qq.sent[0]!.text).toContain('押金为一个月租金。');
    expect(qq.sent[0]!.text).toContain('李老师');
    expect(qq.sent[0]!.text).toContain('#RL01A');
    expect(tickets.get('RL01A')?.relayedAt).toEqual(NOW);
  });

  it('when the platform refuses the answer for good, marks the ticket and tells the secretary who answered, on their channel', async () => {
    await tickets.create(question('RL02B', { isGroup: false, conversationId: 'private:7001' }), NOW);
    const answered = tickets.answer('RL02B', '请到人事处 203 室办理。', { id: 'wecom:hr-li' }, NOW)!;
    qq.refusing = 'the user blocked the bot';
    await relays.relay(answered);
    await box.outbox.idle();
    expect(tickets.get('RL02B')).toMatchObject({ relayError: 'the user blocked the bot', relayedAt: undefined });
    expect(wecom.sent).toEqual([expect.objectContaining({ conversationId: 'hr-li', ticketId: 'RL02B' })]);
    expect(wecom.sent[0]!.text).toContain('未能送达');
  });

  it('does not tell the secretary twice while their own confirmation is waiting to say how it went', async () => {
    await tickets.create(question('RL03C'), NOW);
    const answered = tickets.answer('RL03C', '可以。', { id: 'wecom:hr-li' }, NOW)!;
    qq.refusing = 'group dissolved';
    await relays.relayWhile(answered, async () => box.outbox.idle());
    expect(tickets.get('RL03C')?.relayError).toBe('group dissolved');
    expect(wecom.sent).toEqual([]);
  });

  it('at start, queues the answers that never reached the outbox, once', async () => {
    await tickets.create(question('RL04D'), NOW);
    tickets.answer('RL04D', '下月起可申请。', { id: 'wecom:hr-li' }, NOW);
    await relays.recover();
    await relays.recover();
    await box.outbox.idle();
    expect(qq.sent.map((r) => r.ticketId)).toEqual(['RL04D']);
    expect(tickets.listUnrelayed()).toEqual([]);
  });
});
