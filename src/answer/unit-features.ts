import { questionWeight, type Analysis, type WeighedTerms } from './analysis.js';
import type { Candidate } from './candidates.js';
import { carries, labelMatch, specificTypes, typeEvidence } from './question-type.js';
import type { Chunk } from '../knowledge/types.js';
import { canonical } from '../retrieval/tokenizer.js';
import { shortWordChars, splitUnits, type Unit } from './units.js';

/** Where each of the question's words was found for one unit. */
interface Coverage {
  /** Weight found in the unit's own text, in its headings only, elsewhere in its chunk only. */
  unit: number;
  heading: number;
  chunk: number;
  /** Weight of all the question's words, unknown ones included. */
  total: number;
  /** Weight covered (unit or headings) that came from earlier messages. */
  history: number;
  /** idf of the rarest known word that neither the unit nor its headings carry. */
  rarestMissing: number;
  /** idf of the rarest word the unit itself carries. */
  rarestCovered: number;
  /** Weight of the question's own words (not earlier messages'), and how much of it the unit or its headings carry. */
  ownTotal: number;
  own: number;
  /** Weight of earlier messages' words, and how much of it the unit's chunk carries anywhere. */
  historyTotal: number;
  historyInChunk: number;
}

function coverageOf(q: WeighedTerms, unit: Unit): Coverage {
  const out: Coverage = { unit: 0, heading: 0, chunk: 0, total: 0, history: 0, rarestMissing: 0, rarestCovered: 0, ownTotal: 0, own: 0, historyTotal: 0, historyInChunk: 0 };
  for (const u of q.unknown) {
    out.total += u.weight;
    out.ownTotal += u.weight;
  }
  for (const t of q.terms) {
    const w = t.weight * t.idf;
    out.total += w;
    if (t.fromHistory) out.historyTotal += w;
    else out.ownTotal += w;
    // One character counts only within a short word: "证" is not found in "身份证".
    const inUnit = t.term.length === 1 ? shortWordChars(unit).includes(t.term) : unit.match.includes(t.term);
    const inHeading = !inUnit && unit.context.includes(t.term);
    const inChunk = inUnit || inHeading || unit.chunk.text.includes(t.term);
    if (t.fromHistory && inChunk) out.historyInChunk += w;
    if (inUnit) {
      out.unit += w;
      out.rarestCovered = Math.max(out.rarestCovered, t.idf);
    } else if (inHeading) out.heading += w;
    else {
      if (inChunk) out.chunk += w;
      out.rarestMissing = Math.max(out.rarestMissing, t.idf);
      continue;
    }
    if (t.fromHistory) out.history += w;
    else out.own += w;
  }
  return out;
}

/** Everything the features of one question's candidates share. */
export interface FeatureContext {
  analysis: Analysis;
  coverage: Coverage;
  /** Best share of one clause covered by the unit and its headings (0 for a one-clause question). */
  clause: number;
  /** Best unit-plus-heading coverage among all candidates of the question. */
  bestCovered: number;
  /** Share of the question's weight the unit before it in the chunk carries. */
  previous: number;
  /** Share of the question's weight in the unit's document title. */
  title: number;
  /** What the unit states (`statesOf`), tested once for all the features that ask. */
  states: number;

  /** The best BM25 score and vector similarity among the question's chunks. */
  topBm25: number;
  topVector: number;
  unitsInChunk: number;
}

