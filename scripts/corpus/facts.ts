import { BUILDINGS, SURNAMES } from './vocabulary.js';

/** Draws invented facts (numbers, picks, phones, rooms, dates, people) from a seeded random source. */
export class Facts {
  constructor(private readonly rand: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }
  some<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.rand() * copy.length), 1)[0]!);
    return out;
  }
  phone(): string {
    return `0595-68${this.int(100000, 999999)}`;
  }
  mobile(): string {
    return `1${this.pick(['35', '38', '39', '58', '77', '86', '89'])}${String(this.int(0, 99999999)).padStart(8, '0')}`;
  }
  room(): string {
    return `${this.pick(BUILDINGS)}${this.int(1, 9)}${String(this.int(1, 30)).padStart(2, '0')}室`;
  }
  date(year: number): { iso: string; zh: string } {
    const m = this.int(1, 12);
    const d = this.int(1, 28);
    return { iso: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, zh: `${m}月${d}日` };
  }
  person(): string {
    return `${this.pick(SURNAMES)}老师`;
  }
}
