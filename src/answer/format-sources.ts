import type { Source } from '../core/types.js';
import type { Chunk } from '../knowledge/types.js';

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
