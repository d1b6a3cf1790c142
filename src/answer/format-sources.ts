import type { Source } from '../core/types.js';

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
