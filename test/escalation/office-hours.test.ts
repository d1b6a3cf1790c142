import { describe, expect, it } from 'vitest';
import { OfficeHours } from '../../src/escalation/office-hours.js';

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
