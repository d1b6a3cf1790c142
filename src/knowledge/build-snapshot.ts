import type { EmbeddingsChoice } from '../retrieval/create-embeddings.js';
import { ExtractedTextCache } from './extracted-text-cache.js';
import { KnowledgeIndex, contentHash } from './knowledge-index.js';
import { loadDocuments, readBinaryDocuments, scanDirectory, type ScanResult } from './load-directory.js';
import type { LoadWarning } from './types.js';

/** What a build needs to know; plain data, so it can be sent to a worker thread. */
export interface BuildRequest {
  knowledgeDir: string;
  indexDir: string;
  /** The serving snapshot's content hash: unchanged documents keep it. */
  currentHash?: string;
  /** Documents of the serving snapshot by path: a reload that loses one of them fails. */
  before: Record<string, string>;
  initial: boolean;
  /** Where the text read out of Office and PDF files is kept between builds (see ExtractedTextCache). */
  extractedDir?: string;
}

/** How the build ended. A new snapshot is saved in `indexDir` before `saved` is reported. */
export type BuildOutcome =
  | { kind: 'unchanged' | 'saved' | 'on-disk'; hash: string; unsupported: string[] }
  | { kind: 'failed'; error: string; warnings: LoadWarning[] };

/**
 * Scans the documents (Office and PDF files unread) and hashes them: `reuse` says whether the
 * serving snapshot or the one on disk still fits them; without it, they need a new build.
 */
export async function checkSnapshots(request: BuildRequest, embeddingsId: string): Promise<{ scan: ScanResult; hash: string; reuse?: BuildOutcome }> {
  const scan = await scanDirectory(request.knowledgeDir, { readBinary: false });
  const hash = contentHash(scan.files, embeddingsId);
  if (hash === request.currentHash) return { scan, hash, reuse: { kind: 'unchanged', hash, unsupported: scan.unsupported } };
  if ((await KnowledgeIndex.storedHash(request.indexDir)) === hash) return { scan, hash, reuse: { kind: 'on-disk', hash, unsupported: scan.unsupported } };
  return { scan, hash };
}

/**
 * Scans the documents and decides: keep the serving snapshot, read the one on disk, or build
 * and save a new one. Runs in a worker thread in the bot; the caller loads what was saved.
 * `built` hands back the index too, for callers that build in their own thread.
 */
export async function buildSnapshot(
  request: BuildRequest,
  embeddings: EmbeddingsChoice,
  onProgress?: (done: number, total: number) => void,
): Promise<{ outcome: BuildOutcome; built?: KnowledgeIndex }> {
  const { scan, hash, reuse } = await checkSnapshots(request, embeddings.id);
  if (reuse) return { outcome: reuse };
  const cache = request.extractedDir === undefined ? undefined : await ExtractedTextCache.open(request.extractedDir);
  await readBinaryDocuments(scan.files, cache);
  await cache?.prune();
  const { documents, warnings } = loadDocuments(scan.files);
  const allWarnings = [...scan.warnings, ...warnings];
  const broken = allWarnings.filter((w) => !w.loaded && Object.hasOwn(request.before, w.path));
  if (!request.initial && broken.length > 0) {
    return { outcome: { kind: 'failed', error: `${broken.length} document(s) that loaded before no longer load`, warnings: broken } };
  }
  if (documents.length === 0) {
    return { outcome: { kind: 'failed', error: `no document could be loaded from ${request.knowledgeDir}`, warnings: allWarnings } };
  }
  const built = await KnowledgeIndex.build({
    documents,
    warnings: allWarnings,
    contentHash: hash,
    embeddings: embeddings.embeddings,
    embeddingsId: embeddings.id,
    onProgress,
  });
  await built.save(request.indexDir);
  return { outcome: { kind: 'saved', hash, unsupported: scan.unsupported }, built };
}
