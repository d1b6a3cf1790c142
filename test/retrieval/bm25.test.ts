import { describe, expect, it } from 'vitest';
import { Bm25, buildBm25, decodeBm25, encodeBm25 } from '../../src/retrieval/bm25.js';

const CHUNKS = [
  ['报到', '材料', '身份证', '报到'],
  ['周转', '公寓', '租金', '押金'],
  ['公积金', '缴存', '比例'],
  ['报到', '时间', '地点'],
];

describe('BM25 over tokenised chunks', () => {
  const index = new Bm25(buildBm25(CHUNKS));

  it('ranks the chunks that hold the rarer and more frequent terms first', () => {
    const hits = index.search(new Map([['报到', 1], ['材料', 1]]), 3);
    expect(hits.map((h) => h.index)).toEqual([0, 3]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('returns at most the limit, ignores unknown and zero-weight terms, and leaves no score behind', () => {
    expect(index.search(new Map([['报到', 1]]), 1)).toHaveLength(1);
    expect(index.search(new Map([['食堂', 1], ['租金', 0]]), 5)).toEqual([]);
    const first = index.search(new Map([['押金', 1]]), 5);
    expect(index.search(new Map([['押金', 1]]), 5)).toEqual(first);
  });

  it('gives a rare term a higher IDF than a common one, and survives saving', () => {
    expect(index.df('报到')).toBe(2);
    expect(index.idf('公积金')).toBeGreaterThan(index.idf('报到'));
    expect(index.idf('食堂')).toBeGreaterThan(index.idf('公积金'));
    const { header, block } = encodeBm25(index.toData());
    const reopened = new Bm25(decodeBm25(header, block));
    expect(reopened.search(new Map([['公寓', 1]]), 2)).toEqual(index.search(new Map([['公寓', 1]]), 2));
    expect(reopened.idf('报到')).toBe(index.idf('报到'));
  });

  it('reads a block that does not start on a 4-byte boundary, and refuses one that does not fit its header', () => {
    const { header, block } = encodeBm25(index.toData());
    const shifted = Buffer.alloc(block.length + 1);
    block.copy(shifted, 1);
    expect(new Bm25(decodeBm25(header, shifted.subarray(1))).df('报到')).toBe(2);
    expect(() => decodeBm25(header, block.subarray(4))).toThrow(/does not match/);
  });

  it('refuses a saved block that names a chunk it does not count', async () => {
    const { header, block } = encodeBm25(index.toData());
    const damaged = Buffer.from(block);
    // The first posting id sits after the lengths (4 chunks) and the offsets (terms + 1).
    const terms = (JSON.parse(header) as { terms: string[] }).terms.length;
    damaged.writeInt32LE(99, (4 + terms + 1) * 4);
    const pauses = { due: () => false, pause: async () => undefined };
    await expect(Bm25.open(decodeBm25(header, damaged), pauses)).rejects.toThrow(/does not count/);
    await expect(Bm25.open(decodeBm25(header, block), pauses)).resolves.toBeInstanceOf(Bm25);
  });
});
