import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncCommand } from '../../src/cli/sync-command.js';
import { SyncError } from '../../src/core/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeHrSite } from '../sync/fake-hr-site.js';

describe('onboarding-bot sync', () => {
  const site = new FakeHrSite();
  let knowledge: string;
  let data: string;
  const flags = () => ({ knowledge, data, maxPages: '50', concurrency: '2', delay: '0', timeout: '1', maxSize: '1', reload: true });

  beforeAll(async () => {
    await site.start();
    knowledge = await mkdtemp(join(tmpdir(), 'sync-cli-kb-'));
    data = await mkdtemp(join(tmpdir(), 'sync-cli-data-'));
  });
  afterAll(async () => {
    await site.stop();
    await rm(knowledge, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  it('prints the report, says no bot runs to reload, and exits 0 although the 404, the slow page and the huge file failed', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    try {
      const code = await syncCommand([site.url('/hr/bszn/index.html'), site.url('/hr/tzgg/index.html')], flags(), createLogger({ level: 'silent' }));
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = out.join('');
    expect(text).toMatch(/^同步完成：新增 11，更新 0，未变 0，删除 0，失败 3/);
    expect(text).toContain('失败 ' + site.url('/hr/tzgg/2025/0701-missing.html') + '：HTTP 404');
    expect(text).toContain('没有正在运行的机器人');
  });

  it('rejects a third concurrent request with the flag to change', async () => {
    await expect(syncCommand([site.url('/hr/bszn/index.html')], { ...flags(), concurrency: '3' }, createLogger({ level: 'silent' }))).rejects.toThrow(SyncError);
  });
});
