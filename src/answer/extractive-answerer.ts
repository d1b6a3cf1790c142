import type { Config } from '../config/schema.js';
import type { Source } from '../core/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { HybridRetriever, type Passage } from '../retrieval/hybrid-retriever.js';
import { contentWords, tokenize } from '../retrieval/tokenizer.js';
import type { Answerer, Decision, Question } from './answerer.js';
import { composeAnswer } from './compose-answer.js';
import { detectIntent } from './intent.js';
import { isTypeWord, labelMatch, questionTypes, typeMatch, type QuestionType } from './question-type.js';
import { splitUnits, type Unit } from './units.js';

export interface ExtractiveAnswererOptions {
  knowledge: KnowledgeBase;
  config: Config['answer'];
  topK: number;
  retriever?: HybridRetriever;
}

interface Unknown {
  word: string;
  weight: number;
}

interface Term {
  term: string;
  weight: number;
  idf: number;
}

export interface ScoredUnit {
  unit: Unit;
  score: number;
  coverage: number;
  typeFit: number;
  passageRank: number;
}

/** Everything the answerer weighed, for `eval --detail` and tests. */
export interface Diagnosis {
  top: ScoredUnit[];
  followUp: boolean;
  types: QuestionType[];
  terms: Term[];
  unknown: Unknown[];
  best?: ScoredUnit;
  confidence: number;
}

// Short or pronoun-led questions lean on what was said before ("那要带什么材料？").
const FOLLOW_UP = /^(?:那|那么|那个|这个|还有|另外|然后|它|他们|这|那要|那我)/;

// Words that describe the asker's circumstances rather than what is asked; unknown to the
// documents, yet no sign that the documents miss the answer.
const CIRCUMSTANCE_TAGS = new Set(['t', 'm', 'q', 'r', 'd', 'p', 'c', 'u', 'y', 'e', 'o', 'x', 'f', 's', 'eng']);
// The asker's people: who they are is circumstance, not the thing asked.
const CIRCUMSTANCE_WORDS = /^(?:老公|丈夫|先生|爱人|对象|家人|家里人|我爸|我妈|爸爸|妈妈|父母|朋友|同事|室友|领导|导师)$/;
// A question word the documents never use is a near miss when it names a thing; a verb or
// adjective they never use is weaker evidence, often just the asker's phrasing.
const NOUNISH = /^(?:n|nr|ns|nt|nz|ng|vn|j|nrt|nrfg)$/;
const WEAK_UNKNOWN = 0.35;

/**
 * The offline answering core: intent check, hybrid retrieval, sentence-level scoring that
 * matches the question's words and kind of fact, and an honest escalation when the best
 * sentence does not cover what was asked.
 */
export class ExtractiveAnswerer implements Answerer {
  readonly retriever: HybridRetriever;

  constructor(private readonly options: ExtractiveAnswererOptions) {
    this.retriever =
      options.retriever ??
      new HybridRetriever({ snapshot: () => options.knowledge.current(), embeddings: options.knowledge.embeddings, k: options.topK });
  }

  async answer(question: Question): Promise<Decision> {
    return (await this.diagnose(question)).decision;
  }

  async diagnose(question: Question): Promise<{ decision: Decision; diagnosis: Diagnosis }> {
    const index = this.options.knowledge.current();
    const intent = detectIntent(question.text);
    const followUp = isFollowUp(question);
    // Earlier messages always steer retrieval a little; they count towards coverage only
    // when the question cannot stand alone.
    const recent = question.history.slice(-1);
    const passages = await this.retriever.search({ text: question.text, context: recent }, this.options.topK, index);
    const candidates = toSources(passages.slice(0, 3));
    const types = questionTypes(question.text);
    const { terms, unknown } = weighTerms(index, question.text, followUp ? recent : [], types);
    const diagnosis: Diagnosis = { top: [], followUp, types, terms, unknown, confidence: 0 };
    if (intent) return { decision: { kind: 'escalate', reason: intent, confidence: 0, candidates }, diagnosis };
    if (passages.length === 0 || terms.length === 0) {
      return { decision: { kind: 'escalate', reason: 'no_match', confidence: 0, candidates }, diagnosis };
    }

    const scored = scoreUnits(passages, terms, unknown, types);
    const best = scored[0];
    diagnosis.best = best;
    diagnosis.top = scored.slice(0, 4);
    if (!best) return { decision: { kind: 'escalate', reason: 'no_match', confidence: 0, candidates }, diagnosis };
    const confidence = Math.max(0, Math.min(1, best.coverage * (0.7 + 0.3 * best.typeFit)));
    diagnosis.confidence = confidence;
    if (confidence < this.options.config.minConfidence) {
      const reason = unknown.some((u) => u.weight === 1) || best.coverage < 0.3 ? 'no_match' : 'low_confidence';
      return { decision: { kind: 'escalate', reason, confidence, candidates }, diagnosis };
    }
    const answer = composeAnswer(scored, types, this.options.config.maxAnswerChars);
    const used = new Set(answer.units.map((u) => u.chunk.docPath));
    const sources = [
      ...dedupe(answer.units.map((u) => sourceOf(u.chunk, best.score))),
      ...toSources(passages).filter((s) => !used.has(s.path)),
    ].slice(0, 3);
    return { decision: { kind: 'answer', text: answer.text, sources, confidence, cited: used.size }, diagnosis };
  }
}

