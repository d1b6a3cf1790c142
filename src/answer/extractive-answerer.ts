import type { Config } from '../config/schema.js';
import type { Source } from '../core/types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { HybridRetriever, type Passage } from '../retrieval/hybrid-retriever.js';
import { contentWords, isDomainWord, tokenize } from '../retrieval/tokenizer.js';
import type { Answerer, Decision, Question } from './answerer.js';
import { composeAnswer } from './compose-answer.js';
import { dedupeSources, sourceOf } from './format-sources.js';
import { detectIntent } from './intent.js';
import { isTypeWord, labelMatch, questionTypes, typeHints, typeMatch, type QuestionType } from './question-type.js';
import { shortWordChars, splitUnits, type Unit } from './units.js';

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
}

// Short or pronoun-led questions lean on what was said before ("那要带什么材料？").
const FOLLOW_UP = /^(?:那|那么|那个|这个|还有|另外|然后|它|他们|这|那要|那我)/;

// Words that describe the asker's circumstances rather than what is asked; unknown to the
// documents, yet no sign that the documents miss the answer.
const CIRCUMSTANCE_TAGS = new Set(['t', 'm', 'q', 'r', 'd', 'p', 'c', 'u', 'y', 'e', 'o', 'x', 'f', 's', 'ns', 'eng']);
const FUNCTION_TAGS = new Set(['r', 'm', 'q', 'p', 'c', 'u', 'y', 'e', 'o']);
// The asker's people: who they are is circumstance, not the thing asked.
const CIRCUMSTANCE_WORDS = /^(?:老公|丈夫|先生|爱人|对象|家人|家里人|我爸|我妈|爸爸|妈妈|父母|朋友|同事|室友|领导|导师)$/;
// A question word the documents never use is a near miss when it names a thing; a verb or
// adjective they never use is weaker evidence, often just the asker's phrasing.
const NOUNISH = /^(?:n|nr|ns|nt|nz|ng|vn|j|nrt|nrfg)$/;
const WEAK_UNKNOWN = 0.35;
const COMPLEMENT = /(?:过来|过去|回来|回去|出来|起来|下来|上来|进来|进去|不开|不了|不到|不上|得到|得了|完|到)$/;
const SELF_DESCRIPTION = /^我(?:是|在|人|今年|目前|现在|之前|以前|本来|已经|刚)/;
// A sentence that only points elsewhere ("见《…》") is a signpost, not an answer.
const SIGNPOST = /(?:详见|参见|请看|另看|见)《[^》]+》/;

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
    const index = this.options.knowledge.current();
    const intent = detectIntent(question.text);
    const followUp = isFollowUp(question);
    // Earlier messages always steer retrieval a little; they count towards coverage only
    // when the question cannot stand alone.
    const recent = question.history.slice(-1);
    // A question that seems to stand alone may still continue the last one ("开出来以后有效期多久"):
    // the last message counts, at a quarter of the question's own weight.
    const share = followUp ? 0.5 : 0.25;
    const context = recent;
    const types = questionTypes(question.text);
    const passages = await this.retriever.search({ text: question.text, context: recent, hints: typeHints(types) }, this.options.topK, index);
    const candidates = toSources(passages.slice(0, 3));
    if (intent) return { kind: 'escalate', reason: intent, confidence: 0, candidates };

    const clauseTexts = splitClauses(question.text);
    const perClause = clauseTexts.map((clause) => weighTerms(index, clause, context, types, share));
    // A question that is one clause with nothing dropped is weighed once, not twice.
    const whole = clauseTexts.length === 1 && clauseTexts[0] === question.text.replace(CLAUSE_BREAK, '');
    const { terms } = whole ? perClause[0]! : weighTerms(index, question.text, context, types, share);
    // Unknown words are judged clause by clause (a self-description's words are circumstance),
    // and every clause carries all of them: the unknown thing is what was asked.
    const unknown = dedupeUnknown(perClause.flatMap((c) => c.unknown));
    if (passages.length === 0 || terms.length === 0) return { kind: 'escalate', reason: 'no_match', confidence: 0, candidates };

    const clauses = perClause.length > 1 ? perClause.map((c) => ({ terms: c.terms, unknown })) : [];
    const scored = scoreUnits(passages, { terms, unknown }, clauses, types);
    const best = scored[0];
    if (!best) return { kind: 'escalate', reason: 'no_match', confidence: 0, candidates };
    const confidence = Math.max(0, Math.min(1, best.coverage * (0.7 + 0.3 * best.typeFit)));
    if (confidence < this.options.config.minConfidence) {
      const reason = unknown.length > 0 || best.coverage < 0.3 ? 'no_match' : 'low_confidence';
      return { kind: 'escalate', reason, confidence, candidates };
    }
    const answer = composeAnswer(scored, types, this.options.config.maxAnswerChars);
    const used = new Set(answer.units.map((u) => u.chunk.docPath));
    const sources = [
      // Documents the reply quotes score by their best sentence against the best one (1);
      // related documents that were only retrieved count half, so they sort after.
      ...dedupeSources(answer.units.map((u) => sourceOf(u.chunk, unitScore(scored, u) / best.score))),
      ...toSources(passages).filter((s) => !used.has(s.path)).map((s) => ({ ...s, score: s.score / 2 })),
    ].slice(0, 3);
    return { kind: 'answer', text: answer.text, sources, confidence, cited: used.size };
  }
}

