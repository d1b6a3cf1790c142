import type { Clock } from '../core/clock.js';
import { DocumentError, IndexError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import type { EmbeddingsChoice } from '../retrieval/create-embeddings.js';
import { KnowledgeIndex, contentHash } from './knowledge-index.js';
import { loadDocuments, readBinaryDocuments, scanDirectory } from './load-directory.js';
import { readSynonyms, SYNONYMS_FILE, type Synonym } from './synonyms.js';
import type { LoadWarning } from './types.js';
import { SIDE_META_SUFFIX } from './side-meta.js';

/** The documents a list of warnings left out: those not marked as loaded, side files aside. */
export function skippedDocuments(warnings: LoadWarning[]): string[] {
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
   * Rebuilds off the serving path and swaps. Fails, keeping the old snapshot, when a
   * document that loaded before no longer loads or nothing loads at all; concurrent calls share one run.
   */
  reload(): Promise<ReloadReport> {
    this.reloading ??= this.build({ initial: false }).finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    await this.reloading?.catch(() => undefined);
  }

  private async build(options: { initial: boolean; onProgress?: (done: number, total: number) => void }): Promise<ReloadReport> {
    const started = performance.now();
    const previous = this.snapshot;
    const before = new Map((previous?.documents ?? []).map((d) => [d.path, d.hash]));
    const seconds = () => Math.round((performance.now() - started) / 10) / 100;
    try {
      // Office and PDF files are read only when the index is rebuilt, not when it is reused.
      const scan = await scanDirectory(this.options.knowledgeDir, { readBinary: false });
      await this.loadSynonyms();
      const hash = contentHash(scan.files, this.options.embeddings.id);
      let next = previous?.contentHash === hash ? previous : await KnowledgeIndex.load(this.options.indexDir, hash);
      const reused = next !== undefined;
      if (!next) {
        await readBinaryDocuments(scan.files);
        const { documents, warnings } = loadDocuments(scan.files);
        const allWarnings = [...scan.warnings, ...warnings];
        const broken = allWarnings.filter((w) => !w.loaded && before.has(w.path));
        if (!options.initial && broken.length > 0) {
          return this.failed(`${broken.length} document(s) that loaded before no longer load`, broken, seconds());
        }
        if (documents.length === 0) {
          return this.failed(`no document could be loaded from ${this.options.knowledgeDir}`, allWarnings, seconds());
        }
        next = await KnowledgeIndex.build({
          documents,
          warnings: allWarnings,
          contentHash: hash,
          embeddings: this.options.embeddings.embeddings,
          embeddingsId: this.options.embeddings.id,
          onProgress: options.onProgress,
        });
        await next.save(this.options.indexDir);
      }
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
        unsupported: scan.unsupported.filter((p) => p !== SYNONYMS_FILE),
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
