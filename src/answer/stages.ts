import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import type { HybridRetriever, Passage } from '../retrieval/hybrid-retriever.js';
import { analyzeQuestion, type Analysis } from './analysis.js';
import type { Question } from './answerer.js';
import { candidatesOf, retrievePassages, type Candidate } from './candidates.js';
import { composeAnswer } from './compose-answer.js';
import { decisionFeatures } from './decision-features.js';
import { intentFeatures, type Intent } from './intent.js';
import type { IntentClassifier } from './intent-classifier.js';
import type { Scorer } from '../core/scorer.js';
import type { EscalationReason } from '../core/types.js';
import { unitFeatures } from './unit-features.js';
import type { ScoredUnit, Unit } from './units.js';

/** A question after the stages that need no trained model: analysis, retrieval, features. */
export interface Prepared {
  analysis: Analysis;
  passages: Passage[];
  candidates: Candidate[];
  /** One feature vector per candidate. */
  features: Float64Array[];
  intentFeatures: Float64Array;
}

export async function prepare(index: KnowledgeIndex, retriever: HybridRetriever, question: Question, topK: number): Promise<Prepared> {
  const analysis = analyzeQuestion(index, question);
  return prepareRetrieved(analysis, await retrievePassages(retriever, index, analysis, topK), question);
}

/**
 * The stages after retrieval, which never wait. Called in the same turn as `judge`, a question's
 * candidates and feature vectors are garbage before any other question runs: across an await,
 * each of many questions answered at once kept its own until a young-generation collection
 * moved them to the old one, where they stayed until the next full collection.
 */
export function prepareRetrieved(analysis: Analysis, passages: Passage[], question: Question): Prepared {
  const candidates = candidatesOf(passages);
  return { analysis, passages, candidates, features: unitFeatures(analysis, candidates), intentFeatures: intentFeatures(question.text) };
}

/** The models a verdict needs; the committed `AnswerModel`, or fold models while training. */
export interface Models {
  unit: Scorer;
  /** Absent while training the decision itself: the verdict then carries NaN as its probability. */
  decision?: Scorer;
  intents: IntentClassifier;
  /** P(the question is out of scope), on the intent features: a decision input only. */
  scope: Scorer;
  /** The least share of the best unit's chance at which the runner-up joins the reply. */
  runnerUp: number;
}

/**
 * Candidates scored by the unit model, most likely first (ties keep retrieval order). The
 * model is a softmax over the question's candidates: `probability` is the chance that this
 * unit, of all of them, is the one stating the asked fact.
 */
export function rankUnits(prepared: Prepared, unit: Scorer): ScoredUnit[] {
  const logits = prepared.features.map((f) => unit.logit(f));
  const top = Math.max(...logits);
  const total = logits.reduce((s, z) => s + Math.exp(z - top), 0);
  return prepared.candidates
    .map((c, i) => ({
      unit: c.unit,
      features: prepared.features[i]!,
      logit: logits[i]!,
      probability: Math.exp(logits[i]! - top) / total,
      fusedRank: c.fusedRank,
    }))
    .sort((a, b) => b.logit - a.logit || a.fusedRank - b.fusedRank || a.unit.position - b.unit.position);
}

/** The likeliest request for a person, fired or not. */
export interface IntentGuess {
  intent: Intent;
  probability: number;
}

export type Verdict =
  | ({ kind: 'intent' } & IntentGuess)
  | { kind: 'no_match'; intent: IntentGuess }
  | {
      kind: 'scored';
      ranked: ScoredUnit[];
      reply: { text: string; units: Unit[] };
      features: Float64Array;
      probability: number;
      intent: IntentGuess;
      /** The scope model's probability that no HR document is for the question. */
      outOfScope: number;
    };

/**
 * Everything but the final threshold: the intent check, the ranking, the composed reply and
 * the calibrated probability that the reply carries the asked fact.
 */
export function judge(prepared: Prepared, models: Models, budget: number): Verdict {
  const intent = models.intents.strongest(prepared.intentFeatures);
  if (intent.probability >= models.intents.threshold) return { kind: 'intent', ...intent };
  if (prepared.candidates.length === 0 || prepared.analysis.terms.length === 0) return { kind: 'no_match', intent };
  const ranked = rankUnits(prepared, models.unit);
  const reply = composeAnswer(ranked, prepared.analysis.types, budget, models.runnerUp, prepared.analysis.clauses.length > 1);
  const topBm25 = Math.max(0, ...prepared.passages.map((p) => p.bm25));
  const outOfScope = models.scope.probability(prepared.intentFeatures);
  const features = decisionFeatures({ analysis: prepared.analysis, ranked, reply: reply.units, intent: intent.probability, outOfScope, topBm25 });
  return { kind: 'scored', ranked, reply, features, probability: models.decision?.probability(features) ?? Number.NaN, intent, outOfScope };
}

/** The probability from which a reply is more likely to carry the asked fact than not. */
export const EVEN_ODDS = 0.5;

/**
 * Why a question the bot will not answer goes to a person, as the asker is told. A request for a
 * person (a complaint, the asker's own case) too unsure to fire on its own still names itself when
 * its probability reaches the model's `intentHint`: an angry message is better met with an apology
 * than with "the documents say nothing about it". Else a word no document uses, or a question the
 * scope model likely finds none of HR's business, says the documents miss it, but only below even
 * odds that the reply carries the fact: the probability is calibrated, and above even odds the
 * documents likely hold it (out of fold two times in three).
 */
export function doubtReason(verdict: Exclude<Verdict, { kind: 'intent' }>, analysis: Analysis, intentHint: number): EscalationReason {
  if (verdict.intent.probability >= intentHint) return verdict.intent.intent;
  if (verdict.kind === 'no_match') return 'no_match';
  const missing = analysis.unknown.some((u) => u.strong) || verdict.outOfScope >= EVEN_ODDS;
  return verdict.probability < EVEN_ODDS && missing ? 'no_match' : 'low_confidence';
}
