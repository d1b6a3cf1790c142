import { reloadErrorText, warningText } from '../prompts/messages.js';
import type { Templates } from '../prompts/templates.js';

/** The parts of the knowledge base's reload report an admin reads. */
export interface ReloadSummary {
  ok: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  documents: number;
  chunks: number;
  warnings: Array<{ path: string; line?: number; message: string; loaded?: boolean }>;
  skipped: string[];
  seconds: number;
  error?: string;
}

/** The admin's reply to a reload: a summary, or why it failed and that the old index still serves. */
export function describeReload(templates: Templates, r: ReloadSummary): string {
  const list = r.warnings.map((w) => `· ${warningText(w)}${w.loaded ? '' : '（未加载）'}`).join('\n');
  if (!r.ok) return templates.render('reload-failed', { error: reloadErrorText(r.error ?? ''), list });
  return templates.render('reload-report', {
    seconds: r.seconds.toFixed(1),
    added: r.added.length,
    changed: r.changed.length,
    removed: r.removed.length,
    documents: r.documents,
    skipped: r.skipped.length,
    chunks: r.chunks,
    warnings: list ? templates.render('reload-warnings', { list }) : '',
  });
}
