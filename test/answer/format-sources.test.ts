import { describe, expect, it } from 'vitest';
import { dedupeSources, formatSources, rankSources, sourceOf } from '../../src/answer/format-sources.js';
import type { ScoredUnit } from '../../src/answer/units.js';
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

  it('lists first the documents the ranker finds likeliest to hold the answer, not the ones retrieval put first', () => {
    const retrieved = [
      { path: 'news/2025-welcome.txt', title: '迎新见闻', score: 1 },
      { path: 'housing/apartment.md', title: '周转公寓管理办法', score: 0.8 },
      { path: 'housing/subsidy.md', title: '租房补贴发放说明', score: 0.6 },
      { path: 'checkin/guide.md', title: '报到指南', score: 0.5 },
    ];
    const unit = (docPath: string, probability: number) => ({ unit: { chunk: { docPath } }, probability }) as unknown as ScoredUnit;
    // The apartment rules hold two likely units; the news story one less likely than either.
    const ranked = [unit('housing/apartment.md', 0.4), unit('news/2025-welcome.txt', 0.3), unit('housing/apartment.md', 0.2), unit('housing/subsidy.md', 0.1)];
    const order = rankSources(retrieved, ranked);
    expect(order.map((s) => s.path)).toEqual(['housing/apartment.md', 'news/2025-welcome.txt', 'housing/subsidy.md', 'checkin/guide.md']);
    expect(order.map((s) => s.score)).toEqual([expect.closeTo(0.6), 0.3, 0.1, 0]);
    // Equal chances keep retrieval's order.
    expect(rankSources(retrieved, []).map((s) => s.path)).toEqual(retrieved.map((s) => s.path));
  });
});
