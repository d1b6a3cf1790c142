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
 * The phases run with MALLOC_ARENA_MAX=2 unless it is set otherwise, as in the Docker image.
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
import { generateCorpus, sampleQuestions } from './bench-corpus.js';
import { buildPhase, reloadPhase, type BuildResult, type PhaseJob, type ReloadResult } from './bench-phases.js';
import { formatBenchReport } from './bench-report.js';
import { serve, type ServeJob, type ServeResult } from './bench-serve.js';
import { latency, mb, round } from './bench-stats.js';
import { throughputQuestions } from './bench-throughput.js';

type Phase = 'serve' | 'build' | 'reload';

const TARGET_P99_MS = 20;
const TARGET_RELOAD_P99_MS = 50;
const TARGET_BUILD_RSS_MB = 400;
const TARGET_RSS_MB = 300;
const TARGET_CHUNKS = 20_000;
const TARGET_QPS = 500;
const LOAD_QUESTIONS = 3000;
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

async function runPhase(name: Phase, jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as ServeJob & PhaseJob;
  const result = name === 'serve' ? await serve(job) : name === 'build' ? await buildPhase(job) : await reloadPhase(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------- main

/**
 * glibc's malloc arenas in the phases, as the Docker image sets them (see the Dockerfile): the
 * peaks measured are those of the bot as it is shipped. Set MALLOC_ARENA_MAX to measure another.
 */
const MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX ?? '2';

function runChild<T>(phase: Phase, jobFile: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the child also reads the heap after a full collection, to tell retained memory from garbage.
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), `--${phase}`, jobFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, MALLOC_ARENA_MAX },
    });
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
    say(`generating the knowledge base in ${root} (seed ${args.seed}); phases run with MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX} …`);
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
      mallocArenaMax: MALLOC_ARENA_MAX,
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