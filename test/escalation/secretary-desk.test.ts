import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_PROMPTS_DIR } from '../../src/app.js';
import { fixedClock } from '../../src/core/clock.js';
import type { OutboundChannel } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/types.js';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import { SecretaryDesk } from '../../src/escalation/secretary-desk.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import { parseTicketCommand } from '../../src/escalation/ticket-command.js';
import type { NewTicket } from '../../src/escalation/ticket-store.js';
import { silentLogger } from '../../src/logging/logger.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { memoryOutbox } from './memory-outbox.js';

/** Wednesday 25 November 2026, 10:00 in Shanghai: inside office hours. */
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
const WANG = { id: 'wechat:hr-wang', name: '王老师' };

const newTicket = (id: string): NewTicket => ({
  id, reason: 'personal_case', channel: 'wechat', conversationId: 'wxid-lin', askerId: 'wechat:wxid-lin', askerName: '林老师',
  isGroup: false, question: '我的档案到学校了吗', history: [], candidates: [],
});

/** A channel that keeps what it is given, acknowledged at once. */
function recording(name: string): OutboundChannel & { sent: Reply[]; to(conversationId: string): string[] } {
  const sent: Reply[] = [];
  return { name, sent, send: async (reply) => void sent.push(reply), to: (id) => sent.filter((r) => r.conversationId === id).map((r) => r.text) };
}

/** The desk over tickets and an outbox in memory, a WeChat secretary and a WeCom group robot that only gets notices. */
async function openDesk() {
  const clock = fixedClock(WEDNESDAY_10AM);
  const tickets = new SqliteTicketStore(':memory:');
  const box = memoryOutbox({ clock });
  const wechat = recording('wechat');
  const wecom = recording('wecom');
  await box.outbox.register(wechat);
  await box.outbox.register(wecom);
  const desk = new SecretaryDesk({
    tickets, outbox: box.outbox, templates: loadTemplates(DEFAULT_PROMPTS_DIR), clock, log: silentLogger(),
    officeHours: new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' }),
    // No test here saves an FAQ, so nothing is written there.
    knowledgeDir: join(tmpdir(), 'secretary-desk-unused'),
    recipients: [WANG.id], noticeOnly: ['wecom:hr-group'], remindAfterHours: 4, noticesPerMinute: 10, confirmWaitMs: 500,
    reload: async () => 'reloaded',
    documentText: () => () => '',
  });
  onTestFinished(async () => {
    await desk.stop();
    await box.close();
    tickets.dispose();
  });
  return { desk, tickets, outbox: box.outbox, wechat, wecom, clock };
}

describe('the secretary desk', () => {
  it('tells the secretary and the group robot of a new ticket, and relays the secretary’s answer to the asker', async () => {
    const { desk, tickets, outbox, wechat, wecom } = await openDesk();
    await desk.notify(await tickets.create(newTicket('LIN1'), WEDNESDAY_10AM));
    await outbox.idle();
    expect(wechat.to('hr-wang')).toEqual([expect.stringMatching(/^【新工单 #LIN1】[\s\S]*我的档案到学校了吗/)]);
    expect(wecom.to('hr-group')).toEqual([expect.stringMatching(/^【新工单 #LIN1】/)]);

    const confirmation = await desk.handle(WANG, parseTicketCommand('#LIN1 档案已于昨天到达人事处。')!);
    await outbox.idle();
    expect(confirmation).toMatch(/工单 #LIN1 的回复已转告 林老师/);
    expect(wechat.to('wxid-lin')).toEqual([expect.stringMatching(/人事秘书王老师回复如下：\n档案已于昨天到达人事处。/)]);
    expect(tickets.get('LIN1')).toMatchObject({ status: 'answered', answeredBy: WANG.id });
    expect(desk.listOpen()).not.toContain('#LIN1');
  });

  it('gives a secretary whose channel is down the notice of a new ticket when the channel is back, once', async () => {
    const { desk, tickets, outbox, wechat } = await openDesk();
    outbox.unregister(wechat);
    await desk.notify(await tickets.create(newTicket('LIN2'), WEDNESDAY_10AM));
    await outbox.idle();
    expect(wechat.to('hr-wang')).toEqual([]);
    await outbox.register(wechat);
    await outbox.idle();
    expect(wechat.to('hr-wang')).toEqual([expect.stringMatching(/^【新工单 #LIN2】/)]);
    await outbox.register(wechat);
    await outbox.idle();
    expect(wechat.to('hr-wang')).toHaveLength(1);
  });

  it('reminds the secretary once of a ticket left open for the configured working hours, even if offline, and not the group robot', async () => {
    const { desk, tickets, outbox, wechat, wecom } = await openDesk();
    await desk.notify(await tickets.create(newTicket('LIN3'), WEDNESDAY_10AM));
    expect(desk.listOpen()).toMatch(/待回复的工单共 1 个[\s\S]*#LIN3/);
    const hoursLater = (h: number) => new Date(WEDNESDAY_10AM.getTime() + h * 3_600_000);
    expect(await desk.checkReminders(hoursLater(3))).toBe(0);
    // The reminder is stored while the secretary is offline and reaches them when they are back.
    outbox.unregister(wechat);
    expect(await desk.checkReminders(hoursLater(4.5))).toBe(1);
    await outbox.register(wechat);
    await outbox.idle();
    expect(wechat.to('hr-wang').at(-1)).toMatch(/^⏰ 提醒：工单 #LIN3 已等待 4.5 个工作小时[\s\S]*我的档案到学校了吗/);
    expect(await desk.checkReminders(hoursLater(5))).toBe(0);
    expect(await desk.checkReminders(hoursLater(30))).toBe(0);
    expect(wecom.to('hr-group')).toHaveLength(1);
  });

  it('sends at start the notice of a ticket stored just before a crash', async () => {
    const { desk, tickets, outbox, wechat } = await openDesk();
    await tickets.create(newTicket('LIN4'), WEDNESDAY_10AM);
    await desk.recover();
    await outbox.idle();
    expect(wechat.to('hr-wang')).toEqual([expect.stringMatching(/^【新工单 #LIN4】/)]);
    expect(tickets.listUnnotified()).toEqual([]);
  });
});
