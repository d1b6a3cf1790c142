import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config/schema.js';
import { SyncBusyError, SyncError } from '../core/errors.js';
import type { ReloadReport } from '../knowledge/knowledge-base.js';
import type { Logger } from '../logging/logger.js';
import { readLastSyncReport, runLocked } from './run-sync.js';
import type { SyncOptionsInput } from './options.js';
import { takeSyncLock } from './sync-lock.js';
import { hasChanges, type SyncReport } from './sync-report.js';

/** The sync's own options (list pages, folders, limits); no list pages means sync is not set up. */
export interface SiteSyncOptions extends SyncOptionsInput {
  dataDir: string;
  log: Logger;
  /** Reloads the running bot's knowledge; called after a run that changed something. */
  reload: () => Promise<ReloadReport>;
}

/** What the admin page shows: the last report, whether a run is going, and whether sync is set up. */
export interface SiteSyncStatus {
  configured: boolean;
  running: boolean;
  /** When the run in progress started. */
  runningSince?: string;
  last?: SyncReport;
  /** Why the last run started here stopped before writing a report. */
  lastError?: { at: string; message: string };
}

/**
 * The bot's one door to the website sync: the schedule and the admin page's "sync now" both
 * go through it, so a second run is refused while one is going (the lock in `runSync` also
 * refuses one started by `onboarding-bot sync` in another process). A run that changed
 * documents reloads the bot, as `onboarding-bot reload` does.
 */
export class SiteSync {
  private current?: Promise<SyncReport>;
  private since?: Date;
  private lastError?: { at: string; message: string };
  private readonly controller = new AbortController();

  constructor(private readonly options: SiteSyncOptions) {}

  /** One made from the `sync` settings, so every place that starts the sync reads the same keys. */
  static fromSettings(settings: Config['sync'], where: Pick<SiteSyncOptions, 'knowledgeDir' | 'dataDir' | 'log' | 'reload'>): SiteSync {
    const { urls, include, exclude, prune, delayMs } = settings;
    return new SiteSync({ urls, include, exclude, prune, delayMs, ...where });
  }

  get configured(): boolean {
    return (this.options.urls?.length ?? 0) > 0;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  async status(): Promise<SiteSyncStatus> {
    return {
      configured: this.configured,
      running: this.running,
      runningSince: this.since?.toISOString(),
      lastError: this.lastError,
      last: await readLastSyncReport(this.options.dataDir),
    };
  }

  /**
   * Resolves when the run in progress has ended, reload included (at once when none runs), or
   * after `timeoutMs`, or when `signal` aborts, whichever comes first: a long poll of the status.
   */
  async settled(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const run = this.current;
    if (!run) return;
    const done = new AbortController();
    const waited = AbortSignal.any([done.signal, ...(signal ? [signal] : [])]);
    const ignore = () => undefined;
    await Promise.race([run.then(ignore, ignore), delay(timeoutMs, undefined, { signal: waited }).catch(ignore)]);
    done.abort();
  }

  /**
   * Starts a run and returns at once with its promise. Throws SyncBusyError while a run is
   * going, SyncError when no list pages are set or the bot is stopping.
   */
  start(): Promise<SyncReport> {
    if (!this.configured) throw new SyncError('no pages to sync; set sync.urls (or SYNC_URLS, comma-separated) to the list pages of the department website');
    if (this.controller.signal.aborted) throw new SyncError('the bot is stopping');
    if (this.current) throw new SyncBusyError(`a sync is already running since ${this.since!.toISOString()}`);
    // Taken here, not in the run, so a sync of another process is refused before this returns.
    const release = takeSyncLock(this.options.dataDir);
    this.since = new Date();
    const run = this.run(release).finally(() => {
      this.current = undefined;
      this.since = undefined;
    });
    this.current = run;
    return run;
  }

  private async run(release: () => void): Promise<SyncReport> {
    const { log, reload, ...input } = this.options;
    let report: SyncReport;
    try {
      report = await runLocked(input, { log, signal: this.controller.signal });
      this.lastError = undefined;
    } catch (error) {
      this.lastError = { at: new Date().toISOString(), message: (error as Error).message };
      throw error;
    } finally {
      // The lock guards the crawl and its state; the reload below may overlap another process's sync.
      release();
    }
    log.info(
      { module: 'sync', added: report.added.length, changed: report.changed.length, removed: report.removed.length, failed: report.failed.length },
      'sync done',
    );
    if (hasChanges(report)) await reload();
    return report;
  }

  /** Aborts a run in progress and waits for it to wind down. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.current?.catch(() => undefined);
  }
}
