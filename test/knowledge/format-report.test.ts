import { describe, expect, it } from 'vitest';
import { formatReloadReport } from '../../src/knowledge/format-report.js';
import type { ReloadReport } from '../../src/knowledge/knowledge-base.js';

const REPORT: ReloadReport = {
  ok: true,
  reused: false,
  added: ['housing/rents.xlsx'],
  changed: ['checkin/notice.md', 'general/bus.md'],
  removed: [],
  documents: 41,
  chunks: 612,
  warnings: [],
  skipped: [],
  unsupported: [],
  seconds: 2.4,
};

describe('a reload report in the terminal', () => {
  it('says how many documents and chunks loaded, in what time, and what changed', () => {
    expect(formatReloadReport(REPORT)).toBe('reloaded in 2.4 s: 41 documents, 612 chunks\nadded 1, changed 2, removed 0');
  });

  it('says so when nothing changed', () => {
    expect(formatReloadReport({ ...REPORT, reused: true, added: [], changed: [] }).split('\n')[1]).toBe('added 0, changed 0, removed 0 (no change)');
  });

  it('names each file that was skipped or has a problem, with its line when known, and why', () => {
    const text = formatReloadReport({
      ...REPORT,
      skipped: ['general/gym.md'],
      warnings: [
        { path: 'general/gym.md', line: 2, message: 'front matter is not valid YAML' },
        { path: 'forms/scan.pdf', message: 'no text: scanned? run OCR first' },
      ],
    });
    expect(text.split('\n').slice(2)).toEqual(['  general/gym.md:2: front matter is not valid YAML', '  forms/scan.pdf: no text: scanned? run OCR first']);
  });

  it('says a failed reload left the previous index serving, and why it failed', () => {
    expect(formatReloadReport({ ...REPORT, ok: false, error: 'disk full' })).toBe('reload failed, the previous index keeps serving: disk full');
    expect(formatReloadReport({ ...REPORT, ok: false })).toBe('reload failed, the previous index keeps serving: unknown error');
  });
});
