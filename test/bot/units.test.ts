import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/bot/split-text.js';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import { parseTicketCommand } from '../../src/escalation/ticket-command.js';

describe('splitting long replies', () => {
  it('cuts after sentences and keeps every part within the limit', () => {
    const text = '第一句话比较长一些。第二句！第三句？第四句；最后一句没有标点';
    const parts = splitText(text, 12);
    expect(parts).toEqual(['第一句话比较长一些。', '第二句！第三句？第四句；', '最后一句没有标点']);
    expect(parts.join('')).toBe(text);
  });

  it('cuts at the limit when a sentence is longer than it', () => {
    expect(splitText('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('leaves a short reply alone', () => {
    expect(splitText('你好。', 2000)).toEqual(['你好。']);
  });
});

describe('reading a secretary message', () => {
  it('reads an answer, a FAQ answer and a close', () => {
    expect(parseTicketCommand('#K7Q2M 档案已到')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '档案已到' });
    expect(parseTicketCommand('#k7q2m +faq 档案已到\n第二行')).toEqual({ ticketId: 'k7q2m', action: 'faq', answer: '档案已到\n第二行' });
    expect(parseTicketCommand('#K7Q2M close')).toEqual({ ticketId: 'K7Q2M', action: 'close' });
    expect(parseTicketCommand('#K7Q2M')).toEqual({ ticketId: 'K7Q2M', action: 'answer', answer: '' });
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

describe('office hours in Shanghai', () => {
  const office = new OfficeHours({ officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Asia/Shanghai' });
  const shanghai = (s: string) => new Date(`${s}+08:00`);

  it('knows when the office is open and when it opens next', () => {
    expect(office.isOpen(shanghai('2026-11-25T10:00:00'))).toBe(true);
    expect(office.isOpen(shanghai('2026-11-25T18:00:00'))).toBe(false);
    expect(office.nextOpening(shanghai('2026-11-25T18:00:00'))).toEqual(shanghai('2026-11-26T08:30:00'));
    expect(office.nextOpening(shanghai('2026-11-28T12:00:00'))).toEqual(shanghai('2026-11-30T08:30:00'));
    expect(office.describe(shanghai('2026-11-30T08:30:00'))).toBe('11月30日（周一）08:30');
  });

  it('counts only working hours between two moments', () => {
    const hours = (a: string, b: string) => office.workingMs(shanghai(a), shanghai(b)) / 3_600_000;
    expect(hours('2026-11-25T10:00:00', '2026-11-25T14:00:00')).toBe(4);
    expect(hours('2026-11-25T17:00:00', '2026-11-26T09:00:00')).toBe(1);
    expect(hours('2026-11-27T16:30:00', '2026-11-30T11:30:00')).toBe(4);
  });

  it('starts the day and the week at local midnight', () => {
    expect(office.startOfDay(new Date('2026-11-25T20:00:00Z'))).toEqual(shanghai('2026-11-26T00:00:00'));
    expect(office.startOfWeek(shanghai('2026-11-29T23:00:00'))).toEqual(shanghai('2026-11-23T00:00:00'));
  });
});