function isFollowUp(question: Question): boolean {
  if (question.history.length === 0) return false;
  const text = question.text.trim();
  return FOLLOW_UP.test(text) || tokenize(text).length <= 2;
}

/**
 * The question's words with their weights and IDF. Words the knowledge base never mentions
 * are returned apart: a specific one among them is the strongest sign of a near miss.
 */
function weighTerms(index: KnowledgeIndex, text: string, context: string[], types: QuestionType[]): { terms: Term[]; unknown: Unknown[] } {
  const terms = new Map<string, Term>();
  const unknown: Unknown[] = [];
  const add = (term: string, weight: number) => {
    const prev = terms.get(term);
    if (prev) prev.weight = Math.max(prev.weight, weight);
    else terms.set(term, { term, weight, idf: index.bm25.idf(term) });
  };
  const known = (w: string) => index.bm25.df(w) > 0 || index.mentions(w);
  // One character says little ("帮", "新"); it counts half.
  const weightOf = (w: string, base: number) => ([...w].length === 1 ? base / 2 : base);
  for (const { word, tag } of contentWords(text)) {
    if (/^\d/.test(word)) continue;
    if (known(word)) {
      // "截止", "地址": the kind of fact is matched by type; as a word it weighs little.
      const base = isTypeWord(types, word) ? 0.3 : 1;
      for (const t of tokenize(word)) add(t, weightOf(t, base));
      continue;
    }
    const chars = [...word];
    const parts = tokenize(word).filter((t) => t !== word && [...t].length > 1 && known(t));
    for (const t of parts) add(t, 0.6);
    const partChars = parts.reduce((n, t) => n + [...t].length, 0);
    // "签合同", "一片空白": a known word plus a character, only phrased differently.
    const composed = parts.length > 0 && chars.length - partChars <= 1 && chars.every((c) => index.mentions(c));
    if (composed || CIRCUMSTANCE_TAGS.has(tag) || CIRCUMSTANCE_WORDS.test(word)) continue;
    const strong = NOUNISH.test(tag) || chars.some((c) => !index.mentions(c));
    unknown.push({ word, weight: strong ? 1 : WEAK_UNKNOWN });
  }
  for (const t of context.flatMap(tokenize)) if (known(t)) add(t, weightOf(t, 0.4));
  return { terms: [...terms.values()], unknown };
}

function scoreUnits(passages: Passage[], terms: Term[], unknown: Unknown[], types: QuestionType[]): ScoredUnit[] {
  const maxIdf = Math.max(...terms.map((t) => t.idf), 2);
  const total = terms.reduce((s, t) => s + t.weight * t.idf, 0) + unknown.reduce((s, u) => s + u.weight * maxIdf, 0);
  const out: ScoredUnit[] = [];
  passages.forEach((passage, passageRank) => {
    const chunkText = passage.chunk.text;
    for (const unit of splitUnits(passage.chunk)) {
      let covered = 0;
      for (const t of terms) {
        const w = t.weight * t.idf;
        if (unit.match.includes(t.term)) covered += w;
        // Headings and a FAQ's question say what the unit is about.
        else if (unit.context.includes(t.term)) covered += 0.85 * w;
        else if (chunkText.includes(t.term)) covered += 0.25 * w;
      }
      const coverage = total > 0 ? covered / total : 0;
      const typeFit = typeMatch(types, unit.text);
      const labelled = labelMatch(types, `${unit.text} ${unit.context}`) ? 0.08 : 0;
      // Of two units that cover the question alike, the shorter one is the answer, not a story around it.
      const verbosity = unit.text.length > 90 ? 0.05 : 0;
      const score = coverage + 0.3 * (typeFit - 0.5) + labelled - verbosity + 0.04 / (1 + passageRank);
      out.push({ unit, score, coverage, typeFit, passageRank });
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

function sourceOf(chunk: Passage['chunk'], score: number): Source {
  return {
    path: chunk.docPath,
    title: chunk.title,
    heading: chunk.headings.join(' / ') || undefined,
    url: chunk.url,
    updated: chunk.updated,
    score,
  };
}

function toSources(passages: Passage[]): Source[] {
  return dedupe(passages.map((p) => sourceOf(p.chunk, p.score)));
}

function dedupe(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.path) && seen.add(s.path));
}
