import { LRUCache } from 'lru-cache';
import { DateTime, IANAZone } from 'luxon';
import { ConfigError } from '../core/errors.js';

/** When the HR office works, in its own time zone (the server may run in UTC). */
export interface OfficeHoursSettings {
  /** "HH:MM-HH:MM" */
  officeHours: string;
  /** 1 = Monday … 7 = Sunday */
  workdays: number[];
  timezone: string;
}

/** A calendar day and clock time as read in the office's time zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
const MINUTE_MS = 60_000;

export class OfficeHours {
  private readonly zone: IANAZone;
  private readonly open: number;
  private readonly close: number;
  private readonly workdays: Set<number>;
  // Office time has minute resolution, so within one minute `local` and `nextOpening` give the
  // same answer; Luxon's zone arithmetic was a tenth of an escalation's time without these.
  private readonly locals = new LRUCache<number, LocalTime>({ max: 512 });
  private readonly openings = new LRUCache<number, number>({ max: 64 });

  constructor(private readonly settings: OfficeHoursSettings) {
    if (!IANAZone.isValidZone(settings.timezone)) {
      throw new ConfigError(`escalation.timezone "${settings.timezone}" is not a time zone; use an IANA name such as Asia/Shanghai`);
    }
    this.zone = IANAZone.create(settings.timezone);
    const [open, close] = settings.officeHours.split('-').map(toMinutes) as [number, number];
    this.open = open;
    this.close = close;
    this.workdays = new Set(settings.workdays);
  }

  get timezone(): string {
    return this.settings.timezone;
  }

  local(at: Date): LocalTime {
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    let local = this.locals.get(minute);
    if (!local) {
      const t = DateTime.fromJSDate(at, { zone: this.zone });
      local = { year: t.year, month: t.month, day: t.day, weekday: t.weekday, minutes: t.hour * 60 + t.minute };
      this.locals.set(minute, local);
    }
    return { ...local };
  }

  /**
   * The instant at `minutes` past local midnight of the local day that contains `at`,
   * `dayOffset` days later. Luxon applies the zone's rules, so days that a DST switch makes
   * 23 or 25 hours long, or that start at 01:00, come out right too.
   */
  at(at: Date, minutes: number, dayOffset = 0): Date {
    const days = dayOffset + Math.floor(minutes / DAY_MINUTES);
    const rest = minutes % DAY_MINUTES;
    return DateTime.fromJSDate(at, { zone: this.zone })
      .startOf('day')
      .plus({ days })
      .set({ hour: Math.floor(rest / 60), minute: rest % 60 })
      .toJSDate();
  }

  startOfDay(at: Date): Date {
    return this.at(at, 0);
  }

  /** Monday 00:00 of the local week containing `at`. */
  startOfWeek(at: Date): Date {
    return this.at(at, 0, 1 - this.local(at).weekday);
  }

  isOpen(at: Date): boolean {
    const l = this.local(at);
    return this.workdays.has(l.weekday) && l.minutes >= this.open && l.minutes < this.close;
  }

  /** When the office next opens (now, when it is open). */
  nextOpening(at: Date): Date {
    if (this.isOpen(at)) return at;
    const minute = Math.floor(at.getTime() / MINUTE_MS);
    const known = this.openings.get(minute);
    if (known !== undefined) return new Date(known);
    let next = at;
    for (let d = 0; d <= 14; d++) {
      const opening = this.at(at, this.open, d);
      if (opening >= at && this.workdays.has(this.local(opening).weekday)) {
        next = opening;
        break;
      }
    }
    this.openings.set(minute, next.getTime());
    return next;
  }

  /** Milliseconds of office time between two instants. */
  workingMs(from: Date, to: Date): number {
    let total = 0;
    const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS) + 1;
    for (let d = 0; d <= days; d++) {
      const open = this.at(from, this.open, d);
      if (open > to) break;
      if (!this.workdays.has(this.local(open).weekday)) continue;
      const close = this.at(from, this.close, d);
      const start = Math.max(open.getTime(), from.getTime());
      const end = Math.min(close.getTime(), to.getTime());
      if (end > start) total += end - start;
    }
    return total;
  }

  /** "11月27日（周四）08:30", as a person in the office's zone reads it. */
  describe(at: Date): string {
    const l = this.local(at);
    const hh = String(Math.floor(l.minutes / 60)).padStart(2, '0');
    const mm = String(l.minutes % 60).padStart(2, '0');
    return `${l.month}月${l.day}日（周${'一二三四五六日'[l.weekday - 1]}）${hh}:${mm}`;
  }

  /** "2026-11-27" in the office's zone. */
  isoDate(at: Date): string {
    const l = this.local(at);
    return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  }
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
