import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { fixedClock } from '../../src/core/clock.js';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import type { OutboxMessage } from '../../src/core/outbox-store.js';
import type { Address } from '../../src/escalation/outbox.js';
import { Reminders } from '../../src/escalation/reminders.js';
import type { Ticket } from '../../src/escalation/ticket-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';

const shanghai = (s: string) => new Date(`${s}+08:00`);

function openTicket(id: string, createdAt: Date): Ticket {
  return {
    id, status: 'open', reason: 'personal_case', channel: 'wechat', conversationId: 'wxid_a', askerId: 'wechat:wxid_a', askerName: '张老师',
    isGroup: false, question: '我的档案到了吗', history: [], candidates: [], createdAt,
  };
}

describe('reminders', () => {
  it('queues one reminder per ticket past the working hours, and none again for a ticket reminded before a crash', async () => {
    const tickets = [
      openTicket('OLD', shanghai('2026-11-25T09:00:00')),
      openTicket('NEW', shanghai('2026-11-25T14:00:00')),
      openTicket('CRASH', shanghai('2026-11-25T08:00:00')),
    ];
    const sent: string[] = [];
    const reminders = new Reminders({
      tickets: {
        listOpen: () => tickets,
        markReminded: (id, at) => void (tickets.find((t) => t.id === id)!.remindedAt = at),
      },
      outbox: {
        broadcast: async (_to: Address[], text: string) => (sent.push(text), []),
        // The reminder of CRASH was stored, but the crash came before the ticket was marked.
        sentFor: (id) => (id === 'CRASH' ? [{ id: 1 } as OutboxMessage] : []),
      },
      templates: loadTemplates(DEFAULT_PROMPTS_DIR),
      officeHours: new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' }),
      clock: fixedClock(shanghai('2026-11-25T15:00:00')),
      log: silentLogger(),
      recipients: [{ channel: 'wechat', conversationId: 'hr' }],
      remindAfterHours: 4,
    });
    const now = shanghai('2026-11-25T15:00:00');
    expect(await reminders.check(now)).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('#OLD');
    expect(tickets.map((t) => t.remindedAt !== undefined)).toEqual([true, false, true]);
    expect(await reminders.check(now)).toBe(0);
    expect(sent).toHaveLength(1);
  });
});
