import { Hono } from 'hono';
import { z } from 'zod';
import { SyncBusyError, SyncError } from '../../../core/errors.js';
import type { Logger } from '../../../logging/logger.js';
import type { SiteSync } from '../../../sync/site-sync.js';
import { explainReason, type SyncReport } from '../../../sync/sync-report.js';
import { HttpError, longPollWait, readQuery } from '../http-error.js';
import { signedIn, type Env } from './context.js';

/** A report for the page: failures and skips carry their reason in plain Chinese beside the crawler's. */
function forPage(report: SyncReport | undefined) {
  if (!report) return null;
  const explain = (items: SyncReport['failed']) => items.map((i) => ({ ...i, explained: explainReason(i.reason) }));
  return { ...report, failed: explain(report.failed), skipped: explain(report.skipped) };
}

const statusQuery = z.object({
  /** While a run goes on, how long to wait for it to end; absent, no wait. */
  wait: longPollWait,
});

/** The admin page's website sync: the last run's report, and "sync now". */
export function syncRoutes({ siteSync, log, inboxWaitSeconds }: { siteSync: SiteSync; log: Logger; inboxWaitSeconds: number }): Hono<Env> {
  const routes = new Hono<Env>();

  routes.get('/admin/sync', signedIn('admin'), async (c) => {
    const { wait } = readQuery(c, statusQuery);
    if (wait) await siteSync.settled(Math.min(wait, inboxWaitSeconds) * 1000, c.req.raw.signal);
    const status = await siteSync.status();
    return c.json({ ...status, last: forPage(status.last) });
  });

  // Answers at once: a crawl may take minutes, and the page waits for its end with `?wait=`.
  routes.post('/admin/sync', signedIn('admin'), async (c) => {
    let run: Promise<SyncReport>;
    try {
      run = siteSync.start();
    } catch (error) {
      if (error instanceof SyncBusyError) throw new HttpError(409, error.message, { code: 'busy' });
      if (error instanceof SyncError) throw new HttpError(409, error.message, { code: siteSync.configured ? 'stopping' : 'not-configured' });
      throw error;
    }
    log.info('sync started from the admin page');
    run.catch((err: unknown) => log.error({ err }, 'sync from the admin page failed'));
    const status = await siteSync.status();
    return c.json({ ...status, last: forPage(status.last) }, 202);
  });

  return routes;
}
