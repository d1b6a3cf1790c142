/**
 * The build and reload phases of `npm run bench`, each run in a fresh child process so its
 * peak RSS (which includes any worker thread) is its own.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { createLogger } from '../src/logging/logger.js';
import type { BenchQuestion } from './bench-corpus.js';

export interface PhaseJob {
  knowledgeDir: string;
  dataDir: string;
  questions: BenchQuestion[];
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
/** resourceUsage().maxRSS is in kilobytes and covers every thread of the process. */
const peakRss = () => mb(process.resourceUsage().maxRSS * 1024);

const open = (job: PhaseJob) =>
  // Settings come from here only: a developer's environment must not switch on an LLM.
  createApp({ knowledgeDir: job.knowledgeDir, dataDir: job.dataDir, config: {}, env: {}, logger: createLogger({ level: 'silent' }) });

export interface BuildResult {
  seconds: number;
  documents: number;
  chunks: number;
  warnings: number;
  rssAfterMb: number;
  peakRssMb: number;
}

/** First start on an empty data dir: the index is built from the documents. */
export async function buildPhase(job: PhaseJob): Promise<BuildResult> {
  const t0 = performance.now();
  const app = await open(job);
  const seconds = (performance.now() - t0) / 1000;
  const result: BuildResult = {
    seconds: Math.round(seconds * 100) / 100,
    documents: app.knowledge.current().documents.length,
    chunks: app.knowledge.current().chunks.length,
    warnings: app.knowledge.lastReload?.report.warnings.length ?? 0,
    rssAfterMb: mb(process.memoryUsage().rss),
    peakRssMb: peakRss(),
  };
  await app.close();
  return result;
}

export interface ReloadResult {
  ok: boolean;
  seconds: number;
  /** Latency of each question answered while the reload ran, in ms. */
  latencies: number[];
  /** Longest stall of the event loop during the reload, in ms. */
  maxLoopDelayMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  peakRssMb: number;
}

/** 10 questions a second: a busy orientation week, well within what one process answers on a shared core. */
const ARRIVAL_MS = 100;

/** Serving from the snapshot on disk, one document changes and the index is rebuilt while questions keep coming. */
export async function reloadPhase(job: PhaseJob): Promise<ReloadResult> {
  const app = await open(job);
  for (const q of job.questions.slice(0, 20)) await app.ask({ id: 'warm', text: q.text, history: [], userId: 'bench' });
  const rssBefore = process.memoryUsage().rss;
  const first = readdirSync(job.knowledgeDir, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.md'))!;
  appendFileSync(join(first.parentPath, first.name), '\n\n## 补充说明\n\n本文件在基准测试中更新过一次。\n');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  let done = false;
  const reloading = app.reload().finally(() => {
    done = true;
  });
  // Questions arrive on a schedule, as people ask them, whether or not the bot is busy: each
  // latency runs from when the question was due, so time the event loop spends blocked counts.
  const latencies: number[] = [];
  const asked: Array<Promise<void>> = [];
  for (let i = 0; !done; i++) {
    const due = t0 + i * ARRIVAL_MS;
    // Even when behind, yield: the reload must get its turns to finish.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const q = job.questions[i % job.questions.length]!;
    asked.push(app.ask({ id: `reload-${i}`, text: q.text, history: [], userId: `bench-${i % 50}` }).then(() => {
      latencies.push(performance.now() - due);
    }));
  }
  await Promise.all(asked);
  const report = await reloading;
  loop.disable();
  const result: ReloadResult = {
    ok: report.ok && report.changed.includes(relative(job.knowledgeDir, join(first.parentPath, first.name))),
    seconds: Math.round((performance.now() - t0) / 10) / 100,
    latencies,
    maxLoopDelayMs: Math.round(loop.max / 1e5) / 10,
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(process.memoryUsage().rss),
    peakRssMb: peakRss(),
  };
  await app.close();
  return result;
}
