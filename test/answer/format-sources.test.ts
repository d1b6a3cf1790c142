import { describe, expect, it } from 'vitest';
import { dedupeSources, formatSources, sourceOf } from '../../src/answer/format-sources.js';
import type { Chunk } from '../../src/knowledge/types.js';

describe('how a reply names its sources', () => {
  it('names each document once, the best-scored citation kept', () => {
    const a = { path: 'checkin/guide.md', title: '报到指南', heading: '材料', score: 0.9 };
    const b = { path: 'checkin/guide.md', title: '报到指南', heading: '地点', score: 0.5 };
    const c = { path: 'housing/apartment.md', title: '周转公寓', score: 0.4 };
    expect(dedupeSources([a, b, c])).toEqual([a, c]);
  });

  it('reads on a phone as 《title》, its update date and its address, one source after another', () => {
    expect(
      formatSources([
        { path: 'checkin/guide.md', title: '报到指南', updated: '2026-07-08', url: 'https://hr.example.edu.cn/bd.htm', score: 1 },
        { path: 'housing/apartment.md', title: '周转公寓', score: 0.5 },
      ]),
    ).toBe('《报到指南》（2026-07-08 更新） https://hr.example.edu.cn/bd.htm；《周转公寓》');
  });

  it('cites a chunk by its document, with its headings as one path', () => {
    const chunk = { docPath: 'payroll/pay.md', title: '工资发放', headings: ['起薪', '新进人员'], url: undefined, updated: '2026-06-01' } as unknown as Chunk;
    expect(sourceOf(chunk, 0.7)).toEqual({ path: 'payroll/pay.md', title: '工资发放', heading: '起薪 / 新进人员', url: undefined, updated: '2026-06-01', score: 0.7 });
    expect(sourceOf({ ...chunk, headings: [] }, 0.7).heading).toBeUndefined();
  });
});
