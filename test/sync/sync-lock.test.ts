import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncBusyError } from '../../src/core/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { runSync } from '../../src/sync/run-sync.js';
import { SYNC_LOCK, takeSyncLock } from '../../src/sync/sync-lock.js';

describe('one sync at a time, across processes', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sync-lock-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses while another live process holds the lock, and names it', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, SYNC_LOCK), String(other.pid));
      expect(() => takeSyncLock(dataDir)).toThrow(new SyncBusyError(`a sync is already running (process ${other.pid}); wait for it to finish`));
      await expect(runSync({ urls: ['http://127.0.0.1:9/list.html'], knowledgeDir: dataDir, dataDir }, { log: createLogger({ level: 'silent' }) })).rejects.toThrow(SyncBusyError);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died, and releases it', () => {
    writeFileSync(join(dataDir, SYNC_LOCK), '2147483646');
    const release = takeSyncLock(dataDir);
    expect(readFileSync(join(dataDir, SYNC_LOCK), 'utf8')).toBe(String(process.pid));
    expect(() => takeSyncLock(dataDir)).toThrow(SyncBusyError);
    release();
    expect(existsSync(join(dataDir, SYNC_LOCK))).toBe(false);
  });
});
