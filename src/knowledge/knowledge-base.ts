import type { Clock } from '../core/clock.js';
import { DocumentError, IndexError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import type { EmbeddingsChoice } from '../retrieval/create-embeddings.js';
import { buildInWorker, workerScript } from './build-in-worker.js';
import { buildSnapshot, checkSnapshots, type BuildRequest } from './build-snapshot.js';
import { KnowledgeIndex } from './knowledge-index.js';
import { readSynonyms, SYNONYMS_FILE, type Synonym } from './synonyms.js';
import type { LoadWarning } from './types.js';
import { SIDE_META_SUFFIX } from './side-meta.js';

/** The documents a list of warnings left out: those not marked as loaded, side files aside. */
function skippedDocuments(warnings: LoadWarning[]): string[] {
  return [...new Set(warnings.filter((w) => !w.loaded && !w.path.endsWith(SIDE_META_SUFFIX) && w.path !== SYNONYMS_FILE).map((w) => w.path))];
}

/** What a (re)load did, for the admin who asked for it. */
export interface ReloadReport {
  ok: boolean;
  /** True when the documents were unchanged and the snapshot was kept (or read from disk). */
  reused: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  documents: number;
  chunks: number;
  warnings: LoadWarning[];
  /** Documents that did not load (each has a warning saying why). */
  skipped: string[];
  /** File types the bot does not read. */
  unsupported: string[];
  seconds: number;
  /** Why the reload failed; the previous index keeps serving. */
  error?: string;
}

export interface KnowledgeBaseOptions {
  knowledgeDir: string;
  indexDir: string;
  embeddings: EmbeddingsChoice;
  log: Logger;
  clock: Clock;
  /**
   * Heap a build may use in its worker thread (default 1024 MB); a build that needs more fails
   * and the old index keeps serving. Builds run in a worker whenever the embeddings can be made
   * there (`embeddings.spec`) and the compiled worker script exists.
   */
  buildHeapMb?: number;
  /** Where builds keep the text read out of Office and PDF files, to read only changed ones again. */
  extractedDir?: string;
}

/**
 * Holds the serving snapshot and replaces it atomically. Readers take `current()` once per
 * question; a reload builds the next snapshot beside it and swaps the reference at the end.
 */
export class KnowledgeBase {
  private snapshot: KnowledgeIndex | undefined;
  private reloading: Promise<ReloadReport> | undefined;
  private words: readonly Synonym[] = [];
  private wordsProblem: LoadWarning | undefined;
  lastReload: { at: Date; report: ReloadReport } | undefined;
  /** The one run queued behind `reloading`, shared by every call that arrives during it. */
  private queued: Promise<ReloadReport> | undefined;

  constructor(private readonly options: KnowledgeBaseOptions) {}

  get knowledgeDir(): string {
    return this.options.knowledgeDir;
  }

  get embeddings(): EmbeddingsChoice['embeddings'] {
    return this.options.embeddings.embeddings;
  }

  get embeddingsId(): string {
    return this.options.embeddings.id;
  }

  /** The admin's synonyms (`synonyms.yaml`), read with the documents; a broken file keeps the previous ones. */
  get synonyms(): readonly Synonym[] {
    return this.words;
  }

  /** Why the synonyms file was not taken at the last (re)load, if it was not. */
  get synonymsProblem(): LoadWarning | undefined {
    return this.wordsProblem;
  }

  current(): KnowledgeIndex {
    if (!this.snapshot) throw new IndexError('the knowledge base is not loaded yet');
    return this.snapshot;
  }

  /** First load: the snapshot on disk when it matches the documents, else a fresh build. Bad files are skipped. */
  async open(onProgress?: (done: number, total: number) => void): Promise<ReloadReport> {
    const report = await this.build({ initial: true, onProgress });
    if (!report.ok) throw new IndexError(report.error ?? 'the knowledge base could not be loaded');
    return report;
  }

  /**
   * Rebuilds in a worker thread and swaps. Fails, keeping the old snapshot, when a
   * document that loaded before no longer loads or nothing loads at all. A call during a run
   * may come from files changed after that run read them (a sync that just finished), so it
   * gets the next run, which all calls during the same run share.
   */
  reload(): Promise<ReloadReport> {
    if (this.reloading) {
      this.queued ??= this.reloading
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.reload();
        });
      return this.queued;
    }
    this.reloading = this.build({ initial: false }).finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    await this.reloading?.catch(() => undefined);
    await this.queued?.catch(() => undefined);
  }

  private async build(options: { initial: boolean; onProgress?: (done: number, total: number) => void }): Promise<ReloadReport> {
    const started = performance.now();
    const previous = this.snapshot;
    const before = new Map((previous?.documents ?? []).map((d) => [d.path, d.hash]));
    const seconds = () => Math.round((performance.now() - started) / 10) / 100;
    try {
      await this.loadSynonyms();
      const request: BuildRequest = {
        knowledgeDir: this.options.knowledgeDir,
        indexDir: this.options.indexDir,
        currentHash: previous?.contentHash,
        before: Object.fromEntries(before),
        initial: options.initial,
        extractedDir: this.options.extractedDir,
      };
      const { outcome, built } = await this.runBuild(request, options.onProgress);
      if (outcome.kind === 'failed') return this.failed(outcome.error, outcome.warnings, seconds());
      // Only parsing the saved snapshot happens on this thread; questions meanwhile read the old one.
      const next = outcome.kind === 'unchanged' ? previous : (built ?? (await KnowledgeIndex.load(this.options.indexDir, outcome.hash)));
      if (!next) throw new IndexError(`the index saved in ${this.options.indexDir} does not match the documents`);
      const reused = outcome.kind !== 'saved';
      const after = new Map(next.documents.map((d) => [d.path, d.hash]));
      const report: ReloadReport = {
        ok: true,
        reused,
        added: [...after.keys()].filter((p) => !before.has(p)),
        changed: [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p)),
        removed: [...before.keys()].filter((p) => !after.has(p)),
        documents: next.documents.length,
        chunks: next.chunks.length,
        warnings: this.wordsProblem ? [...next.warnings, this.wordsProblem] : next.warnings,
        skipped: skippedDocuments(next.warnings),
        unsupported: outcome.unsupported.filter((p) => p !== SYNONYMS_FILE),
        seconds: seconds(),
      };
      if (options.initial) report.added = [];
      this.snapshot = next;
      this.record(report);
      this.options.log.info({ documents: report.documents, chunks: report.chunks, reused, seconds: report.seconds }, 'knowledge loaded');
      return report;
    } catch (error) {
      if (options.initial) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.error({ err: error }, 'reload failed; the previous index keeps serving');
      return this.failed(message, [], seconds());
    }
  }

  /** In a worker thread when possible, so the thread answering questions never waits on a build. */
  private async runBuild(request: BuildRequest, onProgress?: (done: number, total: number) => void) {
    const spec = this.options.embeddings.spec;
    const script = spec ? workerScript() : undefined;
    if (!spec || !script) return buildSnapshot(request, this.options.embeddings, onProgress);
    if (request.initial) {
      // No question is answered before the first load, so the check whether the snapshot on
      // disk fits may run here: a worker thread would spend most of a second importing the
      // build's libraries only to say so.
      const { reuse } = await checkSnapshots(request, this.options.embeddings.id);
      if (reuse) return { outcome: reuse, built: undefined };
    }
    const outcome = await buildInWorker({ script, request, embeddings: spec, maxHeapMb: this.options.buildHeapMb ?? 1024, onProgress });
    return { outcome, built: undefined };
  }

  private failed(error: string, warnings: LoadWarning[], seconds: number): ReloadReport {
    const report: ReloadReport = {
      ok: false, reused: false, added: [], changed: [], removed: [],
      documents: this.snapshot?.documents.length ?? 0, chunks: this.snapshot?.chunks.length ?? 0,
      unsupported: [], warnings, skipped: skippedDocuments(warnings), seconds, error,
    };
    this.record(report);
    return report;
  }

  private async loadSynonyms(): Promise<void> {
    try {
      this.words = (await readSynonyms(this.options.knowledgeDir)).synonyms;
      this.wordsProblem = undefined;
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      this.wordsProblem = { path: SYNONYMS_FILE, line: error.line, message: error.message.replace(/^[^:]+(:\d+)?: /, ''), loaded: true };
      this.options.log.warn({ line: error.line }, 'synonyms.yaml has a problem; the previous synonyms stay in use');
    }
  }

  private record(report: ReloadReport): void {
    this.lastReload = { at: this.options.clock.now(), report };
  }
}