/** What a unit can state, whatever was asked. */
const STATES: Record<string, RegExp> = {
  date: /\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月(?:上|中|下)旬|每月\d{1,2}日/,
  clock: /\d{1,2}[:：]\d{2}/,
  amount: /\d+(?:\.\d+)?\s*(?:元|万元|%|％)/,
  count: /\d+\s*(?:个)?(?:工作日|天|周|个月|年|小时|次|张|份|人)/,
  phone: /\d{3,4}-\d{7,8}|1[3-9]\d{9}/,
  place: /[楼馆厅院]\d{0,2}[层楼]?|\d{2,4}室|窗口|校区|路\d+号/,
  name: /[“"《「][^”"》」]{2,30}[”"》」]/,
  negation: /不(?:能|可|得|予|需|用|享受|接受|影响|再)|无需|无须|一律|禁止/,
};
const STATE_NAMES = Object.keys(STATES);
const QUESTION_TYPES = ['when', 'where', 'contact', 'amount', 'duration', 'materials', 'how', 'yesno'] as const;

/** Which of STATES the text states, one bit each, in STATE_NAMES order. */
function statesOf(text: string): number {
  let bits = 0;
  for (let i = 0; i < STATE_NAMES.length; i++) if (STATES[STATE_NAMES[i]!]!.test(text)) bits |= 1 << i;
  return bits;
}

interface Feature {
  name: string;
  value: (c: Candidate, x: FeatureContext) => number;
}

const share = (part: number, total: number) => (total > 0 ? part / total : 0);
const covered = (x: FeatureContext) => share(x.coverage.unit + x.coverage.heading, x.coverage.total);
const reciprocalRank = (rank: number) => (rank < 0 ? 0 : 1 / (1 + rank));
// A sentence that only points elsewhere ("见《…》") is a signpost, not an answer.
const SIGNPOST = /(?:详见|参见|请看|另看|见)《[^》]+》/;

/**
 * The named features of a candidate unit, each a documented function of the question's
 * analysis and the unit. Their weights are learned (`npm run train`); none is set here. The
 * ranker compares the candidates of one question, so only what differs between them is here;
 * what describes the question alone (its unknown words, whether it follows up) is the
 * decision's (decision-features.ts).
 */
const UNIT_FEATURES: readonly Feature[] = [
  /** Share of the question's word weight (rare words weigh more) found in the unit itself. */
  { name: 'unit_coverage', value: (_, x) => share(x.coverage.unit, x.coverage.total) },
  /** Share found only in the unit's title, headings, table header or FAQ question. */
  { name: 'heading_coverage', value: (_, x) => share(x.coverage.heading, x.coverage.total) },
  /** Share found only elsewhere in the same chunk. */
  { name: 'chunk_coverage', value: (_, x) => share(x.coverage.chunk, x.coverage.total) },
  /** Share of the question's own words (earlier messages' aside) the unit or its headings carry. */
  { name: 'own_coverage', value: (_, x) => share(x.coverage.own, x.coverage.ownTotal) },
  /** Share of the earlier message's words found anywhere in the unit's chunk: the topic carried on. */
  { name: 'history_topic', value: (_, x) => share(x.coverage.historyInChunk, x.coverage.historyTotal) },
  /** Share of the question's character pairs in the unit: survives typos and other segmentations. */
  { name: 'pair_coverage', value: (c, x) => pairShare(x.analysis.grams, c.unit.match) },
  /** … in its headings. */
  { name: 'pair_heading_coverage', value: (c, x) => pairShare(x.analysis.grams, c.unit.context) },
  /** Share of the question's weight the sentence before carries: a unit often answers what its predecessor introduced. */
  { name: 'previous_coverage', value: (_, x) => x.previous },
  /** Rarity of the rarest question word the unit carries. */
  { name: 'rarest_covered', value: (_, x) => share(x.coverage.rarestCovered, x.analysis.maxIdf) },
  /** Best coverage of one clause of a two-part question ("电话多少，办公室在哪"). */
  { name: 'clause_coverage', value: (_, x) => x.clause },
  /** How far the unit's coverage falls below the best candidate's (0 for the best). */
  { name: 'coverage_gap', value: (_, x) => covered(x) - x.bestCovered },
  /** Rarity of the rarest known word the unit and its headings lack, relative to the rarest possible. */
  { name: 'rarest_missing', value: (_, x) => share(x.coverage.rarestMissing, x.analysis.maxIdf) },
  /** Share of the covered weight that came from earlier messages, not the question. */
  { name: 'history_share', value: (_, x) => share(x.coverage.history, x.coverage.unit + x.coverage.heading) },
  /** Share of the question's weight in the document's title: the right document, whichever unit. */
  { name: 'title_coverage', value: (_, x) => x.title },
  /** The chunk's BM25 score and vector similarity relative to the best chunk's (1 for the best). */
  { name: 'bm25_relative', value: (c, x) => share(c.passage.bm25, x.topBm25) },
  { name: 'vector_relative', value: (c, x) => share(c.passage.vector, x.topVector) },
  /** 1 / (1 + rank) of the chunk after fusing BM25 and vector search. */
  { name: 'fused_rank', value: (c) => reciprocalRank(c.fusedRank) },
  /** 1 / (1 + rank) of the chunk by BM25 alone (0 when BM25 did not find it). */
  { name: 'bm25_rank', value: (c) => reciprocalRank(c.bm25Rank) },
  /** 1 / (1 + rank) of the chunk by vector similarity alone. */
  { name: 'vector_rank', value: (c) => reciprocalRank(c.vectorRank) },
  /** The question asks a specific kind of fact (date, place, amount …) and the unit carries it explicitly: one feature per kind. */
  ...(['when', 'where', 'contact', 'amount', 'duration', 'materials'] as const).map((type) => ({
    name: `fits_${type}`,
    value: (c: Candidate, x: FeatureContext) => Number(x.analysis.types.includes(type) && carries(type, c.unit.text)),
  })),
  /** … carries it only vaguely ("每年", "工作日"). */
  { name: 'type_weak', value: (c, x) => Number(typeEvidence(specificTypes(x.analysis.types), c.unit.text) === 'weak') },
  /** … does not carry it at all. */
  { name: 'type_missing', value: (c, x) => Number(typeEvidence(specificTypes(x.analysis.types), c.unit.text) === 'none') },
  /** A yes/no or how question, and the unit states a rule or a step. */
  { name: 'type_general', value: (c, x) => Number(specificTypes(x.analysis.types).length === 0 && typeEvidence(x.analysis.types, c.unit.text) === 'strong') },
  /** A heading or column names the asked field ("办理地点", "截止时间"). */
  { name: 'label_match', value: (c, x) => Number(labelMatch(x.analysis.types, c.unit.context)) },
  /** Materials asked, and the unit is a list item, a table row or an enumeration. */
  { name: 'materials_list', value: (c, x) => Number(x.analysis.types.includes('materials') && isListLike(c.unit)) },
  /** Relative position of the unit in its chunk (0 first, 1 last). */
  { name: 'position', value: (c, x) => share(c.unit.position, Math.max(1, x.unitsInChunk - 1)) },
  /** ln(1 + characters): long sentences are often narrative around the fact. */
  { name: 'log_length', value: (c) => Math.log1p(c.unit.text.length) },
  /** The unit is a table row / a list item. */
  { name: 'is_row', value: (c) => Number(c.unit.kind === 'row') },
  { name: 'is_item', value: (c) => Number(c.unit.kind === 'item') },
  /** What the unit states, whatever was asked: a date, a time of day, an amount, a count or duration, a phone number, a place, a named system or form. */
  ...STATE_NAMES.map((name, i) => ({ name: `states_${name}`, value: (_: Candidate, x: FeatureContext) => (x.states >> i) & 1 })),
  /**
   * … for each kind of question asked: which statements answer which questions is learned, not
   * set ("how" and a named system, "yes/no" and a negation, "when" and a time of day).
   */
  ...QUESTION_TYPES.flatMap((type) =>
    STATE_NAMES.map((name, i) => ({
      name: `asks_${type}_states_${name}`,
      value: (_: Candidate, x: FeatureContext) => (x.analysis.types.includes(type) ? (x.states >> i) & 1 : 0),
    })),
  ),
  /** A short pointer to another document ("详见《…》"). */
  { name: 'signpost', value: (c) => Number(SIGNPOST.test(c.unit.text)) },
  /** The unit is itself a question (a FAQ's question line or a rhetorical one). */
  { name: 'is_question', value: (c) => Number(/[？?]$/.test(c.unit.text)) },
  /** The question names HR terms, and neither the unit nor its chunk mentions any of them. */
  {
    name: 'off_topic',
    value: (c, x) => {
      const { anchors } = x.analysis;
      const u = c.unit;
      return Number(anchors.length > 0 && !anchors.some((a) => u.match.includes(a) || u.context.includes(a) || u.chunk.text.includes(a)));
    },
  },
];

// A chunk's title in matching form, made once per chunk of a snapshot.
const canonicalTitles = new WeakMap<Chunk, string>();

function titleShare(q: WeighedTerms, chunk: Chunk): number {
  let text = canonicalTitles.get(chunk);
  if (text === undefined) {
    text = canonical(chunk.title);
    canonicalTitles.set(chunk, text);
  }
  const found = q.terms.filter((t) => text.includes(t.term)).reduce((s, t) => s + t.weight * t.idf, 0);
  return share(found, questionWeight(q));
}

function pairShare(pairs: string[], text: string): number {
  return pairs.length === 0 ? 0 : pairs.filter((p) => text.includes(p)).length / pairs.length;
}

function isListLike(unit: Unit): boolean {
  return unit.kind !== 'sentence' || (unit.text.match(/、/g)?.length ?? 0) >= 2;
}

export const UNIT_FEATURE_NAMES = UNIT_FEATURES.map((f) => f.name);

/** Feature vectors of all candidates of one question, in candidate order. */
export function unitFeatures(analysis: Analysis, candidates: Candidate[]): Float64Array[] {
  const coverages = candidates.map((c) => coverageOf(analysis, c.unit));
  const indexOf = new Map(candidates.map((c, i) => [c.unit, i]));
  const clauses = candidates.map((c) => bestClause(analysis, c.unit));
  const bestCovered = Math.max(0, ...coverages.map((v) => share(v.unit + v.heading, v.total)));
  const topBm25 = Math.max(0, ...candidates.map((c) => c.passage.bm25));
  const topVector = Math.max(0, ...candidates.map((c) => c.passage.vector));
  const perChunk = new Map<number, number>();
  for (const c of candidates) perChunk.set(c.unit.chunk.id, (perChunk.get(c.unit.chunk.id) ?? 0) + 1);
  return candidates.map((c, i) => {
    // Every unit of a retrieved chunk is a candidate, so the one before was measured already.
    const before = splitUnits(c.unit.chunk)[c.unit.position - 1];
    const prev = before ? (coverages[indexOf.get(before) ?? -1] ?? coverageOf(analysis, before)) : undefined;
    const previous = prev ? share(prev.unit, prev.total) : 0;
    const x: FeatureContext = {
      analysis, coverage: coverages[i]!, clause: clauses[i]!, bestCovered, previous, topBm25, topVector,
      title: titleShare(analysis, c.unit.chunk),
      states: statesOf(c.unit.text),

      unitsInChunk: perChunk.get(c.unit.chunk.id)!,
    };
    // A plain loop: Float64Array.from with a mapping function went through an iterator and a
    // temporary array, a sixth of all that answering allocated.
    const values = new Float64Array(UNIT_FEATURES.length);
    for (let f = 0; f < UNIT_FEATURES.length; f++) values[f] = UNIT_FEATURES[f]!.value(c, x);
    return values;
  });
}

function bestClause(analysis: Analysis, unit: Unit): number {
  let best = 0;
  for (const clause of analysis.clauses) {
    const c = coverageOf(clause, unit);
    best = Math.max(best, share(c.unit + c.heading, c.total));
  }
  return best;
}
