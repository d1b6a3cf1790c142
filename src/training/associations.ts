import { isAssociable, questionWords, type AssociationsFile } from '../answer/associations.js';
import { tokenize } from '../retrieval/tokenizer.js';
import type { Example } from './dataset.js';

/**
 * What makes a pair worth keeping (policy, not weights). A question word must be asked in at
 * least `minQuestions` questions of `minBases` knowledge bases, and a unit word must have
 * answered it in `minBases` bases: a pair one writer's phrasing made is not word meaning. The
 * strength is ln((a + k) / (e + k)), a the answering units' share that carry the word, e the
 * share expected by chance from all candidates of the same questions, k = `pseudoCount`: a pair
 * seen twice cannot outweigh one seen twenty times. Pairs weaker than `minStrength` are dropped,
 * and each word keeps its `maxPerWord` strongest.
 */
export const ASSOCIATION_POLICY = {
  minQuestions: 3,
  minBases: 3,
  pseudoCount: 1,
  minStrength: 0.5,
  maxPerWord: 8,
} as const;

/** Counts of one knowledge base, summed over the bases a table is learned from. */
interface BaseCounts {
  /** Question word → how many answerable questions ask it. */
  asked: Map<string, number>;
  /** Question word → unit word → [observed share in answering units, share expected by chance]. */
  pairs: Map<string, Map<string, [number, number]>>;
}

/** The counts each train base adds, from which a table over any set of bases is summed. */
export type AssociationCounts = ReadonlyMap<string, BaseCounts>;

interface Asked {
  example: Example;
  words: string[];
  answering: Example['prepared']['candidates'];
}

/**
 * Counts, base by base, how often each word of the answering units comes with each question
 * word, against how often the other candidates of the same question carry it. Only questions
 * with a unit that states the fact count, and only pairs that can pass `minBases` overall.
 */
export function countAssociations(examples: Example[]): AssociationCounts {
  const asked: Asked[] = [];
  // Question word → unit word → the bases where it answered.
  const answeredIn = new Map<string, Map<string, Set<string>>>();
  for (const example of examples) {
    const answering = example.prepared.candidates.filter((_, i) => example.unitLabels[i] === 1);
    if (example.question.expect !== 'answer' || answering.length === 0) continue;
    const words = [...new Set(questionWords(example.prepared.analysis).map((w) => w.word))];
    asked.push({ example, words, answering });
    const unitWords = new Set(answering.flatMap((c) => tokenize(c.unit.text)).filter(isAssociable));
    for (const q of words) {
      const byWord = answeredIn.get(q) ?? new Map<string, Set<string>>();
      answeredIn.set(q, byWord);
      for (const w of unitWords) {
        // A word that contains the question word, or is part of it, is coverage, not meaning.
        if (w.includes(q) || q.includes(w)) continue;
        const bases = byWord.get(w) ?? new Set<string>();
        byWord.set(w, bases);
        bases.add(example.corpus);
      }
    }
  }
  const candidatesFor = new Map<string, string[]>();
  for (const [q, byWord] of answeredIn) {
    const list = [...byWord].filter(([, bases]) => bases.size >= ASSOCIATION_POLICY.minBases).map(([w]) => w);
    if (list.length > 0) candidatesFor.set(q, list);
  }
  const counts = new Map<string, BaseCounts>();
  for (const { example, words, answering } of asked) {
    const base = counts.get(example.corpus) ?? { asked: new Map(), pairs: new Map() };
    counts.set(example.corpus, base);
    const all = example.prepared.candidates;
    const shareOf = (units: typeof all, w: string) => units.filter((c) => c.unit.match.includes(w)).length / units.length;
    for (const q of words) {
      base.asked.set(q, (base.asked.get(q) ?? 0) + 1);
      const pairs = base.pairs.get(q) ?? new Map<string, [number, number]>();
      base.pairs.set(q, pairs);
      for (const w of candidatesFor.get(q) ?? []) {
        const observed = shareOf(answering, w);
        const expected = shareOf(all, w);
        if (observed === 0 && expected === 0) continue;
        const sum = pairs.get(w) ?? [0, 0];
        pairs.set(w, [sum[0] + observed, sum[1] + expected]);
      }
    }
  }
  return counts;
}

const round3 = (v: number) => Number(v.toPrecision(3));

/** The association table learned from the named bases only, in a stable order. */
export function associationTable(counts: AssociationCounts, bases: readonly string[]): AssociationsFile {
  const { minQuestions, minBases, pseudoCount, minStrength, maxPerWord } = ASSOCIATION_POLICY;
  const used = bases.map((b) => counts.get(b)).filter((c) => c !== undefined);
  const words = [...new Set(used.flatMap((c) => [...c.asked.keys()]))].sort();
  const table: AssociationsFile = {};
  for (const q of words) {
    const askedIn = used.filter((c) => c.asked.has(q));
    if (askedIn.length < minBases || askedIn.reduce((n, c) => n + c.asked.get(q)!, 0) < minQuestions) continue;
    const sums = new Map<string, { observed: number; expected: number; bases: number }>();
    for (const c of askedIn) {
      for (const [w, [observed, expected]] of c.pairs.get(q) ?? []) {
        const s = sums.get(w) ?? { observed: 0, expected: 0, bases: 0 };
        sums.set(w, { observed: s.observed + observed, expected: s.expected + expected, bases: s.bases + Number(observed > 0) });
      }
    }
    const pairs = [...sums]
      .filter(([, s]) => s.bases >= minBases)
      .map(([w, s]): [string, number] => [w, round3(Math.log((s.observed + pseudoCount) / (s.expected + pseudoCount)))])
      .filter(([, strength]) => strength >= minStrength)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxPerWord);
    if (pairs.length > 0) table[q] = pairs;
  }
  return table;
}
