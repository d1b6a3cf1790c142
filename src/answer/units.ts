import { LRUCache } from 'lru-cache';
import type { Chunk } from '../knowledge/types.js';
import { canonical, tokenize } from '../retrieval/tokenizer.js';

/** A candidate unit after the scorer: its features, log-odds and probability of stating the asked fact. */
export interface ScoredUnit {
  unit: Unit;
  features: Float64Array;
  logit: number;
  probability: number;
  /** Rank of its chunk after retrieval, 0 first. */
  fusedRank: number;
}

/** The smallest piece of a chunk that can be an answer: a sentence, a table row or a list item. */
export interface Unit {
  /** Display text, markdown removed. */
  text: string;
  /** Canonical form for matching. */
  match: string;
  /** Canonical title, headings and, in a Q&A list, the question the unit answers. */
  context: string;
  kind: 'sentence' | 'row' | 'item';
  /** Position among the chunk's units. */
  position: number;
  /** The line the unit came from, to keep list and table neighbours together. */
  line: number;
  chunk: Chunk;
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/^>\s*/, '')
    .trim();
}

// The chunker has parsed the document (markdown-it, GFM tables) and keeps each table row as
// one line of its source, separator rows gone; a unit only splits such a line into cells. A
// cell may hold a "|" written as "\|" (GFM); only an unescaped one separates cells.
const CELL_BREAK = /(?<!\\)\|/;

function tableCells(line: string): string[] | undefined {
  if (!line.includes('|')) return undefined;
  const inner = line.replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  const cells = inner.split(CELL_BREAK).map((c) => stripMarkdown(c.trim().replace(/\\\|/g, '|')));
  return cells.length >= 2 ? cells.filter((c) => c !== '') : undefined;
}

/**
 * "| 1 | 居民身份证 | 原件 |" reads better as "居民身份证：原件"; in a comparison table
 * (three or more columns with named headers) each value keeps its column's name.
 */
function rowText(cells: string[], header: string[]): string {
  const numbered = cells.length > 2 && /^\d+$/.test(cells[0]!);
  const useful = numbered ? cells.slice(1) : cells;
  const names = numbered ? header.slice(1) : header;
  const [head, ...rest] = useful;
  if (!rest.length) return head ?? '';
  const labelled = useful.length >= 3 && names.length === useful.length && names.every((n) => n && !/^(?:序号|说明|备注|要求)$/.test(n));
  return labelled ? `${head}：${rest.map((v, i) => `${names[i + 1]} ${v}`).join('；')}` : `${head}：${rest.join('，')}`;
}

const SENTENCE = /[^。！？!?；;]+[。！？!?；;]*/g;
const QUESTION_LINE = /^(?:问|q)\s*[:：]|[？?]$/i;

const shortChars = new WeakMap<Unit, string>();

/**
 * Characters of the unit's one- and two-character words, as one string to search with
 * `includes` for a single character: a one-character term matches only these ("签" in "签字",
 * "寄" in "邮寄", but not "证" inside "身份证"). Segmenting is the costly part of scoring, so it
 * runs only for units a one-character term is checked against. A string, not a Set: it lives
 * as long as the unit in the cache below, and a Set of a few characters weighs ten times more.
 */
export function shortWordChars(unit: Unit): string {
  let chars = shortChars.get(unit);
  if (chars === undefined) shortChars.set(unit, (chars = tokenize(unit.text).filter((w) => [...w].length <= 2).join('')));
  return chars;
}

// Chunks of a snapshot never change, so their units are split once; the 2,000 chunks used
// most recently are kept. Unbounded, the cache would grow towards a copy of the whole knowledge
// base in the process that answers (25 MB after 3,000 questions over 22,908 chunks).
const cache = new LRUCache<Chunk, Unit[]>({ max: 2_000 });

/**
 * Each document's text as replies quote it (its units' display text: a table row reads
 * "身份证：原件", markdown and list bullets gone), joined once per path and only for the paths
 * asked for: to tell which document a sentence of a draft came from. The chunks' raw text missed
 * every sentence of one draft in seven (rows, bold, numbering).
 */
export function quotedTextOf(chunks: readonly Chunk[]): (path: string) => string {
  const memo = new Map<string, string>();
  return (path) => {
    let text = memo.get(path);
    if (text === undefined) {
      text = chunks
        .filter((ch) => ch.docPath === path)
        .flatMap((ch) => splitUnits(ch).map((u) => u.text))
        .join('\n');
      memo.set(path, text);
    }
    return text;
  };
}

export function splitUnits(chunk: Chunk): Unit[] {
  let units = cache.get(chunk);
  if (!units) cache.set(chunk, (units = split(chunk)));
  return units;
}

function split(chunk: Chunk): Unit[] {
  const units: Unit[] = [];
  const baseContext = canonical([chunk.title, ...chunk.headings].join(' '));
  let question = '';
  let header: string[] | undefined;
  // Shared by the rows of one table (no question line can come between them).
  let rowContext = '';
  chunk.text.split('\n').forEach((raw, lineNo) => {
    const line = raw.trim();
    if (!line) {
      header = undefined;
      return;
    }
    const context = question ? `${baseContext} ${question}` : baseContext;
    const cells = tableCells(line);
    // A separator row ("| --- | :-: |") is layout; the chunker drops it, a unit must not become one.
    if (cells?.every((c) => /^:?-{2,}:?$/.test(c))) return;
    if (cells) {
      // The first row of a table names its columns; it is context, not an answer.
      if (!header) {
        header = cells;
        rowContext = `${context} ${canonical(header.join(' '))}`;
        return;
      }
      const text = rowText(cells, header);
      units.push({ text, match: canonical(text), context: rowContext, kind: 'row', position: units.length, line: lineNo, chunk });
      return;
    }
    header = undefined;
    const clean = stripMarkdown(line.replace(/^(?:[-*+]|\d+[.、)])\s+/, (m) => (/^\d/.test(m) ? m : '')));
    if (QUESTION_LINE.test(clean) && clean.length < 80) {
      question = canonical(clean);
      return;
    }
    const isItem = /^(?:[-*+]|\d+[.、)])\s+/.test(line);
    for (const sentence of clean.match(SENTENCE) ?? []) {
      const text = sentence.replace(/^(?:答|a)\s*[:：]\s*/i, '').trim();
      if (text.replace(/[\s\p{P}]/gu, '').length < 2) continue;
      units.push({ text, match: canonical(text), context, kind: isItem ? 'item' : 'sentence', position: units.length, line: lineNo, chunk });
    }
  });
  // Cached for as long as the chunk is in use: an exact-length copy, not the array that grew
  // by pushes with room for 17.
  return units.slice();
}
