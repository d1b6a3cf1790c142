import { beforeAll, describe, expect, it } from 'vitest';
import { DECISION_FEATURE_NAMES } from '../../src/answer/decision-features.js';
import { IntentClassifier } from '../../src/answer/intent-classifier.js';
import { INTENT_FEATURE_NAMES } from '../../src/answer/intent.js';
import { LogisticScorer } from '../../src/answer/logistic-scorer.js';
import { judge, prepare } from '../../src/answer/stages.js';
import { UNIT_FEATURE_NAMES } from '../../src/answer/unit-features.js';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import type { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { CHECKIN, HOUSING, smallIndex } from './small-index.js';

/** A model that weighs only the named features, 1 each: enough to see the stages work together. */
const scorer = (names: readonly string[], weights: Record<string, number>) =>
  new LogisticScorer({
    features: [...names],
    mean: names.map(() => 0),
    scale: names.map(() => 1),
    weights: names.map((n) => weights[n] ?? 0),
    bias: 0,
  });

describe('decision features', () => {
  let index: KnowledgeIndex;
  let retriever: HybridRetriever;
  const silent = scorer(INTENT_FEATURE_NAMES, {});
  const models = {
    unit: scorer(UNIT_FEATURE_NAMES, { unit_coverage: 5, fits_amount: 2 }),
    intents: new IntentClassifier({ human_request: silent, personal_case: silent, complaint: silent }, 0.99),
    scope: silent,
    runnerUp: 0.5,
  };
  beforeAll(async () => {
    ({ index, retriever } = await smallIndex({ 'housing.md': HOUSING, 'checkin.md': CHECKIN }));
  });
  const decide = async (text: string, history: string[] = [], on = { index, retriever }) => {
    const verdict = judge(await prepare(on.index, on.retriever, { text, history }, 8), models, 220);
    if (verdict.kind !== 'scored') throw new Error(`expected a scored verdict, got ${verdict.kind}`);
    return { verdict, f: Object.fromEntries(DECISION_FEATURE_NAMES.map((n, i) => [n, verdict.features[i]!])) };
  };

  it('composes the reply from the unit the ranker puts first', async () => {
    const { verdict } = await decide('周转公寓押金多少钱');
    expect(verdict.reply.text).toContain('押金2000元');
    expect(Number.isNaN(verdict.probability)).toBe(true); // no decision model: training computes it
  });

  it('sees a near miss in the words no document uses', async () => {
    const covered = await decide('周转公寓押金多少钱');
    const nearMiss = await decide('周转公寓押金能刷信用卡吗');
    expect(covered.f.unknown_strong! + covered.f.unknown_weak!).toBe(0);
    expect(nearMiss.f.unknown_strong! + nearMiss.f.unknown_weak!).toBeGreaterThan(0);
  });

  it('weighs the scope model only as far as the best unit leaves the question uncovered', async () => {
    // The scope model here says 0.5 for every question; a question the documents cover keeps little of it.
    const covered = await decide('周转公寓押金多少钱');
    const nearMiss = await decide('周转公寓能养宠物吗 我有只猫');
    expect(covered.f.out_of_scope).toBeLessThan(nearMiss.f.out_of_scope!);
    expect(nearMiss.f.out_of_scope).toBeLessThanOrEqual(0.5);
  });

  it('sees an unmet kind of fact and a follow-up', async () => {
    const { f } = await decide('周转公寓押金什么时候退');
    expect(f.type_unmet).toBe(1);
    expect((await decide('那押金呢', ['周转公寓怎么申请'])).f.follow_up).toBe(1);
  });

  it('sees a second document state the value the best unit states', async () => {
    expect((await decide('周转公寓押金多少钱')).f.value_agreement).toBe(0);
    const faq = '# 新教工常见问题\n## 周转公寓的押金是多少？\n押金2000元，退房验收后原路退还。\n';
    const withFaq = await smallIndex({ 'housing.md': HOUSING, 'checkin.md': CHECKIN, 'faq.md': faq });
    expect((await decide('周转公寓押金多少钱', [], withFaq)).f.value_agreement).toBe(1);
  });
});
