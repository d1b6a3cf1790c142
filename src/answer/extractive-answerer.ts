import type { Config } from '../config/schema.js';
import type { Source } from '../core/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { HybridRetriever, type Passage } from '../retrieval/hybrid-retriever.js';
import type { AnswerModel } from './answer-model.js';
import type { IntentClassifier } from './intent-classifier.js';
import type { Answerer, Decision, Question } from './answerer.js';
import { dedupeSources, rankSources, sourceOf } from './format-sources.js';
import { analyzeQuestion } from './analysis.js';
import { retrievePassages } from './candidates.js';
import { doubtReason, judge, prepareRetrieved } from './stages.js';
import { joinUnits } from './compose-answer.js';
import { savedAnswerFor } from './saved-faq.js';
import type { ScoredUnit, Unit } from './units.js';

export interface ExtractiveAnswererOptions {
  knowledge: KnowledgeBase;
  config: Config['answer'];
  topK: number;
  model: AnswerModel;
  retriever?: HybridRetriever;
}

/**
 * The offline answering core, in named stages: question analysis → retrieval and candidate
 * units → features → the trained unit scorer → composing → the trained, calibrated decision.
 * It answers only when the probability that the reply carries the asked fact reaches the
 * threshold chosen with the model; everything else goes to a person.
 */
export class ExtractiveAnswerer implements Answerer {
  readonly retriever: HybridRetriever;
  readonly intents: IntentClassifier;

  constructor(private readonly options: ExtractiveAnswererOptions) {
    this.intents = options.model.intents;
    this.retriever =
      options.retriever ??
      new HybridRetriever({ snapshot: () => options.knowledge.current(), embeddings: options.knowledge.embeddings, k: options.topK });
  }

  async answer(question: Question): Promise<Decision> {
    const { model, config, topK } = this.options;
    const index = this.options.knowledge.current();
    const analysis = analyzeQuestion(index, question);
    const passages = await retrievePassages(this.retriever, index, analysis, topK);
    // From here to the decision without an await (see prepareRetrieved).
    const prepared = prepareRetrieved(analysis, passages, question);
    const retrieved = toSources(prepared.passages);
    const candidates = retrieved.slice(0, 3);
    const verdict = judge(prepared, model, config.maxAnswerChars);
    if (verdict.kind === 'intent') return { kind: 'escalate', reason: verdict.intent, confidence: 0, candidates };
    if (verdict.kind === 'no_match') return { kind: 'escalate', reason: doubtReason(verdict, prepared.analysis, model.intents.hint), confidence: 0, candidates };
    const saved = savedAnswerFor(question.text, verdict.ranked, this.options.knowledge.synonyms);
    if (saved) {
      // The secretary's own answer to these words: certain as far as the bot can know.
      const { sources, quoted } = quotedFirst(retrieved, verdict.ranked, saved);
      return { kind: 'answer', text: joinUnits(saved), sources, confidence: 1, cited: quoted };
    }
    const confidence = verdict.probability;
    if (confidence < (config.minConfidence ?? model.threshold)) {
      const reason = doubtReason(verdict, prepared.analysis, model.intents.hint);
      // The draft's documents come first, so the secretary's suggestion can name them all.
      const { sources } = quotedFirst(retrieved, verdict.ranked, verdict.reply.units);
      return { kind: 'escalate', reason, confidence, candidates: sources, draft: verdict.reply.text };
    }
    const { sources, quoted } = quotedFirst(retrieved, verdict.ranked, verdict.reply.units);
    return { kind: 'answer', text: verdict.reply.text, sources, confidence, cited: quoted };
  }
}

/**
 * The documents the reply quotes, in its order (every one was retrieved), then the others the
 * ranker finds likeliest: three at least, and every quoted one.
 */
function quotedFirst(retrieved: Source[], ranked: ScoredUnit[], units: Unit[]): { sources: Source[]; quoted: number } {
  const used = new Set(units.map((u) => u.chunk.docPath));
  const chances = rankSources(retrieved, ranked);
  const sources = [...[...used].map((path) => chances.find((s) => s.path === path)!), ...chances.filter((s) => !used.has(s.path))];
  return { sources: sources.slice(0, Math.max(3, used.size)), quoted: used.size };
}

/** A chunk's retrieval score relative to the best passage (1), so sources compare on one scale. */
function toSources(passages: Passage[]): Source[] {
  const top = passages[0]?.score || 1;
  return dedupeSources(passages.map((p) => sourceOf(p.chunk, p.score / top)));
}
