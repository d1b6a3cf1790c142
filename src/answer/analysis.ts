import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { contentWords, isDomainWord, tokenize } from '../retrieval/tokenizer.js';
import type { Question } from './answerer.js';
import { isTypeWord, labelledTypes, questionTypes, type QuestionType } from './question-type.js';

/** A word of the question the knowledge base knows, with its weight in the question and its rarity. */
export interface Term {
  term: string;
  weight: number;
  idf: number;
  /** True when the word came only from earlier messages. */
  fromHistory: boolean;
}

/** A word of the question no document uses: the strongest sign that the documents miss the answer. */
export interface Unknown {
  word: string;
  weight: number;
  /** True when the word names a thing (a noun, or ends in a character the documents never use). */
  strong: boolean;
}

export interface WeighedTerms {
  terms: Term[];
  unknown: Unknown[];
}

/** The whole weight of a question's words, rare ones weighing more, unknown ones included: what shares are taken of. */
export function questionWeight(q: WeighedTerms): number {
  return q.terms.reduce((s, t) => s + t.weight * t.idf, 0) + q.unknown.reduce((s, u) => s + u.weight, 0);
}

/** What the question asks, before any document is read: the first stage of the answerer. */
export interface Analysis extends WeighedTerms {
  text: string;
  /** The last earlier message, when there is one. */
  context: string[];
  types: QuestionType[];
  /** True when the question leans on what was said before ("那押金多少？"). */
  followUp: boolean;
  /** The question's clauses, each weighed alone, when it has more than one. */
  clauses: WeighedTerms[];
  /** The HR terms the question names ("入职体检", "公积金"): its topic. */
  anchors: string[];
  /** The idf of a word no document has: the most specific a word can be in this index. */
  maxIdf: number;
  /** Character pairs inside the question's content words: matched where segmentation or a typo breaks the words. */
  grams: string[];
}

// Short or pronoun-led questions lean on what was said before ("那要带什么材料？").
const FOLLOW_UP = /^(?:那|那么|那个|这个|还有|另外|然后|它|他们|这|那要|那我)/;
// Word classes that describe the asker's circumstances rather than what is asked.
const CIRCUMSTANCE_TAGS = new Set(['t', 'm', 'q', 'r', 'd', 'p', 'c', 'u', 'y', 'e', 'o', 'x', 'f', 's', 'ns', 'eng']);
const FUNCTION_TAGS = new Set(['r', 'm', 'q', 'p', 'c', 'u', 'y', 'e', 'o']);
// The asker's people: who they are is circumstance, not the thing asked.
const CIRCUMSTANCE_WORDS = /^(?:老公|丈夫|先生|爱人|对象|家人|家里人|我爸|我妈|爸爸|妈妈|父母|朋友|同事|室友|领导|导师)$/;
// Verbs that only stand for "do" in speech ("那要怎么弄？", "这个咋搞"): they say nothing of what is asked.
const PRO_VERBS = /^(?:怎么|怎样|咋|如何|该)?(?:弄|搞|整|干)$/;
const NOUNISH = /^(?:n|nr|ns|nt|nz|ng|vn|j|nrt|nrfg)$/;
const COMPLEMENT = /(?:过来|过去|回来|回去|出来|起来|下来|上来|进来|进去|不开|不了|不到|不上|得到|得了|完|到)$/;
const SELF_DESCRIPTION = /^我(?:是|在|人|今年|目前|现在|之前|以前|本来|已经|刚)/;
const CLAUSE_BREAK = /[，。？！,.?!；;\s]+/g;

/**
 * Reads the question against the index: its kind of fact, its weighed words, the words no
 * document knows, its clauses and whether it continues the last message. Word weights here
 * are the question's own emphasis (a word of the question is 1, a piece of a compound or an
 * earlier message's word less); how much each matters for answering is learned downstream.
 */
export function analyzeQuestion(index: KnowledgeIndex, question: Question): Analysis {
  const followUp = isFollowUp(question);
  const context = question.history.slice(-1);
  // A question that seems to stand alone may still continue the last one; history counts less then.
  const share = followUp ? 0.5 : 0.25;
  const types = askedTypes(question.text, followUp ? question.history : []);
  const clauseTexts = splitClauses(question.text);
  const perClause = clauseTexts.map((clause) => weighTerms(index, clause, context, types, share));
  const whole = clauseTexts.length === 1 && clauseTexts[0] === question.text.replace(CLAUSE_BREAK, '');
  const { terms } = whole ? perClause[0]! : weighTerms(index, question.text, context, types, share);
  // Every clause carries all unknown words: the unknown thing is what was asked.
  const unknown = dedupeUnknown(perClause.flatMap((c) => c.unknown));
  return {
    text: question.text,
    context,
    types,
    followUp,
    terms,
    unknown,
    clauses: perClause.length > 1 ? perClause.map((c) => ({ terms: c.terms, unknown })) : [],
    anchors: terms.filter((t) => t.weight >= 1 && isDomainWord(t.term)).map((t) => t.term),
    maxIdf: index.bm25.idf('\u0000'),
    grams: charPairs(question.text),
  };
}

