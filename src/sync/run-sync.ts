import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import { crawl, scopeOf, type CrawlDeps } from './crawler.js';
import { syncOptionsSchema, type SyncOptionsInput } from './options.js';
import { removeDocument } from './site-files.js';
import { takeSyncLock } from './sync-lock.js';
import { emptyReport, syncReportSchema, type SyncReport } from './sync-report.js';
import { SyncState } from './sync-state.js';

/** The last run's report, beside the database, for whoever wants to show it. */
const SYNC_REPORT_FILE = 'last-sync.json';

export interface RunSyncDeps {
  log: Logger;
  signal?: AbortSignal;
  onPage?: CrawlDeps['onPage'];
  onQueued?: CrawlDeps['onQueued'];
}

/**
 * One sync of the department site into `knowledge/site/`: crawl, then deal with documents the
 * site no longer has — listed as gone, or deleted with `prune` when the crawl was complete.
 * Holds `data/sync.lock` while it runs; throws SyncBusyError when another sync holds it.
 */
export function runSync(input: SyncOptionsInput, deps: RunSyncDeps): Promise<SyncReport> {
  let release: () => void;
  try {
    const options = parseOptions(input);
    release = takeSyncLock(options.dataDir);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return runLocked(input, deps).finally(release);
}

/** As `runSync`, for a caller that already holds the lock. */
export async function runLocked(input: SyncOptionsInput, deps: RunSyncDeps): Promise<SyncReport> {
  const options = parseOptions(input);
  const log = deps.log.child({ module: 'sync' });
  const state = new SyncState(options.dataDir);
  const report = emptyReport();
  try {
    const run = state.beginRun();
    const { complete } = await crawl(options, { state, log, report, run, signal: deps.signal, onPage: deps.onPage, onQueued: deps.onQueued });
    // Documents of list pages this run was not given (another column, synced by another run) are not its to judge.
    const inRun = scopeOf(options);
    // An old address that redirected to a page the run reached still names that page's file; the file is not gone.
    const held = state.pathsSeen(run);
    const notReached = state.unseen(run);
    for (const doc of notReached) if (held.has(doc.path!)) state.delete(doc.url);
    const unseen = notReached.filter((doc) => !held.has(doc.path!) && (doc.kind === 'attachment' && doc.page ? inRun(doc.page, 'article') : inRun(doc.url, doc.kind)));
    if (options.prune && !complete && unseen.length > 0) {
      report.pruneHeld = '本次抓取不完整（列表页失败或达到 --max-pages），为免误删，保留了未抓到的文档';
    }
    for (const doc of unseen) {
      if (options.prune && complete) {
        await removeDocument(options.knowledgeDir, doc.path!);
        state.delete(doc.url);
        report.removed.push(doc.path!);
        log.info({ url: doc.url, path: doc.path }, 'removed');
      } else {
        report.gone.push(doc.path!);
      }
    }
    report.finishedAt = new Date().toISOString();
    state.finishRun(run, report);
    const tmp = join(options.dataDir, `${SYNC_REPORT_FILE}.tmp`);
    await writeFile(tmp, JSON.stringify(report, null, 2));
    await rename(tmp, join(options.dataDir, SYNC_REPORT_FILE));
    return report;
  } finally {
    state.close();
  }
}

function parseOptions(input: SyncOptionsInput) {
  const parsed = syncOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new SyncError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** The report `runSync` left in `dataDir`, or undefined before the first sync (or if it is unreadable). */
export async function readLastSyncReport(dataDir: string): Promise<SyncReport | undefined> {
  const text = await readFile(join(dataDir, SYNC_REPORT_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return syncReportSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}
