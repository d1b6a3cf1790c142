import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench-corpus.js';
import { buildInWorker, workerScript } from '../../src/knowledge/build-in-worker.js';
import type { BuildRequest } from '../../src/knowledge/build-snapshot.js';
import { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';

const root = mkdtempSync(join(tmpdir(), 'build-thread-'));
const knowledgeDir = join(root, 'kb');
generateCorpus({ dir: knowledgeDir, seed: 11, markdownDocs: 6, newsDocs: 0, htmlDocs: 0 });
afterAll(() => rm(root, { recursive: true, force: true }));

// The compiled worker is what runs; `npm test` builds it first.
const script = workerScript()!;
const request = (indexDir: string, currentHash?: string): BuildRequest => ({ knowledgeDir, indexDir, currentHash, before: {}, initial: currentHash === undefined });
const build = (indexDir: string, options: { currentHash?: string; maxHeapMb?: number } = {}) => {
  const progress: number[] = [];
  const outcome = buildInWorker({
    script,
    request: request(indexDir, options.currentHash),
    embeddings: { kind: 'local' },
    maxHeapMb: options.maxHeapMb ?? 1024,
    onProgress: (done) => progress.push(done),
  });
  return { outcome, progress };
};
const addLine = (line: string) => {
  const file = readdirSync(knowledgeDir, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.md'))!;
  appendFileSync(join(file.parentPath, file.name), `\n\n## 补充\n\n${line}\n`);
};

describe('index builds in a worker thread', () => {
  it('builds one after another, each seeing the files as they are then, and a failed build does not spoil the next', async () => {
    expect(script, 'run `npm run build` first').toBeDefined();
    const indexDir = join(root, 'index');
    const first = build(indexDir);
    const firstOutcome = await first.outcome;
    expect(firstOutcome.kind).toBe('saved');
    expect(first.progress.length).toBeGreaterThan(0);
    const firstHash = firstOutcome.kind === 'saved' ? firstOutcome.hash : '';

    // Right after: the thread the first build left runs this one, and reads the edit.
    addLine('周转公寓的钥匙在后勤服务大厅领取。');
    const second = await build(indexDir, { currentHash: firstHash }).outcome;
    expect(second.kind).toBe('saved');
    const secondHash = second.kind === 'saved' ? second.hash : '';
    expect(secondHash).not.toBe(firstHash);
    const saved = await KnowledgeIndex.load(indexDir, secondHash);
    expect(saved?.chunks.some((c) => c.text.includes('周转公寓的钥匙'))).toBe(true);

    // Where the snapshot goes is a file now: saving fails in the thread, with the reason.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, 'not a folder');
    addLine('人事档案的转递需要调档函。');
    await expect(build(join(blocked, 'index')).outcome).rejects.toThrow(/ENOTDIR|not a directory|EEXIST/);

    const after = await build(indexDir, { currentHash: secondHash }).outcome;
    expect(after.kind).toBe('saved');
    const latest = await KnowledgeIndex.load(indexDir, after.kind === 'saved' ? after.hash : '');
    expect(latest?.chunks.some((c) => c.text.includes('调档函'))).toBe(true);
  });

  it('fails a build whose thread runs out of heap, saying so, and the next build gets a new thread', async () => {
    await expect(build(join(root, 'starved'), { maxHeapMb: 4 }).outcome).rejects.toThrow(/memory/);
    await expect(build(join(root, 'starved'), { maxHeapMb: 4 }).outcome).rejects.toThrow(/memory/);
    expect((await build(join(root, 'fed')).outcome).kind).toBe('saved');
  });
});