// "押金呢？", "那硕士呢，已婚的话": 呢 after a bare phrase asks the last question again about something else.
const ELLIPSIS = /呢(?=[\s\p{P}\p{S}]|$)/u;
// A question word before 呢 makes an ordinary question of it ("那是为什么呢"), not an ellipsis;
// "是不是", "有没有" … already ask yes or no (question-type.ts).
const ASKS_ITSELF = /什么|啥|为何|哪|谁|几|怎|多少|多久|多长|吗/;

/**
 * The kinds of fact asked. An elliptical question that asks none of its own names one by a
 * field's label ("那报到时间呢") or asks what the message before asked, followed back through
 * earlier ellipses ("租金多少" → "押金呢？" → "水电费呢？").
 */
function askedTypes(text: string, history: readonly string[]): QuestionType[] {
  const own = questionTypes(text);
  if (own.length > 0) return own;
  const at = text.search(ELLIPSIS);
  if (at < 0 || ASKS_ITSELF.test(text.slice(0, at))) return own;
  const named = labelledTypes(text.slice(0, at));
  if (named.length > 0) return named;
  const previous = history.at(-1);
  return previous === undefined ? [] : askedTypes(previous, history.slice(0, -1));
}

function charPairs(text: string): string[] {
  const pairs = new Set<string>();
  for (const { word, tag } of contentWords(text)) {
    if (FUNCTION_TAGS.has(tag)) continue;
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  }
  return [...pairs];
}

function isFollowUp(question: Question): boolean {
  if (question.history.length === 0) return false;
  const text = question.text.trim();
  return FOLLOW_UP.test(text) || tokenize(text).length <= 3;
}

function splitClauses(text: string): string[] {
  return text.split(CLAUSE_BREAK).map((c) => c.trim()).filter((c) => c.length >= 2);
}

function dedupeUnknown(list: Unknown[]): Unknown[] {
  const byWord = new Map<string, Unknown>();
  for (const u of list) if ((byWord.get(u.word)?.weight ?? -1) < u.weight) byWord.set(u.word, u);
  return [...byWord.values()];
}

function weighTerms(index: KnowledgeIndex, text: string, context: string[], types: QuestionType[], share: number): WeighedTerms {
  const terms = new Map<string, Term>();
  const unknown: Unknown[] = [];
  const add = (term: string, weight: number, fromHistory = false) => {
    const prev = terms.get(term);
    if (prev) prev.weight = Math.max(prev.weight, weight);
    else terms.set(term, { term, weight, idf: index.bm25.idf(term), fromHistory });
  };
  const known = (w: string) => index.bm25.df(w) > 0 || index.mentions(w);
  const aboutAsker = SELF_DESCRIPTION.test(text.trim());
  // One character says little ("帮", "新"); it counts half.
  const weightOf = (w: string, base: number) => ([...w].length === 1 ? base / 2 : base);
  for (const { word, tag } of contentWords(text)) {
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
    // "签合同": a known word plus a character, only phrased differently.
    const composed = parts.length > 0 && chars.length - partChars <= 1 && chars.every((c) => index.mentions(c));
    if (composed) for (const t of parts) add(t, 1);
    if (composed || isTypeWord(types, word) || CIRCUMSTANCE_TAGS.has(tag) || CIRCUMSTANCE_WORDS.test(word) || PRO_VERBS.test(word)) continue;
    const strong = !aboutAsker && (NOUNISH.test(tag) || !index.mentions(chars[chars.length - 1]!));
    unknown.push({ word, weight: index.bm25.idf(word), strong });
  }
  // What was said before may steer, not outweigh: at most `share` of the question's own weight.
  const own = [...terms.values()].reduce((sum, t) => sum + t.weight * t.idf, 0);
  const earlier = context.flatMap(tokenize).filter(known);
  const earlierWeight = earlier.reduce((sum, t) => sum + 0.4 * index.bm25.idf(t), 0);
  const scale = own === 0 ? 2 : earlierWeight > 0 ? Math.min(1, (share * own) / earlierWeight) : 1;
  for (const t of earlier) add(t, weightOf(t, 0.4 * scale), true);
  return { terms: [...terms.values()], unknown };
}
