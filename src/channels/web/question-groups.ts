/** One asked question, as the admin page counts it. */
export interface AskedQuestion {
  text: string;
  at: Date;
  reason: string;
}

/** Questions that say nearly the same thing, so the department sees one gap, not ten. */
export interface QuestionGroup {
  /** The most asked wording. */
  question: string;
  count: number;
  /** Other wordings in the group, most asked first. */
  variants: string[];
  reasons: Record<string, number>;
  lastAt: string;
}

/** Punctuation, particles and greetings carry no meaning for the comparison. */
const NOISE = /请问|一下|您好|你好|老师|[\s\p{P}\p{S}吗呢吧啊呀哦]/gu;

function bigrams(text: string): Set<string> {
  const t = text.toLowerCase().replace(NOISE, '');
  const grams = new Set<string>();
  if (t.length === 1) grams.add(t);
  for (let i = 0; i + 1 < t.length; i++) grams.add(t.slice(i, i + 2));
  return grams;
}

/** Dice coefficient on character bigrams: works for Chinese without a tokenizer. */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/**
 * Groups questions greedily: the most asked wording opens a group and every later
 * wording similar enough to a group's opener joins it. Groups come out largest first.
 */
export function groupQuestions(questions: AskedQuestion[], threshold = 0.5): QuestionGroup[] {
  const byText = new Map<string, { text: string; count: number; lastAt: number; reasons: Record<string, number> }>();
  for (const q of questions) {
    const key = q.text.trim();
    if (!key) continue;
    const entry = byText.get(key) ?? { text: key, count: 0, lastAt: 0, reasons: {} };
    entry.count++;
    entry.lastAt = Math.max(entry.lastAt, q.at.getTime());
    entry.reasons[q.reason] = (entry.reasons[q.reason] ?? 0) + 1;
    byText.set(key, entry);
  }
  const wordings = [...byText.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
  const groups: Array<{ opener: string; members: typeof wordings }> = [];
  for (const w of wordings) {
    const home = groups.find((g) => similarity(g.opener, w.text) >= threshold);
    if (home) home.members.push(w);
    else groups.push({ opener: w.text, members: [w] });
  }
  return groups
    .map((g) => {
      const reasons: Record<string, number> = {};
      for (const m of g.members) for (const [r, n] of Object.entries(m.reasons)) reasons[r] = (reasons[r] ?? 0) + n;
      return {
        question: g.opener,
        count: g.members.reduce((n, m) => n + m.count, 0),
        variants: g.members.slice(1).map((m) => m.text),
        reasons,
        lastAt: new Date(Math.max(...g.members.map((m) => m.lastAt))).toISOString(),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
