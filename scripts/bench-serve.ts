import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { createLogger } from '../src/logging/logger.js';
import type { BenchQuestion } from './bench-corpus.js';
import { summariseProfile, type CpuProfile, type ProfileSummary } from './bench-profile.js';
import { latency, mb, round, type Latency } from './bench-stats.js';
import { measureThroughput, type ThroughputResult } from './bench-throughput.js';

/** Questions asked at once in the throughput run. */
const LOAD_CONCURRENCY = 64;

/**
 * The serving phase of `npm run bench`, run in its own child process: reopens the app on the
 * built index, times the questions (with a CPU profile when asked), then measures throughput.
 */

export interface ServeJob {
  knowledgeDir: string;
  dataDir: string;
  questions: BenchQuestion[];
  warmup: BenchQuestion[];
  load: BenchQuestion[];
  profile?: string;
}

export interface ServeResult {
  reopenSeconds: number;
  reused: boolean;
  chunks: number;
  rssAfterLoadMb: number;
  heapAfterLoadMb: number;
  peakRssAtLoadMb: number;
  rssAfterAskMb: number;
  heapAfterAskMb: number;
  /** After a full collection at the end: what the questions left behind, not garbage. */
  heapAfterGcMb: number;
  rssAfterGcMb: number;
  peakRssMb: number;
  all: Latency;
  answered: Latency;
  escalated: Latency;
  byKind: Record<string, { n: number; escalated: number; p50: number; p99: number }>;
  reasons: Record<string, number>;
  factInReply: number;
  factQuestions: number;
  slowest: Array<{ text: string; ms: number; escalated: boolean; reason: string | null }>;
  load: ThroughputResult;
  profile?: ProfileSummary;
}

export async function serve(job: ServeJob): Promise<ServeResult> {
  const t0 = performance.now();
  const app = await createApp({
    knowledgeDir: job.knowledgeDir,
    dataDir: job.dataDir,
    // A secretary to notify, so each escalation also stores its notice (or joins the digest).
    config: { secretaries: ['bench:hr'] },
    // Settings come from here only: a developer's environment must not switch on an LLM.
    env: {},
    logger: createLogger({ level: 'silent' }),
  });
  const reopenSeconds = (performance.now() - t0) / 1000;
  const rssAfterLoad = process.memoryUsage();
  // Reading the snapshot can peak well above where it settles; resourceUsage().maxRSS is in KB.
  const peakAtLoad = process.resourceUsage().maxRSS * 1024;

  let n = 0;
  const ask = (text: string) => app.ask({ id: `bench-${++n}`, text, history: [], userId: 'bench' });
  for (const q of job.warmup) await ask(q.text);

  let session: Session | undefined;
  if (job.profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const rows: Array<{ q: BenchQuestion; ms: number; escalated: boolean; reason: string | null; reply: string }> = [];
  for (const q of job.questions) {
    const start = performance.now();
    const out = await ask(q.text);
    rows.push({ q, ms: performance.now() - start, escalated: out.escalated, reason: out.reason, reply: out.reply });
  }
  let profile: ProfileSummary | undefined;
  if (session && job.profile) {
    const { profile: raw } = await session.post('Profiler.stop');
    writeFileSync(job.profile, JSON.stringify(raw));
    profile = summariseProfile(raw as unknown as CpuProfile);
    session.disconnect();
  }
  const rssAfterAsk = process.memoryUsage();
  const load = await measureThroughput(app, job.load, LOAD_CONCURRENCY);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const afterGc = process.memoryUsage();

  const byKind: ServeResult['byKind'] = {};
  for (const kind of ['fact', 'offtopic', 'human']) {
    const of = rows.filter((r) => r.q.kind === kind);
    const l = latency(of.map((r) => r.ms));
    byKind[kind] = { n: of.length, escalated: of.filter((r) => r.escalated).length, p50: l.p50, p99: l.p99 };
  }
  const reasons: Record<string, number> = {};
  for (const r of rows) if (r.escalated) reasons[r.reason ?? 'unknown'] = (reasons[r.reason ?? 'unknown'] ?? 0) + 1;
  const facts = rows.filter((r) => r.q.kind === 'fact');
  const result: ServeResult = {
    reopenSeconds: round(reopenSeconds),
    reused: app.knowledge.lastReload?.report.reused ?? false,
    chunks: app.knowledge.current().chunks.length,
    rssAfterLoadMb: mb(rssAfterLoad.rss),
    heapAfterLoadMb: mb(rssAfterLoad.heapUsed),
    peakRssAtLoadMb: mb(peakAtLoad),
    rssAfterAskMb: mb(rssAfterAsk.rss),
    heapAfterAskMb: mb(rssAfterAsk.heapUsed),
    heapAfterGcMb: mb(afterGc.heapUsed),
    rssAfterGcMb: mb(afterGc.rss),
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    all: latency(rows.map((r) => r.ms)),
    answered: latency(rows.filter((r) => !r.escalated).map((r) => r.ms)),
    escalated: latency(rows.filter((r) => r.escalated).map((r) => r.ms)),
    byKind,
    reasons,
    factQuestions: facts.length,
    factInReply: facts.filter((r) => !r.escalated && r.q.fact && r.reply.includes(r.q.fact)).length,
    slowest: [...rows].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => ({ text: r.q.text, ms: round(r.ms), escalated: r.escalated, reason: r.reason })),
    load,
    profile,
  };
  await app.close();
  return result;
}