function dedupeUnknown(list: Unknown[]): Unknown[] {
  const byWord = new Map<string, Unknown>();
  for (const u of list) if ((byWord.get(u.word)?.weight ?? -1) < u.weight) byWord.set(u.word, u);
  return [...byWord.values()];
}

const CLAUSE_BREAK = /[，。？！,.?!；;\s]+/g;

function splitClauses(text: string): string[] {
  return text.split(CLAUSE_BREAK).map((c) => c.trim()).filter((c) => c.length >= 2);
}

function isFollowUp(question: Question): boolean {
  if (question.history.length === 0) return false;
  const text = question.text.trim();
  return FOLLOW_UP.test(text) || tokenize(text).length <= 3;
}

/**
 * The question's words with their weights and IDF. Words the knowledge base never mentions
 * are returned apart: a specific one among them is the strongest sign of a near miss.
 */
function weighTerms(index: KnowledgeIndex, text: string, context: string[], types: QuestionType[], share = 0.5): { terms: Term[]; unknown: Unknown[] } {
  const terms = new Map<string, Term>();
  const unknown: Unknown[] = [];
  const add = (term: string, weight: number) => {
    const prev = terms.get(term);
    if (prev) prev.weight = Math.max(prev.weight, weight);
    else terms.set(term, { term, weight, idf: index.bm25.idf(term) });
  };
  const known = (w: string) => index.bm25.df(w) > 0 || index.mentions(w);
  // "我是副教授", "我人还在外地": the asker describing themselves, not what they ask.
  const aboutAsker = SELF_DESCRIPTION.test(text.trim());
  // One character says little ("帮", "新"); it counts half.
  const weightOf = (w: string, base: number) => ([...w].length === 1 ? base / 2 : base);
  for (const { word, tag } of contentWords(text)) {
    // Numbers, pronouns, quantifiers and particles ("每个", "这") say nothing about what is asked.
    if (/^\d/.test(word) || FUNCTION_TAGS.has(tag)) continue;
    if (known(word)) {
      // "截止", "地址": the kind of fact is matched by type; as a word it weighs little.
      const base = isTypeWord(types, word) ? 0.3 : 1;
      // A compound's pieces ("周转" in "周转公寓") help matching but must not weigh it thrice.
      for (const t of tokenize(word)) add(t, weightOf(t, t === word ? base : base * 0.3));
      continue;
    }
    // "寄过来", "走不开": a known verb with a directional or potential complement.
    const stem = word.replace(COMPLEMENT, '');
    if (stem !== word && stem && known(stem)) {
      add(stem, weightOf(stem, 1));
      continue;
    }
    const chars = [...word];
    const parts = tokenize(word).filter((t) => t !== word && [...t].length > 1 && known(t));
    for (const t of parts) add(t, 0.6);
    const partChars = parts.reduce((n, t) => n + [...t].length, 0);
    // "签合同", "一片空白": a known word plus a character, only phrased differently.
    const composed = parts.length > 0 && chars.length - partChars <= 1 && chars.every((c) => index.mentions(c));
    // "发工资" is "工资" with a verb: its known part carries the whole word's weight.
    if (composed) for (const t of parts) add(t, 1);
    if (composed || isTypeWord(types, word) || CIRCUMSTANCE_TAGS.has(tag) || CIRCUMSTANCE_WORDS.test(word)) continue;
    // A thing the documents never name is strong evidence; so is an object no document uses
    // ("养猫": the unseen 猫 comes last), unlike an unseen first character ("错过").
    const strong = !aboutAsker && (NOUNISH.test(tag) || !index.mentions(chars[chars.length - 1]!));
    // An unseen word weighs what BM25 gives a word of no document: the most specific there is.
    unknown.push({ word, weight: (strong ? 1 : WEAK_UNKNOWN) * index.bm25.idf(word) });
  }
  // What was said before may steer, not outweigh: at most `share` of the question's own weight.
  const own = [...terms.values()].reduce((sum, t) => sum + t.weight * t.idf, 0);
  const earlier = context.flatMap(tokenize).filter(known);
  const earlierWeight = earlier.reduce((sum, t) => sum + 0.4 * index.bm25.idf(t), 0);
  // A question with no word of its own ("那要多少钱？") is all context.
  const scale = own === 0 ? 2 : earlierWeight > 0 ? Math.min(1, (share * own) / earlierWeight) : 1;
  for (const t of earlier) add(t, weightOf(t, 0.4 * scale));
  return { terms: [...terms.values()], unknown };
}

