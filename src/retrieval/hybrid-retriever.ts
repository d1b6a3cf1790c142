import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import type { Chunk } from '../knowledge/types.js';
import type { KnowledgeIndex } from '../knowledge/knowledge-index.js';
import { tokenize } from './tokenizer.js';

/** A retrieved chunk with its fused score and the lexical score it came with. */
export interface Passage {
  chunk: Chunk;
  score: number;
  bm25: number;
  vector: number;
}

export interface RetrievalQuery {
  text: string;
  /** Earlier messages; their words count at half weight. */
  context?: string[];
  /** Extra words at low weight (e.g. "日期" for a "when" question). */
  hints?: string[];
}

// Reciprocal rank fusion constant: large enough that one list's top rank does not dominate.
const RRF_K = 60;

export interface HybridRetrieverInput extends BaseRetrieverInput {
  snapshot: () => KnowledgeIndex;
  embeddings: Embeddings;
  k?: number;
}

/** BM25 over Chinese words fused with vector search, as a LangChain retriever. */
export class HybridRetriever extends BaseRetriever {
  lc_namespace = ['onboarding_bot', 'retrieval'];
  private readonly snapshot: () => KnowledgeIndex;
  private readonly embeddings: Embeddings;
  private readonly k: number;

  constructor(fields: HybridRetrieverInput) {
    super(fields);
    this.snapshot = fields.snapshot;
    this.embeddings = fields.embeddings;
    this.k = fields.k ?? 8;
  }

  async search(query: RetrievalQuery, k = this.k, index = this.snapshot()): Promise<Passage[]> {
    const weights = new Map<string, number>();
    for (const t of tokenize(query.text)) weights.set(t, (weights.get(t) ?? 0) + 1);
    for (const t of (query.context ?? []).flatMap(tokenize)) weights.set(t, (weights.get(t) ?? 0) + 0.5);
    for (const t of query.hints ?? []) weights.set(t, (weights.get(t) ?? 0) + 0.3);
    const pool = Math.max(k * 4, 20);
    const lexical = index.bm25.search(weights, pool);
    const vectorText = [...(query.context ?? []), query.text].join('\n');
    // A remote embeddings endpoint that fails mid-service leaves BM25 to answer alone.
    const queryVector = await this.embeddings.embedQuery(vectorText).catch(() => undefined);
    const semantic = queryVector && queryVector.length === index.vectors.dimensions ? index.vectors.search(queryVector, pool) : [];
    const fused = new Map<number, Passage>();
    const entry = (i: number) => {
      let p = fused.get(i);
      if (!p) fused.set(i, (p = { chunk: index.chunks[i]!, score: 0, bm25: 0, vector: 0 }));
      return p;
    };
    lexical.forEach((hit, rank) => {
      const p = entry(hit.index);
      p.score += 1 / (RRF_K + rank);
      p.bm25 = hit.score;
    });
    semantic.forEach((hit, rank) => {
      const p = entry(hit.index);
      p.score += 1 / (RRF_K + rank);
      p.vector = hit.score;
    });
    return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, k);
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const passages = await this.search({ text: query });
    return passages.map(
      (p) =>
        new Document({
          pageContent: p.chunk.text,
          metadata: {
            chunkId: p.chunk.id,
            path: p.chunk.docPath,
            title: p.chunk.title,
            heading: p.chunk.headings.join(' / ') || undefined,
            url: p.chunk.url,
            updated: p.chunk.updated,
            score: p.score,
          },
        }),
    );
  }
}
