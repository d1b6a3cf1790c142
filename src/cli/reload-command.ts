import { readFile, stat } from 'node:fs/promises';
import { watch } from 'node:fs';
import { join } from 'node:path';
import type { ReloadReport } from '../knowledge/knowledge-base.js';
import { formatReloadReport } from '../knowledge/format-report.js';

export const PID_FILE = 'bot.pid';
export const REPORT_FILE = 'last-reload.json';

/** The pid of the bot running on this data directory, if one is alive. */
export async function runningBotPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(join(dataDir, PID_FILE), 'utf8')).trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * `onboarding-bot reload`: signals the bot that runs on this data directory (SIGHUP, the
 * daemon convention) and prints the report it writes when the reload is done.
 */
export async function requestReload(dataDir: string, timeoutMs: number): Promise<number> {
  const pid = await runningBotPid(dataDir);
  if (pid === undefined) {
    process.stderr.write(`onboarding-bot: no running bot found for ${dataDir} (${join(dataDir, PID_FILE)} is missing or stale); start it with "npm start"\n`);
    return 1;
  }
  const reportPath = join(dataDir, REPORT_FILE);
  const before = await stat(reportPath).then((s) => s.mtimeMs).catch(() => 0);
  const done = new Promise<ReloadReport>((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the bot (pid ${pid}) did not report within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const watcher = watch(dataDir, async () => {
      const mtime = await stat(reportPath).then((s) => s.mtimeMs).catch(() => 0);
      if (mtime <= before) return;
      try {
        const report = JSON.parse(await readFile(reportPath, 'utf8')) as ReloadReport;
        clearTimeout(timer);
        watcher.close();
        resolve(report);
      } catch {
        // The file is being replaced; the next change event reads it whole.
      }
    });
  });
  process.kill(pid, 'SIGHUP');
  try {
    const report = await done;
    process.stdout.write(`${formatReloadReport(report)}\n`);
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`onboarding-bot: ${(error as Error).message}\n`);
    return 1;
  }
}