interface WeighedTerms {
  terms: Term[];
  unknown: Unknown[];
}

/** Share of the question's weight that a unit covers; unknown words count as uncovered. */
function coverageOf(q: WeighedTerms, unit: Unit): { covered: number; total: number } {
  const total = q.terms.reduce((s, t) => s + t.weight * t.idf, 0) + q.unknown.reduce((s, u) => s + u.weight, 0);
  let covered = 0;
  for (const t of q.terms) {
    const w = t.weight * t.idf;
    // One character counts only within a short word: "证" is not found in "身份证".
    if (t.term.length === 1) covered += shortWordChars(unit).has(t.term) ? w : 0;
    else if (unit.match.includes(t.term)) covered += w;
    // Headings and a FAQ's question say what the unit is about.
    else if (unit.context.includes(t.term)) covered += 0.85 * w;
    else if (unit.chunk.text.includes(t.term)) covered += 0.25 * w;
  }
  return { covered, total };
}

/**
 * A question of two clauses ("档案审核查啥？我出生日期前后不一样") may be answered by a
 * unit that covers one clause fully; it counts a little less than covering both.
 */
function scoreUnits(passages: Passage[], whole: WeighedTerms, clauses: WeighedTerms[], types: QuestionType[]): ScoredUnit[] {
  const anchors = whole.terms.filter((t) => t.weight >= 1 && isDomainWord(t.term)).map((t) => t.term);
  const out: ScoredUnit[] = [];
  passages.forEach((passage, passageRank) => {
    for (const unit of splitUnits(passage.chunk)) {
      const full = coverageOf(whole, unit);
      let coverage = full.total > 0 ? full.covered / full.total : 0;
      for (const clause of clauses) {
        const part = coverageOf(clause, unit);
        const share = part.total / (full.total || 1);
        // Only a clause with a topic of its own (two full words) may stand for the question.
        const topical = clause.terms.filter((t) => t.weight >= 1).length >= 2;
        if (part.total > 0 && share >= 0.35 && topical) {
          coverage = Math.max(coverage, (part.covered / part.total) * (0.7 + 0.3 * share));
        }
      }
      // Materials come as a list: a plain sentence that enumerates nothing is weak evidence.
      const listLike = unit.kind !== 'sentence' || (unit.text.match(/、/g)?.length ?? 0) >= 2;
      const typeFit = types.includes('materials') && !listLike ? Math.min(0.6, typeMatch(types, unit.text)) : typeMatch(types, unit.text);
      // A heading or column that names the asked field ("办理地点", "所需材料") marks the section that answers.
      const labelled = labelMatch(types, unit.context) ? 0.12 : 0;
      // Of two units that cover the question alike, the shorter one is the answer, not a story around it.
      const verbosity = unit.text.length > 90 ? 0.05 : 0;
      const signpost = SIGNPOST.test(unit.text) && unit.text.length < 60 ? 0.1 : 0;
      // The HR terms a question names ("入职体检", "公积金") are its topic: a unit whose
      // chunk never mentions any of them answers something else.
      const offTopic = anchors.length > 0 && !anchors.some((a) => unit.match.includes(a) || unit.context.includes(a) || unit.chunk.text.includes(a)) ? 0.1 : 0;
      const score = coverage + 0.3 * (typeFit - 0.5) + labelled - verbosity - signpost - offTopic + 0.04 / (1 + passageRank);
      out.push({ unit, score, coverage, typeFit });
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

function unitScore(scored: ScoredUnit[], unit: Unit): number {
  return scored.find((s) => s.unit === unit)?.score ?? 0;
}

/** A chunk's retrieval score relative to the best passage (1), so sources compare on one scale. */
function relevance(passages: Passage[], chunkId: number): number {
  const top = passages[0]?.score || 1;
  return (passages.find((p) => p.chunk.id === chunkId)?.score ?? 0) / top;
}

function toSources(passages: Passage[]): Source[] {
  return dedupeSources(passages.map((p) => sourceOf(p.chunk, relevance(passages, p.chunk.id))));
}

