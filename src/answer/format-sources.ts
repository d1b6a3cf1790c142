import type { Source } from '../core/types.js';
import type { Chunk } from '../knowledge/types.js';
import type { ScoredUnit } from './units.js';

/** The citation of a chunk. */
export function sourceOf(chunk: Chunk, score: number): Source {
  return {
    path: chunk.docPath,
    title: chunk.title,
    heading: chunk.headings.join(' / ') || undefined,
    url: chunk.url,
    updated: chunk.updated,
    score,
  };
}

/** One source per document, the first (best) kept. */
export function dedupeSources(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.path) && seen.add(s.path));
}

/**
 * The retrieved documents, likeliest first to hold the unit that states the fact, as the unit
 * model sees it: each scores the sum of its units' probabilities. Retrieval ranks chunks by
 * shared words; the ranker judges answers, so its order puts the right document among the
 * first three more often (docs/answering.md).
 */
export function rankSources(retrieved: Source[], ranked: ScoredUnit[]): Source[] {
  const chance = new Map<string, number>();
  for (const s of ranked) chance.set(s.unit.chunk.docPath, (chance.get(s.unit.chunk.docPath) ?? 0) + s.probability);
  // A stable sort: documents of equal chance keep retrieval's order.
  return retrieved.map((s) => ({ ...s, score: chance.get(s.path) ?? 0 })).sort((a, b) => b.score - a.score);
}

/** "《title》 · heading（2024-07-08 更新）url" for each source, as a user reads it on a phone. */
export function formatSources(sources: Source[]): string {
  return sources
    .map((s) => {
      const parts = [`《${s.title}》`];
      if (s.updated) parts.push(`（${s.updated} 更新）`);
      if (s.url) parts.push(` ${s.url}`);
      return parts.join('');
    })
    .join('；');
}
