import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbeddingsSpec } from '../retrieval/create-embeddings.js';
import type { BuildOutcome, BuildRequest } from './build-snapshot.js';
import type { WorkerMessage } from './build-worker.js';

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

/** Runs one build in a fresh worker thread; rejects when the worker fails or ends without an outcome. */
export function buildInWorker(options: WorkerBuildOptions): Promise<BuildOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.script, {
      workerData: { request: options.request, embeddings: options.embeddings },
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
    });
    let outcome: BuildOutcome | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) options.onProgress?.(...message.progress);
      else outcome = message.outcome;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (outcome) resolve(outcome);
      else reject(new Error(`the index build worker stopped (exit code ${code}) before it finished`));
    });
  });
}
