/**
 * `npm run bench`: how fast the answering core is on a large knowledge base.
 *
 * Generates a synthetic HR knowledge base (≥ 20,000 chunks, seeded, in a temp dir), then, each
 * in a fresh child process (so each peak RSS is that phase's own, worker threads included):
 *   1. builds the index from scratch (documents, chunks, seconds, peak RSS),
 *   2. opens the app again on the same data dir (index read from disk) and times `ask` over a
 *      few hundred questions — answerable-looking ones about the generated facts, off-topic ones
 *      and asks for a human — and reads RSS after loading and after asking,
 *   3. opens it again, changes one document and reloads, asking questions the whole time: their
 *      latency shows whether the reload blocks the bot;
 *   4. in the serving child, after the timed questions: orientation-week throughput through the
 *      engine (scripts/bench-throughput.ts), a third escalating, tickets durable before each reply.
 *
 * Targets: p99 ≤ 20 ms per question at 20,000 chunks (issue 2); p99 < 50 ms while a reload runs,
 * peak RSS ≤ 400 MB while building, ≤ 300 MB while serving, ≥ 500 questions/s through the engine
 * with a third escalating (issue 12). A miss is reported, and the
 * exit code stays 0: this is a benchmark, not a test.
 *
 * Options: --json (one JSON line only), --seed N, --questions N, --docs N (Markdown documents),
 * --keep (leave the temp dir), --profile FILE (CPU profile of the question loop, written as a
 * .cpuprofile for Chrome DevTools, and a summary of where the time goes).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { createApp } from '../src/app.js';
import { createLogger } from '../src/logging/logger.js';
import { generateCorpus, sampleQuestions, type BenchQuestion } from './bench-corpus.js';
import { buildPhase, reloadPhase, type BuildResult, type PhaseJob, type ReloadResult } from './bench-phases.js';
import { formatBenchReport } from './bench-report.js';

type Phase = 'serve' | 'build' | 'reload';
import { measureThroughput, throughputQuestions, type ThroughputResult } from './bench-throughput.js';

const TARGET_P99_MS = 20;
const TARGET_RELOAD_P99_MS = 50;
const TARGET_BUILD_RSS_MB = 400;
const TARGET_RSS_MB = 300;
const TARGET_CHUNKS = 20_000;
const TARGET_QPS = 500;
const LOAD_QUESTIONS = 3000;
const LOAD_CONCURRENCY = 64;
const WARMUP = 20;

interface Args {
  json: boolean;
  seed: number;
  questions: number;
  docs: number;
  keep: boolean;
  profile?: string;
  /** Internal: run one phase in this process (the parent passes a job file). */
  phase?: { name: Phase; job: string };
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, seed: 20250901, questions: 400, docs: 2300, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--questions') args.questions = Number(value());
    else if (a === '--docs') args.docs = Number(value());
    else if (a === '--profile') args.profile = value();
    else if (a === '--serve' || a === '--build' || a === '--reload') args.phase = { name: a.slice(2) as Phase, job: value() };
    else throw new Error(`unknown option ${a}`);
  }
  if (!(args.questions >= 1) || !(args.docs >= 1) || !Number.isFinite(args.seed)) throw new Error('--questions, --docs and --seed take numbers');
  return args;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles. */
function latency(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : 0);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
  return { n: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(at(100)), mean: round(mean) };
}

// ---------------------------------------------------------------- serving phase (child process)

