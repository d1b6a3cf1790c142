import { z } from 'zod';
import { gainOf } from './train-models.js';

const outcomeLine = z.object({
  corpus: z.string(),
  id: z.string(),
  text: z.string(),
  outcome: z.enum(['right', 'escalated', 'wrong']),
  probability: z.number().nullable(),
});
type Outcome = z.infer<typeof outcomeLine>;

/** Reads the JSON lines `npm run train -- --outcomes FILE` writes; `name` says which file a bad line is in. */
export function parseOutcomes(text: string, name: string): Outcome[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${name}:${i + 1}: not JSON`);
      }
      const parsed = outcomeLine.safeParse(json);
      if (!parsed.success) throw new Error(`${name}:${i + 1}: not an outcome line (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return parsed.data;
    });
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * How a trial (`after`) did against a baseline (`before`) out of fold, in the terms
 * docs/answering.md judges trials by: utility, the train corpora it helps and hurts, and, for a
 * rule that touches few questions (`touched`), its questions apart from the rest.
 */
export function compareOutcomes(before: Outcome[], after: Outcome[], touched?: RegExp): string[] {
  const key = (o: Outcome) => `${o.corpus}\u0000${o.id}`;
  const old = new Map(before.map((o) => [key(o), o]));
  const byCorpus = new Map<string, number>();
  const parts = { touched: { n: 0, delta: 0 }, rest: { n: 0, delta: 0 } };
  const changed: string[] = [];
  const totals = { before: 0, after: 0 };
  const matched = new Set<string>();
  for (const now of after) {
    const was = old.get(key(now));
    if (!was) continue;
    matched.add(key(now));
    totals.before += gainOf(was.outcome);
    totals.after += gainOf(now.outcome);
    const delta = gainOf(now.outcome) - gainOf(was.outcome);
    byCorpus.set(now.corpus, (byCorpus.get(now.corpus) ?? 0) + delta);
    const part = touched?.test(now.text) ? parts.touched : parts.rest;
    part.n++;
    part.delta += delta;
    if (now.outcome !== was.outcome) changed.push(`  ${signed(delta)}  ${now.corpus} ${now.id} ${was.outcome} → ${now.outcome}  ${now.text}`);
  }
  const deltas = [...byCorpus.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    `utility ${totals.before} → ${totals.after}`,
    `corpora better ${deltas.filter(([, d]) => d > 0).length}, worse ${deltas.filter(([, d]) => d < 0).length}, same ${deltas.filter(([, d]) => d === 0).length}`,
    `  ${deltas.map(([c, d]) => `${c} ${signed(d)}`).join('  ')}`,
  ];
  if (touched) {
    lines.push(`questions matching ${touched}: ${parts.touched.n}, utility ${signed(parts.touched.delta)}; the rest: ${parts.rest.n}, ${signed(parts.rest.delta)}`);
  }
  // Utility is over the questions both files hold; the others are counted, not compared.
  const onlyAfter = after.length - matched.size;
  const onlyBefore = before.filter((o) => !matched.has(key(o))).length;
  if (onlyAfter + onlyBefore > 0) lines.push(`left out: ${onlyBefore} questions only in the baseline, ${onlyAfter} only in the trial (other corpora?)`);
  lines.push(`${changed.length} questions changed outcome:`, ...changed);
  return lines;
}
