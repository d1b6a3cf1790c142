import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ModelError } from '../core/errors.js';
import { INTENTS, INTENT_FEATURE_NAMES, type Intent } from './intent.js';
import { DECISION_FEATURE_NAMES } from './decision-features.js';
import { IntentClassifier } from './intent-classifier.js';
import { LogisticScorer, logisticSpecSchema } from './logistic-scorer.js';
import { UNIT_FEATURE_NAMES } from './unit-features.js';

export const MODEL_VERSION = 3;

/** One row of a reliability table: predicted confidence bin → what was observed. */
const reliabilityRowSchema = z.object({ from: z.number(), to: z.number(), count: z.number().int(), meanConfidence: z.number(), accuracy: z.number() });

/** The committed model file written by `npm run train`. */
export const answerModelSchema = z.object({
  version: z.literal(MODEL_VERSION),
  /** The corpora and question counts it learned from. */
  trainedOn: z.object({ corpora: z.array(z.string()), questions: z.number().int(), units: z.number().int() }),
  /**
   * The embeddings the training indexes were built with (`vectorSpace` of their id). The ranker
   * and the decision weigh vector ranks and similarities, which mean something else in another
   * space, so the bot warns when it serves with other embeddings.
   */
  embeddings: z.string().min(1),
  /** Scores which of a question's units states the asked fact (a softmax over its candidates). */
  unit: logisticSpecSchema,
  /** P(the composed reply carries the asked fact): the answer-or-escalate decision. */
  decision: logisticSpecSchema,
  /** Answer when the decision's probability reaches this; chosen on the train split. */
  threshold: z.number().min(0).max(1),
  /**
   * The runner-up joins the reply when its chance is at least this share of the best unit's;
   * chosen on the train split with the threshold.
   */
  runnerUp: z.number().min(0).max(1),
  /** One-vs-rest models: P(the question is this kind of request for a person). */
  intents: z.object(Object.fromEntries(INTENTS.map((i) => [i, logisticSpecSchema])) as Record<Intent, typeof logisticSpecSchema>),
  intentThreshold: z.number().min(0).max(1),
  /**
   * P(no HR document is for the question: another office's business, a task such as writing an
   * abstract), on the intent features. The decision weighs it; it never escalates alone, so a
   * FAQ the office adds on such a topic is still answered.
   */
  outOfScope: logisticSpecSchema,
  /**
   * An escalation for doubt names the likeliest request for a person as its reason (a complaint,
   * the asker's own case) when that request's probability reaches this, below `intentThreshold`;
   * chosen on the train split for the most escalations told their right reason.
   */
  intentHint: z.number().min(0).max(1),
  /** Out-of-fold reliability of the decision on the train split, for the record. */
  reliability: z.array(reliabilityRowSchema),
});
export type AnswerModelFile = z.infer<typeof answerModelSchema>;

/** The trained models the answerer uses, checked against the features this code computes. */
export class AnswerModel {
  readonly unit: LogisticScorer;
  readonly decision: LogisticScorer;
  readonly intents: IntentClassifier;
  readonly scope: LogisticScorer;

  constructor(readonly file: AnswerModelFile) {
    expectFeatures('unit', file.unit.features, UNIT_FEATURE_NAMES);
    expectFeatures('decision', file.decision.features, DECISION_FEATURE_NAMES);
    for (const i of INTENTS) expectFeatures(`intents.${i}`, file.intents[i].features, INTENT_FEATURE_NAMES);
    expectFeatures('outOfScope', file.outOfScope.features, INTENT_FEATURE_NAMES);
    this.scope = new LogisticScorer(file.outOfScope);
    this.unit = new LogisticScorer(file.unit);
    this.decision = new LogisticScorer(file.decision);
    const intents = Object.fromEntries(INTENTS.map((i) => [i, new LogisticScorer(file.intents[i])])) as Record<Intent, LogisticScorer>;
    this.intents = new IntentClassifier(intents, file.intentThreshold, file.intentHint);
  }

  get threshold(): number {
    return this.file.threshold;
  }

  get runnerUp(): number {
    return this.file.runnerUp;
  }

  static read(path: string): AnswerModel {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new ModelError(`cannot read the answer model ${path}; run \`npm run train\` to make it`, { cause });
    }
    const parsed = answerModelSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ModelError(`${path}: "${issue.path.join('.')}": ${issue.message}; run \`npm run train\` to remake it`);
    }
    return new AnswerModel(parsed.data);
  }
}

function expectFeatures(part: string, stored: string[], current: readonly string[]): void {
  if (stored.length !== current.length || stored.some((name, i) => name !== current[i])) {
    throw new ModelError(`the answer model's ${part} features do not match this code's; run \`npm run train\` to remake it`);
  }
}
