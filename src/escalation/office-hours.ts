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
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export class OfficeHours {
  private readonly format: Intl.DateTimeFormat;
  private readonly open: number;
  private readonly close: number;
  private readonly workdays: Set<number>;

  constructor(private readonly settings: OfficeHoursSettings) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: settings.timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const [open, close] = settings.officeHours.split('-').map(toMinutes) as [number, number];
    this.open = open;
    this.close = close;
    this.workdays = new Set(settings.workdays);
  }

  get timezone(): string {
    return this.settings.timezone;
  }

  local(at: Date): LocalTime {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** The instant at `minutes` past local midnight of the local day that contains `at`, `dayOffset` days later. */
  at(at: Date, minutes: number, dayOffset = 0): Date {
    const l = this.local(at);
    const wall = Date.UTC(l.year, l.month - 1, l.day + dayOffset) + minutes * 60_000;
    // The zone's offset is read at the guess and corrected once, which is exact outside DST switch hours.
    const guess = wall - this.offset(new Date(wall));
    return new Date(wall - this.offset(new Date(guess)));
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
    for (let d = 0; d <= 14; d++) {
      const opening = this.at(at, this.open, d);
      if (opening >= at && this.workdays.has(this.local(opening).weekday)) return opening;
    }
    return at;
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

  private offset(at: Date): number {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((p) => [p.type, p.value]));
    const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    return asUtc - Math.floor(at.getTime() / 1000) * 1000;
  }
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
