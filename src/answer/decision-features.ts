import { questionWeight, type Analysis } from './analysis.js';
import { specificTypes, typeEvidence } from './question-type.js';
import { UNIT_FEATURE_NAMES } from './unit-features.js';
import type { ScoredUnit, Unit } from './units.js';

/** What the answer-or-escalate decision sees of one question and its composed reply. */
export interface DecisionInput {
  analysis: Analysis;
  /** Candidates, best first. */
  ranked: ScoredUnit[];
  reply: Unit[];
  /** Highest probability the intent model gave any request for a person. */
  intent: number;
  /** The scope model's probability that no HR document is for the question. */
  outOfScope: number;
  /** The best BM25 score among the retrieved chunks. */
  topBm25: number;
}

interface Feature {
  name: string;
  value: (x: DecisionInput) => number;
}

const unitFeature = (name: string) => {
  const i = UNIT_FEATURE_NAMES.indexOf(name);
  return (s: ScoredUnit | undefined) => s?.features[i] ?? 0;
};
const unitCoverage = unitFeature('unit_coverage');
const headingCoverage = unitFeature('heading_coverage');
const rarestMissing = unitFeature('rarest_missing');
const historyShare = unitFeature('history_share');
/** Share of the question's weight the best unit and its headings cover. */
const bestCoverage = (x: DecisionInput) => unitCoverage(x.ranked[0]) + headingCoverage(x.ranked[0]);

/**
 * The named features of the answer-or-escalate decision. Their weights, and the threshold
 * the probability is held to, are learned (`npm run train`).
 */
const DECISION_FEATURES: readonly Feature[] = [
  /** The unit model's score of the best unit: how answer-like it is on an absolute scale. */
  { name: 'best_logit', value: (x) => x.ranked[0]?.logit ?? -10 },
  /** The best unit's share of the softmax over all candidates: how clearly it is the one. */
  { name: 'best_share', value: (x) => x.ranked[0]?.probability ?? 0 },
  /** How far the best unit leads the runner-up, in log-odds: a close second means doubt. */
  { name: 'margin', value: (x) => (x.ranked[0]?.logit ?? 0) - (x.ranked[1]?.logit ?? -10) },
  /** Share of the question's weight the best unit and its headings cover. */
  { name: 'best_coverage', value: bestCoverage },
  /** Rarity of the rarest question word the best unit lacks. */
  { name: 'best_rarest_missing', value: (x) => rarestMissing(x.ranked[0]) },
  /** Share of the question in words no document uses, naming a thing / likely phrasing. */
  { name: 'unknown_strong', value: (x) => unknownShare(x.analysis, true) },
  { name: 'unknown_weak', value: (x) => unknownShare(x.analysis, false) },
  /** Share of the best unit's covered weight that came from earlier messages. */
  { name: 'history_share', value: (x) => historyShare(x.ranked[0]) },
  /** The runner-up's share of the softmax. */
  { name: 'second_share', value: (x) => x.ranked[1]?.probability ?? 0 },
  /** How many units the reply quotes. */
  { name: 'reply_units', value: (x) => x.reply.length },
  /** The best chunk's BM25 score per unit of the question's word weight: how much of the question the documents match at all. */
  {
    name: 'retrieval_strength',
    value: (x) => {
      const weight = questionWeight(x.analysis);
      return weight > 0 ? x.topBm25 / weight : 0;
    },
  },
  /** ln(1 + the question's known words). */
  { name: 'term_count', value: (x) => Math.log1p(x.analysis.terms.filter((t) => !t.fromHistory).length) },
  /** The intent model's highest probability of a request for a person. */
  { name: 'intent', value: (x) => x.intent },
  /**
   * The scope model's probability that the question is none of HR's business ("帮我写个基金摘要",
   * "选课怎么退"), as far as the documents show: times the share of the question the best unit and
   * its headings leave uncovered. A FAQ the office adds on such a topic covers its question, and
   * is answered.
   */
  { name: 'out_of_scope', value: (x) => x.outOfScope * Math.max(0, 1 - bestCoverage(x)) },
  /** A specific kind of fact was asked and no unit of the reply carries it explicitly. */
  {
    name: 'type_unmet',
    value: (x) => {
      const types = specificTypes(x.analysis.types);
      return Number(types.length > 0 && !x.reply.some((u) => typeEvidence(types, u.text) === 'strong'));
    },
  },
  /** The question leans on the last message. */
  { name: 'follow_up', value: (x) => Number(x.analysis.followUp) },
  /** Probability mass of the five best units that lies outside the best unit's document. */
  {
    name: 'elsewhere_mass',
    value: (x) => {
      const top = x.ranked.slice(0, 5);
      const total = top.reduce((s, u) => s + u.probability, 0);
      const doc = x.ranked[0]?.unit.chunk.docPath;
      return total > 0 ? top.filter((u) => u.unit.chunk.docPath !== doc).reduce((s, u) => s + u.probability, 0) / total : 0;
    },
  },
  /**
   * The best unit states a value (a date, an amount, a duration, a room …) that one of the next
   * four units states too, in another document. HR sites repeat their facts (a notice, its
   * guide, the FAQ); two documents agreeing on a value is evidence the value is the answer.
   */
  { name: 'value_agreement', value: (x) => valueAgreement(x.ranked) },
];

// A number with what it counts, as facts are written: "3个工作日", "12%", "108室", "9:00".
const VALUE = /\d+(?:[.:\-]\d+)*(?:个工作日|工作日|个月|小时|分钟|号楼|万元|[天周月年日号元万%室楼层套人岁点])?/g;

/** The values a text states; a lone digit ("第1条", "1.") says too little to agree on. */
function values(text: string): Set<string> {
  return new Set([...text.normalize('NFKC').matchAll(VALUE)].map((m) => m[0]).filter((v) => v.length >= 2));
}

function valueAgreement(ranked: ScoredUnit[]): number {
  const best = ranked[0];
  if (!best) return 0;
  const own = values(best.unit.text);
  if (own.size === 0) return 0;
  const others = ranked.slice(1, 5).filter((u) => u.unit.chunk.docPath !== best.unit.chunk.docPath);
  return Number(others.some((u) => [...values(u.unit.text)].some((v) => own.has(v))));
}

function unknownShare(analysis: Analysis, strong: boolean): number {
  const total = questionWeight(analysis);
  const part = analysis.unknown.filter((u) => u.strong === strong).reduce((s, u) => s + u.weight, 0);
  return total > 0 ? part / total : 0;
}

export const DECISION_FEATURE_NAMES = DECISION_FEATURES.map((f) => f.name);

export function decisionFeatures(input: DecisionInput): Float64Array {
  return Float64Array.from(DECISION_FEATURES, (f) => f.value(input));
}
