import { describe, expect, it } from 'vitest';
import { parseTicketCommand } from '../../src/escalation/ticket-command.js';

describe('reading a secretary message', () => {
  it('reads an answer, a FAQ answer and a close', () => {
    expect(parseTicketCommand('#K7Q2M 档案已到')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '档案已到' });
    expect(parseTicketCommand('#k7q2m +faq 档案已到\n第二行')).toEqual({ ticketId: 'k7q2m', action: 'faq', answer: '档案已到\n第二行' });
    expect(parseTicketCommand('#K7Q2M close')).toEqual({ ticketId: 'K7Q2M', action: 'close' });
    expect(parseTicketCommand('#K7Q2M')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '' });
  });

  it('reads "采用" as sending the bot\'s draft, and only as the whole reply', () => {
    expect(parseTicketCommand('#K7Q2M 采用')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '', useDraft: true });
    expect(parseTicketCommand('#K7Q2M +faq 采用草稿')).toEqual({ ticketId: 'K7Q2M', action: 'faq', answer: '', useDraft: true });
    expect(parseTicketCommand('#K7Q2M 采用。')).toMatchObject({ useDraft: true });
    expect(parseTicketCommand('「入职助手：【新工单 #K7Q2M】…」\n- - - - - -\n采用')).toMatchObject({ ticketId: 'K7Q2M', useDraft: true });
    expect(parseTicketCommand('#K7Q2M 采用线上办理，不用来现场')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '采用线上办理，不用来现场' });
  });

  it('takes the ticket from a quoted notice', () => {
    const quoted = '「入职助手：【新工单 #K7Q2M】（需要核实个人情况）提问人：张老师…」\n- - - - - - - - - - - - - - -\n已到，周一来签字';
    expect(parseTicketCommand(quoted)).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '已到，周一来签字' });
    expect(parseTicketCommand(quoted.replace('已到', '+faq 已到'))).toMatchObject({ action: 'faq', answer: '已到，周一来签字' });
  });

  it('ignores text that is not about a ticket', () => {
    expect(parseTicketCommand('报到要带什么')).toBeUndefined();
    expect(parseTicketCommand('我的工单 #K7Q2M 怎么样了')).toBeUndefined();
  });
});
