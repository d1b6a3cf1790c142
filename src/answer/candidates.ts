import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import type { HybridRetriever, Passage } from '../retrieval/hybrid-retriever.js';
import type { Analysis } from './analysis.js';
import { typeHints } from './question-type.js';
import { splitUnits, type Unit } from './units.js';

/** A unit that might answer, with where its chunk stood in each retrieval list. */
export interface Candidate {
  unit: Unit;
  passage: Passage;
  /** Rank of the chunk after fusion, 0 first. */
  fusedRank: number;
  /** Rank among the retrieved chunks by BM25 and by vector similarity; -1 when that list did not find it. */
  bm25Rank: number;
  vectorRank: number;
}

/** Retrieves the question's passages: the second stage, and the only one that waits (an embeddings endpoint may be remote). */
export function retrievePassages(retriever: HybridRetriever, index: KnowledgeIndex, analysis: Analysis, topK: number): Promise<Passage[]> {
  return retriever.search({ text: analysis.text, context: analysis.context, hints: typeHints(analysis.types) }, topK, index);
}

/** The retrieved passages split into candidate units. */
export function candidatesOf(passages: Passage[]): Candidate[] {
  const rankBy = (key: 'bm25' | 'vector') => {
    const ranked = passages.filter((p) => p[key] > 0).sort((a, b) => b[key] - a[key]);
    return new Map(ranked.map((p, i) => [p.chunk.id, i]));
  };
  const bm25 = rankBy('bm25');
  const vector = rankBy('vector');
  return passages.flatMap((passage, fusedRank) =>
    splitUnits(passage.chunk).map((unit) => ({
      unit,
      passage,
      fusedRank,
      bm25Rank: bm25.get(passage.chunk.id) ?? -1,
      vectorRank: vector.get(passage.chunk.id) ?? -1,
    })),
  );
}
