import { SingleBar, Presets } from 'cli-progress';
import { z } from 'zod';
import { SyncError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import { runSync } from '../sync/run-sync.js';
import { formatSyncReport, hasChanges } from '../sync/sync-report.js';
import { requestReload, runningBotPid } from './reload-command.js';

export interface SyncFlags {
  knowledge: string;
  data: string;
  include?: string[];
  exclude?: string[];
  maxPages: string;
  concurrency: string;
  delay: string;
  timeout: string;
  maxSize: string;
  prune?: boolean;
  reload: boolean;
}

const flagsSchema = z.object({
  maxPages: z.coerce.number().int().min(1, '--max-pages: expected a whole number ≥ 1'),
  concurrency: z.coerce.number().int().min(1).max(2, '--concurrency: at most 2'),
  delay: z.coerce.number().min(0, '--delay: expected seconds ≥ 0'),
  timeout: z.coerce.number().min(0.1, '--timeout: expected seconds ≥ 0.1'),
  maxSize: z.coerce.number().min(1, '--max-size: expected megabytes ≥ 1'),
});

/**
 * `onboarding-bot sync <url>…`: one sync, a progress bar on a terminal (a log line per page
 * otherwise), the report on stdout, then the running bot reloads. Returns the exit code.
 */
export async function syncCommand(urls: string[], flags: SyncFlags, logger: Logger): Promise<number> {
  const parsed = flagsSchema.safeParse(flags);
  if (!parsed.success) throw new SyncError(parsed.error.issues.map((i) => i.message).join('; '));
  const numbers = parsed.data;
  const bar = process.stderr.isTTY ? new SingleBar({ format: '同步 [{bar}] {value}/{total} {url}', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : undefined;
  let total = 0;
  bar?.start(0, 0, { url: '' });
  const report = await runSync(
    {
      urls,
      knowledgeDir: flags.knowledge,
      dataDir: flags.data,
      include: flags.include ?? [],
      exclude: flags.exclude ?? [],
      maxPages: numbers.maxPages,
      concurrency: numbers.concurrency,
      delayMs: Math.round(numbers.delay * 1000),
      timeoutMs: Math.round(numbers.timeout * 1000),
      maxBytes: Math.round(numbers.maxSize * 1024 * 1024),
      prune: flags.prune ?? false,
    },
    {
      // With a bar on screen, per-page log lines would tear it; warnings still go through.
      log: bar ? logger.child({}, { level: 'warn' }) : logger,
      onQueued: () => bar?.setTotal((total += 1)),
      onPage: (url) => bar?.increment({ url }),
    },
  ).finally(() => bar?.stop());
  process.stdout.write(`${formatSyncReport(report)}\n`);
  // A page that fails is named in the report; only a site that could not be read at all fails the command.
  const status = report.listPages === 0 ? 1 : 0;
  if (!flags.reload || !hasChanges(report)) return status;
  if ((await runningBotPid(flags.data)) === undefined) {
    process.stdout.write('没有正在运行的机器人；下次启动时会读入同步的文档。\n');
    return status;
  }
  return Math.max(status, await requestReload(flags.data, 120_000));
}
