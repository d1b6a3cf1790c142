import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { MAX_LINE_CHARS, runAskLines } from '../../src/cli/ask-lines.js';
import { createLogger } from '../../src/logging/logger.js';
import { sampleDataDir } from '../sample-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'dist', 'src', 'cli.js');
const CONTRACT_FIELDS = ['confidence', 'escalated', 'id', 'ms', 'reason', 'reply', 'sources'];

type Line = Record<string, unknown>;

function parseLines(text: string): Line[] {
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

/** Checks one answer line against the contract in DESIGN.md, with paths relative to the knowledge dir. */
function expectContract(line: Line, knowledgeDir: string): void {
  expect(Object.keys(line).sort()).toEqual(CONTRACT_FIELDS);
  expect(line).toMatchObject({ id: expect.any(String), reply: expect.any(String), escalated: expect.any(Boolean), ms: expect.any(Number) });
  expect(line.confidence).toBeGreaterThanOrEqual(0);
  expect(line.confidence).toBeLessThanOrEqual(1);
  for (const source of line.sources as Line[]) {
    expect(Object.keys(source).sort()).toEqual(['path', 'score', 'title']);
    const path = source.path as string;
    expect(path).not.toMatch(/^\/|\\/);
    expect(existsSync(join(knowledgeDir, path)), path).toBe(true);
  }
}

describe('the ask contract', () => {
  let app: App;
  let knowledgeDir: string;
  let dataDir: string;
  beforeAll(async () => {
    knowledgeDir = await mkdtemp(join(tmpdir(), 'ask-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dataDir = await sampleDataDir('ask');
    app = await createApp({ knowledgeDir, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await rm(knowledgeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every good line and reports bad ones by id or line number, going on', async () => {
    const input = Readable.from(
      [
        '周转公寓最长能住几年',
        JSON.stringify({ id: 'q-2', text: '最长能住几年', history: ['周转公寓房租多少钱一平呀'], user: 'wang' }),
        '{"id": "q-3", "text": 报到',
        JSON.stringify({ id: 'q-4', history: [] }),
        '',
        JSON.stringify({ text: '转人工', user: 'li' }),
      ].join('\n'),
    );
    let written = '';
    const output = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });

    const result = await runAskLines((q) => app.ask(q), input, output);

    expect(result).toEqual({ answered: 3, errors: 3 });
    const lines = parseLines(written);
    expect(lines.map((l) => l.id)).toEqual(['1', 'q-2', '3', 'q-4', '5', '6']);
    const [plain, followUp, badJson, noText, blank, human] = lines as [Line, Line, Line, Line, Line, Line];
    expect(blank).toEqual({ id: '5', error: expect.stringMatching(/^line 5 is empty/) });

    expect(badJson).toEqual({ id: '3', error: expect.stringMatching(/^line 3 is not valid JSON/) });
    expect(noText).toEqual({ id: 'q-4', error: expect.stringMatching(/^line 4: "text"/) });

    for (const line of [plain, followUp, human]) expectContract(line, knowledgeDir);
    expect(plain).toMatchObject({ escalated: false, reason: null });
    expect(plain.reply).toMatch(/3年[\s\S]*📄 来源：《/);
    expect((plain.sources as Line[])[0]).toMatchObject({ title: '澄园周转公寓申请公告' });
    expect(followUp).toMatchObject({ escalated: false, reply: expect.stringContaining('3年') });
    expect(human).toMatchObject({ escalated: true, reason: 'human_request', reply: expect.stringMatching(/工单号 #[A-Z0-9]+/) });
  });

  it('ends lines at \\n or \\r\\n only, and answers an over-long line with an error without holding it', async () => {
    const huge = '报'.repeat(MAX_LINE_CHARS + 10);
    const input = Readable.from(['转人工\r\n', '转\r人工\n', huge.slice(0, 5000), huge.slice(5000), '\n转人工']);
    let written = '';
    const output = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    expect(await runAskLines((q) => app.ask(q), input, output)).toEqual({ answered: 3, errors: 1 });
    const lines = parseLines(written);
    expect(lines.map((l) => l.id)).toEqual(['1', '2', '3', '4']);
    expect(lines[1]).toMatchObject({ escalated: true });
    expect(lines[2]).toEqual({ id: '3', error: `line 3 is longer than ${MAX_LINE_CHARS} characters` });
    expect(lines[3]).toMatchObject({ escalated: true, reason: 'human_request' });
  });

  it('runs as the built CLI over stdin and stdout', { timeout: 240_000 }, async () => {
    // dist/ is compiled by the test run's global setup.
    expect(existsSync(CLI), `${CLI} is missing after the build`).toBe(true);
    const cliData = await sampleDataDir('ask-cli');
    try {
      const child = spawn(process.execPath, [CLI, 'ask', '--knowledge', knowledgeDir, '--data', cliData], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'error' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
      child.stdin.end(['调档函在哪下载', '{"id": "x" 报到', '{"id": 7}', JSON.stringify({ id: 'k', text: '我要投诉 你们效率太低了' })].join('\n') + '\n');

      expect(await exited, stderr).toBe(0);
      const lines = parseLines(stdout);
      expect(lines.map((l) => l.id)).toEqual(['1', '2', '7', 'k']);
      expectContract(lines[0]!, knowledgeDir);
      expect(lines[0]).toMatchObject({ escalated: false, reply: expect.stringContaining('电子签章系统') });
      expect(lines[1]).toEqual({ id: '2', error: expect.stringMatching(/^line 2 is not valid JSON/) });
      expect(lines[2]).toEqual({ id: '7', error: expect.stringMatching(/"text"/) });
      expectContract(lines[3]!, knowledgeDir);
      expect(lines[3]).toMatchObject({ escalated: true, reason: 'complaint' });
    } finally {
      await rm(cliData, { recursive: true, force: true });
    }
  });
});
