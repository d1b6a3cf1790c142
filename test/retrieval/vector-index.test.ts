import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/retrieval/vector-index.js';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return xs.map((x) => x / n);
};

describe('the vector index', () => {
  it('finds the nearest items by cosine similarity, best first, and never more than it holds', () => {
    const index = VectorIndex.create(3, 3);
    index.add([unit(1, 0, 0), unit(0, 1, 0)], 0);
    index.add([unit(1, 1, 0)], 2);
    const hits = index.search(unit(1, 0.1, 0), 10);
    expect(hits.map((h) => h.index)).toEqual([0, 2, 1]);
    expect(hits[0]!.score).toBeGreaterThan(0.99);
    expect(hits[2]!.score).toBeLessThan(0.2);
    expect(VectorIndex.create(3, 1).search(unit(1, 0, 0), 5)).toEqual([]);
  });

  it('reads back from its file what it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vectors-'));
    try {
      const index = VectorIndex.create(2, 2);
      index.add([unit(1, 0), unit(0, 1)], 0);
      index.write(join(dir, 'vectors.hnsw'));
      const read = await VectorIndex.read(join(dir, 'vectors.hnsw'), 2);
      expect(read.size).toBe(2);
      expect(read.search(unit(0.1, 1), 1).map((h) => h.index)).toEqual([1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
