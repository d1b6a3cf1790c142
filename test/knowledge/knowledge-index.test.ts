import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS_PER_DOCUMENT } from '../../src/knowledge/chunker.js';
import { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';
import { canonical } from '../../src/retrieval/tokenizer.js';
import { HOUSING, smallIndex } from '../answer/small-index.js';
import { soakSize } from '../soak.js';

describe('the index snapshot', () => {
  it('tells whether a text occurs anywhere, the same when asked again', async () => {
    const { index } = await smallIndex({ 'housing/apartment.md': HOUSING });
    for (let round = 0; round < 2; round++) {
      expect(index.mentions(canonical('周转公寓'))).toBe(true);
      expect(index.mentions(canonical('停车月卡'))).toBe(false);
    }
  });
});

describe('a document over the chunk limit', () => {
  it('is cut with a warning naming it, and the other documents keep their chunks', async () => {
    // The 60,000 headings in CI; twice the limit in an everyday run.
    const generated = Array.from({ length: soakSize(60_000, 2 * MAX_CHUNKS_PER_DOCUMENT) }, (_, i) => `## 第 ${i} 项\n内容 ${i}`).join('\n');
    const doc = (path: string, body: string) => ({ path, format: 'markdown' as const, title: path, body, bodyLine: 1, hash: path });
    const embeddings = new LocalEmbeddings();
    const index = await KnowledgeIndex.build({
      documents: [doc('generated.md', generated), doc('housing.md', HOUSING)],
      warnings: [],
      contentHash: 'test',
      embeddings,
      embeddingsId: embeddings.id,
    });
    expect(index.chunks.filter((c) => c.docPath === 'generated.md')).toHaveLength(MAX_CHUNKS_PER_DOCUMENT);
    expect(index.chunks.filter((c) => c.docPath === 'housing.md').length).toBeGreaterThan(0);
    expect(index.warnings).toEqual([{ path: 'generated.md', loaded: true, message: expect.stringMatching(/^cut after 3000 chunks/) }]);
  });
});

describe('a saved snapshot', () => {
  async function saved() {
    const { index } = await smallIndex({ 'housing/apartment.md': HOUSING, 'checkin/guide.md': '# 报到\n\n报到地点在行政楼 101。\n\n报到时间为 9 月 1 日。' });
    const dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
    await index.save(dir);
    return { index, dir };
  }

  it('reads back with the same chunks, search results and words', async () => {
    const { index, dir } = await saved();
    const again = await KnowledgeIndex.load(dir, index.contentHash);
    expect(again?.chunks).toEqual(index.chunks);
    const terms = new Map([['周转', 1], ['公寓', 1]]);
    expect(again?.bm25.search(terms, 3)).toEqual(index.bm25.search(terms, 3));
    expect(again?.mentions(canonical('行政楼'))).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back a chunks file longer than several reads, Chinese characters cut between reads included', async () => {
    const body = Array.from({ length: 900 }, (_, i) => `## 第 ${i} 项 周转公寓\n申请周转公寓需提交人事处审批表，租金每月 ${i} 元，入住前到后勤处办理钥匙交接手续。`).join('\n');
    const embeddings = new LocalEmbeddings();
    const index = await KnowledgeIndex.build({
      documents: [{ path: 'housing/long.md', format: 'markdown', title: '周转公寓', body, bodyLine: 1, hash: 'long' }],
      warnings: [],
      contentHash: 'long',
      embeddings,
      embeddingsId: embeddings.id,
    });
    const dir = await mkdtemp(join(tmpdir(), 'snapshot-'));
    await index.save(dir);
    expect((await stat(join(dir, 'chunks.jsonl'))).size).toBeGreaterThan(2 * 65_536);
    const again = await KnowledgeIndex.load(dir, index.contentHash);
    expect(again?.chunks).toEqual(index.chunks);
    expect(again?.mentions(canonical('租金每月 899 元'))).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back a chunk whose line is longer than the read buffer', async () => {
    const { index, dir } = await saved();
    const file = join(dir, 'chunks.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const long = { ...JSON.parse(lines[0]!), text: '周转公寓租金说明。'.repeat(20_000) };
    await writeFile(file, [JSON.stringify(long), ...lines.slice(1)].join('\n'));
    const again = await KnowledgeIndex.load(dir, index.contentHash);
    expect(again?.chunks[0]).toEqual(long);
    expect(again?.chunks.slice(1)).toEqual(index.chunks.slice(1));
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused as damaged, without an unhandled error, when its files are missing or from different builds', async () => {
    const { index, dir } = await saved();
    const other = await smallIndex({ 'housing/apartment.md': HOUSING });
    const otherDir = await mkdtemp(join(tmpdir(), 'snapshot-'));
    await other.index.save(otherDir);
    await copyFile(join(otherDir, 'bm25.bin'), join(dir, 'bm25.bin'));
    await copyFile(join(otherDir, 'bm25.json'), join(dir, 'bm25.json'));
    await expect(KnowledgeIndex.load(dir, index.contentHash)).rejects.toThrow(/damaged/);
    await rm(join(dir, 'chunks.jsonl'));
    await rm(join(dir, 'vectors.hnsw'));
    await expect(KnowledgeIndex.load(dir, index.contentHash)).rejects.toThrow(/damaged/);
    await rm(dir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  });
});
