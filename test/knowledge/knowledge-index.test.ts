import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS_PER_DOCUMENT } from '../../src/knowledge/chunker.js';
import { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';
import { canonical } from '../../src/retrieval/tokenizer.js';
import { HOUSING, smallIndex } from '../answer/small-index.js';

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
    const generated = Array.from({ length: 60_000 }, (_, i) => `## 第 ${i} 项\n内容 ${i}`).join('\n');
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
