/**
 * The worker thread that builds an index snapshot, so a reload never blocks the thread that
 * answers questions. It posts progress, then one outcome, and ends; its memory ends with it.
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { silentLogger } from '../logging/logger.js';
import { embeddingsFromSpec, type EmbeddingsSpec } from '../retrieval/create-embeddings.js';
import { buildSnapshot, type BuildOutcome, type BuildRequest } from './build-snapshot.js';

export type WorkerMessage = { progress: [number, number] } | { outcome: BuildOutcome };

const port = parentPort;
if (!port) throw new Error('build-worker runs as a worker thread; KnowledgeBase starts it');
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
const { request, embeddings } = workerData as { request: BuildRequest; embeddings: EmbeddingsSpec };
const { outcome } = await buildSnapshot(request, await embeddingsFromSpec(embeddings, silentLogger()), (done, total) =>
  port.postMessage({ progress: [done, total] } satisfies WorkerMessage),
);
port.postMessage({ outcome } satisfies WorkerMessage);
