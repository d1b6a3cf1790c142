/**
 * Orientation-week load for `npm run bench`: many newcomers at once through the conversation
 * engine (`app.bot.handle`, as every channel calls it), a third of the questions escalating.
 * Each escalation's ticket is on disk before its reply is returned (the ticket store commits
 * the tickets of one tick together), and its secretary notice is stored in the outbox.
 */
import { performance } from 'node:perf_hooks';
import type { App } from '../src/app.js';
import type { BenchQuestion } from './bench-corpus.js';

export interface ThroughputResult {
  questions: number;
  escalated: number;
  /** Tickets in the database after the run (each escalation opens one). */
  tickets: number;
  concurrency: number;
  seconds: number;
  questionsPerSecond: number;
  /** Per question, from handing it to the engine to its reply. */
  p50Ms: number;
  p99Ms: number;
  escalatedP99Ms: number;
}

/** Two questions about the documents for every one that goes to the secretary, each from its own rotation of askers. */
export function throughputQuestions(all: BenchQuestion[], n: number): BenchQuestion[] {
  const facts = all.filter((q) => q.kind === 'fact');
  const others = all.filter((q) => q.kind !== 'fact');
  return Array.from({ length: n }, (_, i) => {
    if (i % 3 !== 2) return facts[i % facts.length]!;
    // A different text every time, so each escalation opens its own ticket.
    const q = others[i % others.length]!;
    return { ...q, text: `${q.text}（第${i}位）` };
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

export async function measureThroughput(app: App, questions: BenchQuestion[], concurrency: number): Promise<ThroughputResult> {
  // Counted, not listed: reading thousands of tickets back would weigh on the memory measured.
  const ticketsBefore = app.tickets.countSince(new Date(0));
  const rows: Array<{ ms: number; escalated: boolean }> = [];
  const t0 = performance.now();
  // `concurrency` askers, each taking the next question when its last one is answered: the load
  // of a queue that never empties, without the bench holding 3,000 waiting calls in the memory
  // it measures.
  let next = 0;
  const asker = async () => {
    for (let i = next++; i < questions.length; i = next++) {
      const q = questions[i]!;
      // Five questions per newcomer keeps everyone under the per-person rate limit.
      const user = `newcomer-${Math.floor(i / 5)}`;
      const start = performance.now();
      const replies = await app.bot.handle({
        channel: 'bench',
        conversationId: user,
        userId: user,
        text: q.text,
        isGroup: false,
        mentionsBot: false,
        at: new Date(),
        messageId: `load-${i}`,
        kind: 'text',
      });
      rows.push({ ms: performance.now() - start, escalated: replies.some((r) => r.ticketId !== undefined || /工单号/.test(r.text)) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, asker));
  const seconds = (performance.now() - t0) / 1000;
  const all = rows.map((r) => r.ms).sort((a, b) => a - b);
  const escalated = rows.filter((r) => r.escalated).map((r) => r.ms).sort((a, b) => a - b);
  return {
    questions: rows.length,
    escalated: escalated.length,
    tickets: app.tickets.countSince(new Date(0)) - ticketsBefore,
    concurrency,
    seconds: round(seconds),
    questionsPerSecond: Math.round(rows.length / seconds),
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    escalatedP99Ms: round(percentile(escalated, 99)),
  };
}
