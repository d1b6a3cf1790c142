import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerModel, answerModelSchema } from '../../src/answer/answer-model.js';
import { rankUnits } from '../../src/answer/stages.js';
import { carriesFact } from '../../src/evaluation/eval-set.js';
import { corpusExamples, type Example } from '../../src/training/dataset.js';
import { POLICY, trainModels } from '../../src/training/train-models.js';
import { CAMPUSES, withTinyCorpora } from './tiny-corpora.js';

const SETTINGS = { budget: 200, embeddings: 'local-char-ngram-v1-512' };

describe('training the answer model on two made-up universities', () => {
  let examples: Example[];
  let trained: ReturnType<typeof trainModels>;
  // A run takes about two seconds whatever the data's size (the intent models have 515 features,
  // each fitted by Newton's method for every fold), so the tests share one; only the determinism check makes a second.
  beforeAll(async () => {
    examples = await withTinyCorpora(CAMPUSES.slice(0, 2), async (corpora) => (await Promise.all(corpora.map((c) => corpusExamples(c, 8)))).flat());
    trained = trainModels(examples, SETTINGS);
  });

  it('writes a model file the answerer loads, saying what it learned from', () => {
    const file = answerModelSchema.parse(trained.file);
    expect(() => new AnswerModel(file)).not.toThrow();
    expect(file.trainedOn).toEqual({ corpora: ['lanxi', 'qiaoshan'], questions: 20, units: examples.reduce((n, e) => n + e.prepared.candidates.length, 0) });
    expect(POLICY.runnerUpShares.map((s) => Math.round(s * 1000) / 1000)).toContain(file.runnerUp);
    expect(file.intentThreshold).toBe(POLICY.intentThreshold);
    expect(file.embeddings).toBe('local-char-ngram-v1-512');
    // A level at which an escalation for doubt names a request for a person; the intent threshold names none.
    expect(file.intentHint).toBeGreaterThan(0);
    expect(file.intentHint).toBeLessThanOrEqual(file.intentThreshold);
  });

  it('fits the same model and summary from the same examples', () => {
    const again = trainModels(examples, SETTINGS);
    expect(JSON.stringify(again.file)).toBe(JSON.stringify(trained.file));
    expect(again.summary).toEqual(trained.summary);
  });

  it('learns to rank first the unit that states the asked fact, and to tell requests for a person', () => {
    const model = new AnswerModel(trained.file);
    for (const e of examples.filter((x) => x.question.expect === 'answer')) {
      expect(carriesFact(e.question, rankUnits(e.prepared, model.unit)[0]!.unit.text), e.question.text).toBe(true);
    }
    for (const e of examples.filter((x) => x.intent !== undefined)) {
      const { intent, probability } = model.intents.strongest(e.prepared.intentFeatures);
      expect(intent, e.question.text).toBe(e.intent);
      expect(probability).toBeGreaterThanOrEqual(model.intents.threshold);
    }
  });

  it('summarises the ranking, the out-of-fold figures and each runner-up share tried', () => {
    expect(trained.summary[0]).toBe('ranking: 12 of 12 answerable questions have a candidate unit stating the fact;');
    expect(trained.summary).toContain('out of fold (each train corpus unseen in turn), threshold ' + trained.file.threshold + ':');
    expect(trained.summary.filter((l) => l.startsWith('  runner-up at '))).toHaveLength(POLICY.runnerUpShares.length);
    expect(trained.summary.at(-1)).toMatch(/^an escalation for doubt names a request for a person from [\d.]+: \d+ of \d+ told their right reason \(\d+ naming none\)$/);
  });

  it('answers from the confidence at which a right answer outweighs the expected cost of a wrong one', () => {
    // A wrong answer costs three right ones, so answering pays above 3 / (1 + 3): a policy, not a fit.
    expect(trained.file.threshold).toBe(0.75);
    const counts = /right (\d+), wrong (\d+), bluffed (\d+)/.exec(trained.summary.join('\n'));
    expect(Number(counts?.[1])).toBeGreaterThan(0);
  });

  it('lists what it did with each question out of fold, to compare one trial with another', () => {
    expect(trained.outcomes).toHaveLength(examples.length);
    const counts = /right (\d+), wrong (\d+), bluffed (\d+)/.exec(trained.summary.join('\n'))!;
    expect(trained.outcomes.filter((o) => o.outcome === 'right')).toHaveLength(Number(counts[1]));
    expect(trained.outcomes.filter((o) => o.outcome === 'wrong')).toHaveLength(Number(counts[2]) + Number(counts[3]));
    const human = trained.outcomes.find((o) => examples.find((e) => e.question.id === o.id && e.corpus === o.corpus)?.intent !== undefined)!;
    expect(human).toMatchObject({ outcome: 'escalated', probability: null });
  });
});
