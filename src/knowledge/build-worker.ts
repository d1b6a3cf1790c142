/**
 * The build that runs in a worker thread (build-in-worker.ts), so a reload never blocks the
 * thread that answers questions. The thread may run several builds, one after another; a build
 * keeps nothing here, and the thread ends when no build has come for a while.
 */
import { constants, setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { silentLogger } from '../logging/logger.js';
import { embeddingsFromSpec, type EmbeddingsSpec } from '../retrieval/create-embeddings.js';
import { buildSnapshot, type BuildOutcome, type BuildRequest } from './build-snapshot.js';

/** Documents done and in all, posted while a build runs. */
export type Progress = [done: number, total: number];

export interface BuildTask {
  request: BuildRequest;
  embeddings: EmbeddingsSpec;
  /** Where progress goes; closed when the build ends. */
  progress: MessagePort;
}

// The thread answering questions comes first. Only on Linux is a thread's nice value its own;
// elsewhere this would lower the whole process, for good, so other systems build at normal
// priority. Where Linux refuses, the build runs at normal priority too.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // Not permitted here; nothing else depends on it.
  }
}

/** How the build ended, and how many chunks it built (none when it kept a snapshot). */
export interface BuildResult {
  outcome: BuildOutcome;
  chunks: number;
}

export default async function build({ request, embeddings, progress }: BuildTask): Promise<BuildResult> {
  try {
    const choice = await embeddingsFromSpec(embeddings, silentLogger());
    const { outcome, built } = await buildSnapshot(request, choice, (done, total) => progress.postMessage([done, total] satisfies Progress));
    return { outcome, chunks: built?.chunks.length ?? 0 };
  } finally {
    progress.close();
  }
}
