/**
 * A synthetic HR-onboarding knowledge base for `npm run bench`.
 *
 * Every document is built from templates filled with invented facts (units, rooms, dates,
 * amounts, phone numbers) drawn from a seeded PRNG, so two runs with the same seed write the
 * same files and their figures are comparable. Alongside the files it returns questions about
 * the facts it wrote (answerable-looking) and questions the knowledge base cannot answer.
 * The word tables, the fact drawer and the writers of each kind of document live in corpus/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Facts } from './corpus/facts.js';
import { html, markdown } from './corpus/formats.js';
import { buildDoc } from './corpus/hr-guides.js';
import { news } from './corpus/news.js';
import { seededRandom } from '../src/core/seeded-random.js';
import { HUMAN, OFFTOPIC } from './corpus/unanswerable.js';

export interface BenchQuestion {
  text: string;
  kind: 'fact' | 'offtopic' | 'human';
  /** The document the fact came from (fact questions only). */
  docPath?: string;
  /** A string the reply should hold if the fact was found (fact questions only). */
  fact?: string;
}

export interface CorpusOptions {
  dir: string;
  seed: number;
  markdownDocs: number;
  newsDocs: number;
  htmlDocs: number;
}

export interface CorpusSummary {
  files: { markdown: number; news: number; html: number };
  bytes: number;
  questions: BenchQuestion[];
}

/** Writes the knowledge base under `dir` and returns the questions about it. */
export function generateCorpus(options: CorpusOptions): CorpusSummary {
  const f = new Facts(seededRandom(options.seed));
  const factQuestions: BenchQuestion[] = [];
  let bytes = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(options.dir, path, '..'), { recursive: true });
    writeFileSync(join(options.dir, path), text);
    bytes += Buffer.byteLength(text);
  };
  for (let i = 0; i < options.markdownDocs; i++) {
    const doc = buildDoc(f, i);
    const path = `${doc.category}/doc-${String(i).padStart(5, '0')}.md`;
    write(path, markdown(doc, f, i));
    for (const q of doc.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  for (let i = 0; i < options.newsDocs; i++) {
    const article = news(f, i);
    const path = `news/news-${String(i).padStart(4, '0')}.txt`;
    write(path, article.text);
    for (const q of article.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  for (let i = 0; i < options.htmlDocs; i++) {
    const doc = buildDoc(f, options.markdownDocs + i);
    const path = `web/page-${String(i).padStart(4, '0')}.html`;
    write(path, html(doc, f, i));
    for (const q of doc.questions) factQuestions.push({ ...q, kind: 'fact', docPath: path });
  }
  const questions: BenchQuestion[] = [...factQuestions];
  for (const text of OFFTOPIC) questions.push({ text, kind: 'offtopic' });
  for (const text of HUMAN) questions.push({ text, kind: 'human' });
  return {
    files: { markdown: options.markdownDocs, news: options.newsDocs, html: options.htmlDocs },
    bytes,
    questions,
  };
}

/** A deterministic sample of `n` questions: mostly facts, the rest off-topic and asks for a human. */
export function sampleQuestions(all: BenchQuestion[], n: number, seed: number): BenchQuestion[] {
  const f = new Facts(seededRandom(seed));
  const facts = all.filter((q) => q.kind === 'fact');
  const others = f.some(all.filter((q) => q.kind !== 'fact'), Number.MAX_SAFE_INTEGER);
  const offCount = Math.round(n * 0.25);
  const out: BenchQuestion[] = f.some(facts, n - offCount);
  const particles = ['', '呀', '哈', '？', '，谢谢', '请问'];
  // Off-topic and human questions repeat with a different particle each round, so every text
  // differs and every escalation opens its own ticket (one asker's repeated question would not).
  for (let i = 0; i < offCount; i++) {
    const q = others[i % others.length]!;
    const round = Math.floor(i / others.length);
    const p = particles[round % particles.length]!;
    const text = p === '请问' ? `请问${q.text}` : `${q.text}${p}`;
    out.push({ ...q, text: round >= particles.length ? `${text}（${round}）` : text });
  }
  // Shuffle so answered and escalated questions interleave as in real traffic.
  for (let i = out.length - 1; i > 0; i--) {
    const j = f.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
