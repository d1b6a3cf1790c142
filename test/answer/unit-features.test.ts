import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/analysis.js';
import type { Question } from '../../src/answer/answerer.js';
import { prepare, type Prepared } from '../../src/answer/stages.js';
import { UNIT_FEATURE_NAMES } from '../../src/answer/unit-features.js';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import type { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { CHECKIN, HOUSING, smallIndex } from './small-index.js';

describe('unit features', () => {
  let index: KnowledgeIndex;
  let retriever: HybridRetriever;
  beforeAll(async () => {
    ({ index, retriever } = await smallIndex({ 'housing.md': HOUSING, 'checkin.md': CHECKIN }));
  });
  const featuresOf = async (question: Question, unitText: string): Promise<Record<string, number>> => {
    const prepared: Prepared = await prepare(index, retriever, question, 8);
    const i = prepared.candidates.findIndex((c) => c.unit.text.includes(unitText));
    expect(i, `no candidate contains ${unitText}`).toBeGreaterThanOrEqual(0);
    return Object.fromEntries(UNIT_FEATURE_NAMES.map((name, j) => [name, prepared.features[i]![j]!]));
  };

  it('has one value per named feature, all finite', async () => {
    const prepared = await prepare(index, retriever, { text: '押金多少', history: [] }, 8);
    expect(prepared.candidates.length).toBeGreaterThan(0);
    for (const f of prepared.features) {
      expect(f).toHaveLength(UNIT_FEATURE_NAMES.length);
      expect([...f].every(Number.isFinite)).toBe(true);
    }
    expect(new Set(UNIT_FEATURE_NAMES).size).toBe(UNIT_FEATURE_NAMES.length);
  });

  it('tells the sentence that states the asked amount from its neighbours', async () => {
    const q = { text: '周转公寓押金交多少', history: [] };
    const deposit = await featuresOf(q, '押金2000元');
    const term = await featuresOf(q, '租期最长3年');
    expect(deposit.unit_coverage).toBeGreaterThan(term.unit_coverage!);
    expect(deposit.fits_amount).toBe(1);
    expect(term.type_missing).toBe(1);
    expect(deposit.coverage_gap).toBe(0);
    expect(term.coverage_gap!).toBeLessThan(0);
  });

  it('pairs what a unit states with the kind of question asked, so training can learn which answers which', async () => {
    const amount = await featuresOf({ text: '周转公寓押金交多少', history: [] }, '押金2000元');
    expect(amount.states_amount).toBe(1);
    expect(amount.asks_amount_states_amount).toBe(1);
    // Stated, but not asked about in that way: the pair is off.
    expect(amount.asks_when_states_amount).toBe(0);
    const how = await featuresOf({ text: '周转公寓押金怎么交', history: [] }, '押金2000元');
    expect(how.asks_how_states_amount).toBe(1);
    expect(how.asks_amount_states_amount).toBe(0);
  });

  it('counts words found only in the headings apart from words in the unit', async () => {
    const f = await featuresOf({ text: '报到材料有哪些', history: [] }, '居民身份证原件');
    expect(f.heading_coverage).toBeGreaterThan(0);
    expect(f.is_item).toBe(1);
    expect(f.materials_list).toBe(1);
  });

  it('tells how much of what a unit matches came from the earlier message', async () => {
    const followUp = await featuresOf({ text: '那押金呢', history: ['周转公寓怎么申请'] }, '押金2000元');
    expect(followUp.history_share).toBeGreaterThan(0);
    expect(followUp.history_topic).toBeGreaterThan(0);
    const alone = await featuresOf({ text: '周转公寓押金多少', history: [] }, '押金2000元');
    expect(alone.history_share).toBe(0);
  });

  it('flags a unit whose chunk never mentions the HR term the question names', async () => {
    const analysis = analyzeQuestion(index, { text: '周转公寓办理地点', history: [] });
    expect(analysis.anchors).toContain('周转公寓');
    const f = await featuresOf({ text: '周转公寓办理地点', history: [] }, '集中报到时间');
    expect(f.off_topic).toBe(1);
  });
});
