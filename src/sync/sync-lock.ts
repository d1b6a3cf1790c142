import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyncBusyError } from '../core/errors.js';

export const SYNC_LOCK = 'sync.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `data/sync.lock` for this process, so the bot's schedule, the admin page's button and
 * `onboarding-bot sync` never crawl into the same state at once. A lock left by a process that
 * died (kill -9) is taken over. Written by hand: the lock-file libraries judge staleness by
 * age, and a sync may rightly run for an hour. Returns the release function.
 */
export function takeSyncLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SYNC_LOCK);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new SyncBusyError(`a sync is already running (process ${holder}); wait for it to finish`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new SyncBusyError(`${file} keeps coming back; another sync is starting`);
}
