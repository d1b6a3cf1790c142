import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
