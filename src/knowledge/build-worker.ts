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
// The thread answering questions comes first: on Linux a thread's nice value is its own, so
// this lowers the build alone. Where the system refuses, the build runs at normal priority.
try {
  setPriority(constants.priority.PRIORITY_LOW);
} catch {
  // Not permitted here; nothing else depends on it.
}
const { request, embeddings } = workerData as { request: BuildRequest; embeddings: EmbeddingsSpec };
const { outcome } = await buildSnapshot(request, await embeddingsFromSpec(embeddings, silentLogger()), (done, total) =>
  port.postMessage({ progress: [done, total] } satisfies WorkerMessage),
);
port.postMessage({ outcome } satisfies WorkerMessage);
