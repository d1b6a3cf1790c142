import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/analysis.js';
import { candidatesOf, retrievePassages } from '../../src/answer/candidates.js';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import type { HybridRetriever, Passage } from '../../src/retrieval/hybrid-retriever.js';
import { CHECKIN, HOUSING, smallIndex } from './small-index.js';

const passage = (id: number, text: string, bm25: number, vector: number): Passage => ({
  chunk: { id, docPath: `doc${id}.md`, title: '新教工报到须知', headings: [], text },
  score: 1 / (id + 1),
  bm25,
  vector,
});

describe('candidate units', () => {
  it('splits each passage into its sentences, in retrieval order, each knowing where its chunk stood in both lists', () => {
    // Found by vectors alone, by both, and by words alone.
    const passages = [passage(1, '报到地点在行政楼。请带身份证。', 0, 0.9), passage(2, '报到时间为8月25日。', 3.2, 0.4), passage(3, '押金2000元。', 5.1, 0)];
    const ranks = candidatesOf(passages).map((c) => [c.unit.text, c.fusedRank, c.bm25Rank, c.vectorRank]);
    expect(ranks).toEqual([
      ['报到地点在行政楼。', 0, -1, 0],
      ['请带身份证。', 0, -1, 0],
      ['报到时间为8月25日。', 1, 1, 1],
      ['押金2000元。', 2, 0, -1],
    ]);
  });

  it('has nothing to offer when nothing was retrieved', () => {
    expect(candidatesOf([])).toEqual([]);
  });
});

describe('retrieving the question’s passages', () => {
  let index: KnowledgeIndex;
  let retriever: HybridRetriever;
  beforeAll(async () => {
    ({ index, retriever } = await smallIndex({ 'housing.md': HOUSING, 'checkin.md': CHECKIN }));
  });
  const retrieve = (text: string, history: string[] = []) => retrievePassages(retriever, index, analyzeQuestion(index, { text, history }), 4);

  it('puts the document that holds the asked fact first', async () => {
    const passages = await retrieve('周转公寓押金交多少');
    expect(passages[0]!.chunk.docPath).toBe('housing.md');
    expect(passages.length).toBeLessThanOrEqual(4);
  });

  it('follows the earlier message’s topic for a follow-up that does not name it', async () => {
    expect((await retrieve('那在哪里办'))[0]!.chunk.docPath).toBe('housing.md');
    expect((await retrieve('那在哪里办', ['新教工报到有什么要求']))[0]!.chunk.docPath).toBe('checkin.md');
  });
});