interface ServeJob {
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

async function serve(job: ServeJob): Promise<ServeResult> {
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

async function runPhase(name: Phase, jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as ServeJob & PhaseJob;
  const result = name === 'serve' ? await serve(job) : name === 'build' ? await buildPhase(job) : await reloadPhase(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------- CPU profile summary

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface ProfileSummary {
  totalMs: number;
  self: Array<{ fn: string; ms: number; share: number }>;
  inclusive: Array<{ fn: string; ms: number; share: number }>;
}

function frameName(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** Self time per function, and inclusive time (each sample counted once per function on its stack). */
function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id);
    if (!node) return;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const key = frameName(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([fn, ms]) => ({ fn, ms: round(ms, 1), share: round(ms / total, 3) }));
  const boring = /^\((root|program|idle)\)$/;
  const incl = new Map([...inclusive].filter(([k]) => !boring.test(k.split(' ')[0]!)));
  return { totalMs: round(total, 1), self: top(self, 20), inclusive: top(incl, 30) };
}

// ---------------------------------------------------------------- main

function runChild<T>(phase: Phase, jobFile: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the child also reads the heap after a full collection, to tell retained memory from garbage.
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), `--${phase}`, jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the ${phase} phase exited with code ${code}`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch (cause) {
        reject(new Error(`the ${phase} phase printed no result: ${out.slice(0, 500)}`, { cause }));
      }
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.phase) return runPhase(args.phase.name, args.phase.job);
  const say = (line: string) => {
    if (!args.json) process.stderr.write(`${line}\n`);
  };

  const root = mkdtempSync(join(tmpdir(), 'onboarding-bench-'));
  const knowledgeDir = join(root, 'kb');
  const dataDir = join(root, 'data');
  try {
    say(`generating the knowledge base in ${root} (seed ${args.seed}) …`);
    const g0 = performance.now();
    const newsDocs = Math.round(args.docs / 8);
    const htmlDocs = Math.round(args.docs / 12);
    const corpus = generateCorpus({ dir: knowledgeDir, seed: args.seed, markdownDocs: args.docs, newsDocs, htmlDocs });
    const generateSeconds = (performance.now() - g0) / 1000;

    const questions = sampleQuestions(corpus.questions, args.questions, args.seed + 1);
    const buildJob = join(root, 'build.json');
    writeFileSync(buildJob, JSON.stringify({ knowledgeDir, dataDir, questions: [] } satisfies PhaseJob));
    say('building the index in a fresh process …');
    const b = await runChild<BuildResult>('build', buildJob);
    const { documents, chunks } = b;
    const buildSeconds = b.seconds;
    const snapshotFiles = Object.fromEntries(
      readdirSync(join(dataDir, 'index'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [e.name, mb(statSync(join(e.parentPath, e.name)).size)]),
    );

    const warmup = sampleQuestions(corpus.questions, WARMUP, args.seed + 2).map((q) => ({ ...q, text: `${q.text}呢` }));
    const jobFile = join(root, 'job.json');
    const load = throughputQuestions(corpus.questions, LOAD_QUESTIONS);
    writeFileSync(jobFile, JSON.stringify({ knowledgeDir, dataDir, questions, warmup, load, profile: args.profile } satisfies ServeJob));
    say(`asking ${questions.length} questions (after ${warmup.length} warm-up) in a fresh process …`);
    const s = await runChild<ServeResult>('serve', jobFile);
    say('reloading after a change while asking questions, in a fresh process …');
    const reloadJob = join(root, 'reload.json');
    writeFileSync(reloadJob, JSON.stringify({ knowledgeDir, dataDir, questions } satisfies PhaseJob));
    const r = await runChild<ReloadResult>('reload', reloadJob);
    const duringReload = latency(r.latencies);

    const misses: string[] = [];
    if (chunks < TARGET_CHUNKS) misses.push(`only ${chunks} chunks were generated (< ${TARGET_CHUNKS}); the p99 target is stated at ${TARGET_CHUNKS}`);
    if (s.all.p99 > TARGET_P99_MS) misses.push(`ask p99 ${s.all.p99} ms > ${TARGET_P99_MS} ms`);
    if (!r.ok) misses.push('the reload failed or did not see the changed document');
    if (duringReload.p99 >= TARGET_RELOAD_P99_MS) misses.push(`ask p99 during a reload ${duringReload.p99} ms ≥ ${TARGET_RELOAD_P99_MS} ms`);
    if (b.peakRssMb > TARGET_BUILD_RSS_MB) misses.push(`build peak RSS ${b.peakRssMb} MB > ${TARGET_BUILD_RSS_MB} MB`);
    // Judged on the serving process's peak: a container limit must hold it, and the reading after
    // the questions depends on when the last GC happened (garbage from each question inflates it).
    const rssMax = Math.max(s.rssAfterLoadMb, s.rssAfterAskMb, s.peakRssMb);
    if (rssMax > TARGET_RSS_MB) misses.push(`serving RSS peak ${rssMax} MB > ${TARGET_RSS_MB} MB`);
    if (!s.reused) misses.push('the second start rebuilt the index instead of reading it from disk');
    if (s.load.questionsPerSecond < TARGET_QPS) misses.push(`throughput ${s.load.questionsPerSecond} questions/s < ${TARGET_QPS}`);

    const result = {
      bench: 'onboarding-bot',
      node: process.version,
      seed: args.seed,
      corpus: { files: corpus.files, mb: mb(corpus.bytes), generateSeconds: round(generateSeconds) },
      build: { documents, chunks, warnings: b.warnings, seconds: round(buildSeconds), rssMb: b.rssAfterMb, peakRssMb: b.peakRssMb, snapshotFilesMb: snapshotFiles },
      reload: { ok: r.ok, seconds: r.seconds, askedDuring: duringReload, maxLoopDelayMs: r.maxLoopDelayMs, rssBeforeMb: r.rssBeforeMb, rssAfterMb: r.rssAfterMb, peakRssMb: r.peakRssMb },
      reopen: { seconds: s.reopenSeconds, reused: s.reused, chunks: s.chunks },
      load: s.load,
      ask: { warmup: warmup.length, all: s.all, answered: s.answered, escalated: s.escalated, byKind: s.byKind, reasons: s.reasons },
      memory: { rssAfterLoadMb: s.rssAfterLoadMb, rssAfterAskMb: s.rssAfterAskMb, heapAfterLoadMb: s.heapAfterLoadMb, heapAfterAskMb: s.heapAfterAskMb, heapAfterGcMb: s.heapAfterGcMb, rssAfterGcMb: s.rssAfterGcMb, peakRssAtLoadMb: s.peakRssAtLoadMb, peakRssMb: s.peakRssMb },
      targets: { p99Ms: TARGET_P99_MS, reloadP99Ms: TARGET_RELOAD_P99_MS, buildRssMb: TARGET_BUILD_RSS_MB, rssMb: TARGET_RSS_MB, chunks: TARGET_CHUNKS, questionsPerSecond: TARGET_QPS, met: misses.length === 0, misses },
      slowest: s.slowest,
      ...(s.profile ? { profile: { file: args.profile, ...s.profile } } : {}),
    };

    if (args.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(
      formatBenchReport({ seed: args.seed, profileFile: args.profile, corpus, build: b, snapshotFiles, serve: s, reload: r, duringReload, rssMax, targets: result.targets, misses }),
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (args.keep) say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
