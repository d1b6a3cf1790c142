import { describe, expect, it } from 'vitest';
import { corpusExamples } from '../../src/training/dataset.js';
import { CAMPUSES, withTinyCorpora } from './tiny-corpora.js';

// One made-up university's two documents and ten questions.
const examples = () => withTinyCorpora(CAMPUSES.slice(0, 1), ([corpus]) => corpusExamples(corpus!, 8));

describe('the training examples of a labelled corpus', () => {
  it('prepares every question in file order, marking the candidate units that state an expected fact', async () => {
    const all = await examples();
    expect(all.map((e) => `${e.corpus}/${e.question.id}`)).toEqual(
      ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'E1', 'E2', 'E3', 'E4'].map((id) => `lanxi/${id}`),
    );
    for (const e of all) {
      expect(e.unitLabels).toHaveLength(e.prepared.candidates.length);
      expect(e.prepared.features).toHaveLength(e.prepared.candidates.length);
    }
    const dates = all[0]!;
    const stating = dates.prepared.candidates.filter((_, i) => dates.unitLabels[i] === 1).map((c) => c.unit.text);
    expect(stating).toEqual(['集中报到时间为8月25日至8月29日。']);
    // An escalation has no fact to state, so no unit is marked.
    expect(all.filter((e) => e.question.expect === 'escalate').every((e) => e.unitLabels.every((l) => l === 0))).toBe(true);
  });

  it('reads a follow-up with its earlier message', async () => {
    const followUp = (await examples()).find((e) => e.question.id === 'A6')!;
    expect(followUp.prepared.analysis).toMatchObject({ followUp: true, context: ['周转公寓怎么申请'] });
    expect(followUp.prepared.candidates.filter((_, i) => followUp.unitLabels[i] === 1).map((c) => c.unit.text)).toEqual([
      '租金每月每平方米18元，入住时缴纳押金2000元。',
    ]);
  });

  it('names the request for a person an escalation is by its topic, and none for the rest', async () => {
    const intents = Object.fromEntries((await examples()).map((e) => [e.question.id, e.intent]));
    expect(intents).toMatchObject({ E1: 'human_request', E2: 'personal_case', E3: 'complaint', E4: undefined, A1: undefined });
  });
});
