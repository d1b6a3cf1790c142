import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import type { EmbeddingsSpec } from '../retrieval/create-embeddings.js';
import type { BuildOutcome, BuildRequest } from './build-snapshot.js';
import type { BuildResult, BuildTask, Progress } from './build-worker.js';

/**
 * The compiled worker script. Beside this module when it runs compiled; when it runs from the
 * TypeScript sources (the test runner), the build output's copy, since a worker thread runs
 * plain JavaScript. Undefined when there is none: the caller then builds in its own thread.
 */
export function workerScript(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'build-worker.js');
  if (existsSync(beside)) return beside;
  const compiled = join(here, '..', '..', 'dist', 'src', 'knowledge', 'build-worker.js');
  return existsSync(compiled) ? compiled : undefined;
}

export interface WorkerBuildOptions {
  script: string;
  request: BuildRequest;
  embeddings: EmbeddingsSpec;
  /** Heap the build may use; beyond it the worker ends and the build fails, the bot does not. */
  maxHeapMb: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * How long a build's thread waits for another build before it ends. Reloads come in runs (an
 * admin uploads a document, asks a question to check it, fixes it and uploads again; a sync and
 * its reload; FAQs saved one after another), often tens of seconds apart: a waiting thread starts
 * the next build at once, where a new one first spends most of a second of CPU importing the
 * build's libraries (a reload of the shipped documents: 0.3 s instead of 1.7 s). The waiting
 * thread holds about 50 MB (the shipped documents: 272 MB for the bot instead of 224 MB); after
 * the wait it ends and its memory with it, so a bot that is only answering questions does not
 * keep the build's memory. At 5 s most such runs missed the thread, and the test suite, which
 * reloads throughout, started ten of them a run instead of two (about 10 s of its CPU).
 */
const BUILD_THREAD_IDLE_MS = 60_000;
/**
 * After a build of more chunks than this the thread ends at once instead: a build that big takes
 * many seconds, which the import hardly changes, and what it leaves in the thread until its next
 * collection (the HNSW graph among it) would add to the peak while the bot reads the new
 * snapshot. The shipped documents make about 100 chunks; the bench corpus, 23,000.
 */
const KEEP_THREAD_MAX_CHUNKS = 5_000;

/**
 * The build thread's young generation, in MB (V8 gives a thread 48 by default: two 16 MB halves
 * and room for large new objects). A build allocates steadily and keeps little of it, and each
 * half is resident once it has been used, so a small one costs little time and keeps the
 * process's peak down: building the 20k-chunk bench, 307-328 MB instead of 343-378, in about
 * the same time.
 */
const BUILD_YOUNG_GENERATION_MB = 12;

// One thread per script and heap limit (a bot has one): its builds run one after another.
const pools = new Map<string, Piscina<BuildTask, BuildResult>>();
// Why a pool was dropped, for the builds it still held.
const failures = new WeakMap<Piscina<BuildTask, BuildResult>, unknown>();

async function poolFor(key: string, script: string, maxHeapMb: number): Promise<Piscina<BuildTask, BuildResult>> {
  // Loaded at the first build: a bot that opens its saved snapshot never needs it.
  const { Piscina } = await import('piscina');
  let pool = pools.get(key);
  if (!pool) {
    pool = new Piscina({
      filename: script,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: BUILD_THREAD_IDLE_MS,
      // Between builds the thread waits on messages, not blocked in Atomics.wait.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: BUILD_YOUNG_GENERATION_MB },
    });
    // A thread that fails before it takes a build (the build's code did not load, or overran the
    // heap while loading) would leave that build waiting: the pool is dropped, which fails it.
    const dropped = pool;
    pool.on('error', (error: unknown) => {
      failures.set(dropped, error);
      if (pools.get(key) === dropped) pools.delete(key);
      void dropped.destroy();
    });
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Runs one build in a worker thread, the one left from a recent build when there is one;
 * rejects when the build throws or its thread fails (a thread that fails is not used again).
 * After a large build, resolves once its thread has ended.
 */
export async function buildInWorker(options: WorkerBuildOptions): Promise<BuildOutcome> {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', ([done, total]: Progress) => options.onProgress?.(done, total));
  const key = `${options.maxHeapMb} ${options.script}`;
  let pool: Piscina<BuildTask, BuildResult> | undefined;
  try {
    pool = await poolFor(key, options.script, options.maxHeapMb);
    const task: BuildTask = { request: options.request, embeddings: options.embeddings, progress: port2 };
    const { outcome, chunks } = await pool.run(task, { transferList: [port2] });
    if (chunks > KEEP_THREAD_MAX_CHUNKS) {
      if (pools.get(key) === pool) pools.delete(key);
      await pool.close();
    }
    return outcome;
  } catch (error) {
    throw (pool && failures.get(pool)) ?? error;
  } finally {
    port1.close();
  }
}
