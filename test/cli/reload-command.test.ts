import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { PID_FILE, REPORT_FILE, requestReload, runningBotPid } from '../../src/cli/reload-command.js';
import type { ReloadReport } from '../../src/knowledge/knowledge-base.js';

const REPORT: ReloadReport = {
  ok: true, reused: false, added: ['faq/parking.md'], changed: [], removed: [], documents: 21, chunks: 97,
  warnings: [{ path: 'general/gym.md', line: 3, message: 'unknown category "sports"', loaded: true }], skipped: [], unsupported: [], seconds: 0.4,
};

// A stand-in for the bot: on SIGHUP it writes `report` (when given) as the bot does, whole, by renaming.
const STAND_IN = `
const fs = require('node:fs'), path = require('node:path');
const [dir, report] = process.argv.slice(1);
process.on('SIGHUP', () => {
  if (!report) return;
  fs.writeFileSync(path.join(dir, 'report.tmp'), report);
  fs.renameSync(path.join(dir, 'report.tmp'), path.join(dir, '${REPORT_FILE}'));
});
setInterval(() => {}, 60_000);
process.stdout.write('ready');
`;

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reload-cmd-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts the stand-in bot on `dir` and writes its pid where the bot would; it stops when the test ends. */
async function standIn(dir: string, report?: ReloadReport): Promise<number> {
  const child = spawn(process.execPath, ['-e', STAND_IN, dir, report ? JSON.stringify(report) : ''], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  });
  await once(child.stdout!, 'data');
  await writeFile(join(dir, PID_FILE), String(child.pid));
  return child.pid!;
}

/** Runs the command with stdout and stderr captured. */
async function reload(dir: string, timeoutMs = 5000) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    return { code: await requestReload(dir, timeoutMs), out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('onboarding-bot reload', () => {
  it('signals the bot on the data directory and prints the report it writes', async () => {
    const dir = await dataDir();
    const pid = await standIn(dir, REPORT);
    expect(await runningBotPid(dir)).toBe(pid);
    const { code, out } = await reload(dir);
    expect(code).toBe(0);
    expect(out).toBe('reloaded in 0.4 s: 21 documents, 97 chunks\nadded 1, changed 0, removed 0\n  general/gym.md:3: unknown category "sports"\n');
  });

  it('exits 1 when the bot reports that the reload failed', async () => {
    const dir = await dataDir();
    await standIn(dir, { ...REPORT, ok: false, error: 'checkin/notice.md no longer loads' });
    const { code, out } = await reload(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/^reload failed, the previous index keeps serving: checkin\/notice\.md no longer loads/);
  });

  it('says how to start the bot when none runs there, or its pid file is stale', async () => {
    const dir = await dataDir();
    expect(await reload(dir)).toMatchObject({ code: 1, err: expect.stringMatching(/no running bot found .*start it with "npm start"/) });
    // Above the largest pid Linux hands out, so no process has it.
    await writeFile(join(dir, PID_FILE), String(2 ** 22 + 1));
    expect(await runningBotPid(dir)).toBeUndefined();
    expect((await reload(dir)).code).toBe(1);
  });

  it('gives up when the bot does not report in time', async () => {
    const dir = await dataDir();
    const pid = await standIn(dir);
    const { code, err } = await reload(dir, 100);
    expect(code).toBe(1);
    expect(err).toBe(`onboarding-bot: the bot (pid ${pid}) did not report within 0.1 s\n`);
  });
});
