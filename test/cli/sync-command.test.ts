import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncCommand, type SyncFlags } from '../../src/cli/sync-command.js';
import { SyncError } from '../../src/core/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeHrSite } from '../sync/fake-hr-site.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'dist', 'src', 'cli.js');

/** Runs the command with stdout (and stderr) captured; the logger writes JSON lines to `logs`. */
async function run(urls: string[], flags: SyncFlags, options: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const wasTty = process.stderr.isTTY;
  process.stderr.isTTY = options.tty ?? false;
  try {
    const code = await syncCommand(urls, flags, createLogger({ level: 'info', destination }));
    return { code, out: out.join(''), err: err.join(''), logs };
  } finally {
    process.stderr.isTTY = wasTty;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('onboarding-bot sync', () => {
  const site = new FakeHrSite();
  let knowledge: string;
  let data: string;
  const flags = (): SyncFlags => ({ knowledge, data, maxPages: '50', concurrency: '2', delay: '0', timeout: '0.5', maxSize: '1', reload: true });

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

  it('prints the report, logs one line per page off a terminal, says no bot runs to reload, and exits 0 although some pages failed', async () => {
    const { code, out, logs } = await run([site.url('/hr/bszn/index.html'), site.url('/hr/tzgg/index.html')], flags());
    expect(code).toBe(0);
    expect(out).toMatch(/^同步完成：新增 11，更新 0，未变 0，删除 0，失败 3/);
    expect(out).toContain('失败 ' + site.url('/hr/tzgg/2025/0701-missing.html') + '：HTTP 404');
    expect(out).toContain('没有正在运行的机器人');
    const perPage = logs.filter((l) => ['synced', 'list page', 'sync failed', 'skipped by robots.txt'].includes(String(l.msg)));
    expect(perPage.map((l) => l.url).sort()).toEqual([...new Set(perPage.map((l) => l.url))].sort());
    expect(perPage.filter((l) => l.msg === 'synced')).toHaveLength(11);
    expect(perPage.filter((l) => l.msg === 'list page')).toHaveLength(4);
  });

  it('draws a progress bar on a terminal instead of the per-page lines', async () => {
    const { code, err, logs } = await run([site.url('/hr/bszn/index.html')], flags(), { tty: true });
    expect(code).toBe(0);
    expect(err).toMatch(/同步 \[[█░]+\] \d+\/\d+/);
    expect(logs.filter((l) => l.msg === 'not modified' || l.msg === 'synced')).toEqual([]);
  });

  it('rejects a third concurrent request with the flag to change', async () => {
    await expect(syncCommand([site.url('/hr/bszn/index.html')], { ...flags(), concurrency: '3' }, createLogger({ level: 'silent' }))).rejects.toThrow(SyncError);
  });
});

describe('onboarding-bot sync beside a running bot', () => {
  const site = new FakeHrSite();
  let sandbox: string;
  let bot: ChildProcess | undefined;

  beforeAll(async () => {
    await site.start();
    sandbox = await mkdtemp(join(tmpdir(), 'sync-cli-bot-'));
    // One small hand-written document keeps the bot's start and reload quick.
    await mkdir(join(sandbox, 'knowledge'));
    await writeFile(join(sandbox, 'knowledge', 'handwritten.md'), '# 手写的说明\n\n人事秘书手写的报到提示。\n');
  });
  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot!.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    await site.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('a bot started with --sync-every syncs on its own and reloads; the sync command then reloads it too', async () => {
    const knowledge = join(sandbox, 'knowledge');
    const data = join(sandbox, 'data');
    bot = spawn(process.execPath, [CLI, 'start', '--knowledge', knowledge, '--data', data, '--sync-every', '6h'], {
      // The web server on a free loopback port is what keeps a bot without a terminal running.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', SYNC_URLS: site.url('/hr/bszn/index.html'), SYNC_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    const logged = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!logs.includes(text)) return;
          bot!.stdout!.off('data', check);
          resolve();
        };
        bot!.stdout!.on('data', check);
        bot!.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${logs}`)));
        check();
      });
    bot.stdout!.on('data', (d: Buffer) => (logs += d.toString('utf8')));
    // The first turn of the schedule runs at start: the 办事指南 column (its big file is within
    // the default 20 MB limit), then a reload.
    await logged('"why":"sync"');
    // `reload` takes the next report the bot writes as its answer; let this one be written first.
    await logged('"msg":"reloaded in');
    expect(logs).toMatch(/"added":8,"changed":0,"removed":0,"failed":0,"msg":"sync done"/);

    const { code, out } = await run([site.url('/hr/tzgg/index.html')], { knowledge, data, maxPages: '50', concurrency: '2', delay: '0', timeout: '0.5', maxSize: '1', reload: true });
    expect(code).toBe(0);
    expect(out).toMatch(/^同步完成：新增 4/);
    // The bot's own report of the reload it did on the signal: three new notices in, the fourth (a
    // page of filler) named with its warning.
    expect(out).toMatch(/^reloaded in [\d.]+ s: 11 documents, \d+ chunks\nadded 3, changed 0, removed 0$/m);
    expect(out).toMatch(/hr\/tzgg\/2025\/0703-huge\.html:1: HTML page has no readable text/);
  });
});
