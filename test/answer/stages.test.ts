import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/answer/analysis.js';
import { doubtReason, type Verdict } from '../../src/answer/stages.js';

type Doubt = Exclude<Verdict, { kind: 'intent' }>;

const analysis = (unknownStrong: boolean) => ({ unknown: unknownStrong ? [{ term: '宠物', weight: 1, strong: true }] : [] }) as unknown as Analysis;
const scored = (probability: number, intent: number, outOfScope = 0): Doubt => ({
  kind: 'scored',
  ranked: [],
  reply: { text: '', units: [] },
  features: new Float64Array(),
  probability,
  intent: { intent: 'complaint', probability: intent },
  outOfScope,
});

describe('why a question the bot will not answer goes to a person', () => {
  it('names a request for a person that reaches the hint level, though too unsure to fire on its own', () => {
    expect(doubtReason(scored(0.3, 0.2), analysis(true), 0.15)).toBe('complaint');
    expect(doubtReason({ kind: 'no_match', intent: { intent: 'personal_case', probability: 0.4 } }, analysis(false), 0.15)).toBe('personal_case');
  });

  it('below the hint level, says the documents miss it for an unknown word only below even odds', () => {
    expect(doubtReason(scored(0.3, 0.1), analysis(true), 0.15)).toBe('no_match');
    expect(doubtReason(scored(0.6, 0.1), analysis(true), 0.15)).toBe('low_confidence');
    expect(doubtReason(scored(0.3, 0.1), analysis(false), 0.15)).toBe('low_confidence');
    expect(doubtReason({ kind: 'no_match', intent: { intent: 'complaint', probability: 0.1 } }, analysis(false), 0.15)).toBe('no_match');
  });

  it('says the documents miss a question the scope model finds likely none of HR\'s business, below even odds', () => {
    expect(doubtReason(scored(0.3, 0.1, 0.8), analysis(false), 0.15)).toBe('no_match');
    expect(doubtReason(scored(0.6, 0.1, 0.8), analysis(false), 0.15)).toBe('low_confidence');
    expect(doubtReason(scored(0.3, 0.1, 0.4), analysis(false), 0.15)).toBe('low_confidence');
  });
});
