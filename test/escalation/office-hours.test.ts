import { describe, expect, it } from 'vitest';
import { OfficeHours } from '../../src/escalation/office-hours.js';
import { soakSize } from '../soak.js';

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

describe('office hours across a DST switch', () => {
  const everyDay = [1, 2, 3, 4, 5, 6, 7];

  it('starts a day that has no midnight at the hour it does begin', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026.
    const santiago = new OfficeHours({ officeHours: '08:30-17:30', workdays: everyDay, timezone: 'America/Santiago' });
    const noon = new Date('2026-09-06T12:00:00-03:00');
    expect(santiago.startOfDay(noon)).toEqual(new Date('2026-09-06T01:00:00-03:00'));
    expect(santiago.at(new Date('2026-09-05T12:00:00-04:00'), 0, 1)).toEqual(new Date('2026-09-06T01:00:00-03:00'));
    expect(santiago.isoDate(santiago.startOfDay(noon))).toBe('2026-09-06');
  });

  it('counts working hours by the wall clock over a short night', () => {
    // Berlin skips 02:00-03:00 on 29 March 2026; the office day is still nine hours.
    const berlin = new OfficeHours({ officeHours: '08:30-17:30', workdays: everyDay, timezone: 'Europe/Berlin' });
    expect(berlin.workingMs(new Date('2026-03-28T17:00:00+01:00'), new Date('2026-03-29T09:30:00+02:00')) / 3_600_000).toBe(1.5);
  });

  it('refuses a zone that does not exist, at start', () => {
    expect(() => new OfficeHours({ officeHours: '08:30-17:30', workdays: everyDay, timezone: 'Asia/Shanghia' })).toThrow(/not a time zone/);
  });

  it('answers the same when asked again within a minute as a fresh reading does, across a DST switch', () => {
    const settings = { officeHours: '08:30-17:30', workdays: [1, 2, 3, 4, 5], timezone: 'Europe/Berlin' };
    const shared = new OfficeHours(settings);
    // Every 7 minutes 13 seconds over the week of the October switch (every 37 minutes 13 seconds
    // in a quick run), each instant twice.
    const step = soakSize(433_000, 2_233_000);
    for (let t = Date.parse('2026-10-23T00:00:00Z'); t < Date.parse('2026-10-30T00:00:00Z'); t += step) {
      for (const at of [new Date(t), new Date(t + 20_000)]) {
        const fresh = new OfficeHours(settings);
        expect(shared.nextOpening(at)).toEqual(fresh.nextOpening(at));
        expect(shared.local(at)).toEqual(fresh.local(at));
      }
    }
  });
});
