import type { ReloadReport } from './knowledge-base.js';

/** A reload report as plain lines, for the terminal and the CLI. Chat replies use templates. */
export function formatReloadReport(r: ReloadReport): string {
  const lines = r.ok
    ? [
        `reloaded in ${r.seconds} s: ${r.documents} documents, ${r.chunks} chunks`,
        `added ${r.added.length}, changed ${r.changed.length}, removed ${r.removed.length}${r.reused ? ' (no change)' : ''}`,
      ]
    : [`reload failed, the previous index keeps serving: ${r.error ?? 'unknown error'}`];
  for (const w of r.warnings) lines.push(`  ${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  return lines.join('\n');
}
