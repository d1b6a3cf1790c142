import { INTENTS, intentFeatures, type Intent } from './intent.js';
import type { LogisticScorer } from './logistic-scorer.js';

/**
 * The learned intent step: is the question a request for a person (to talk to one, about the
 * asker's own case, or a complaint)? One model per intent; the likeliest fires when it reaches
 * the threshold trained with them. Shared by the offline and the LLM answerer.
 */
export class IntentClassifier {
  constructor(
    private readonly models: Record<Intent, LogisticScorer>,
    readonly threshold: number,
    /** Below the threshold, the probability from which an escalation for doubt names the intent as its reason. */
    readonly hint = threshold,
  ) {}

  /** The likeliest intent and its probability, fired or not. */
  strongest(features: Float64Array): { intent: Intent; probability: number } {
    let best: { intent: Intent; probability: number } = { intent: INTENTS[0], probability: -1 };
    for (const intent of INTENTS) {
      const probability = this.models[intent].probability(features);
      if (probability > best.probability) best = { intent, probability };
    }
    return best;
  }

  /** The intent the text expresses, if any reaches the threshold. */
  detect(text: string): Intent | undefined {
    return this.reaching(text, this.threshold);
  }

  /** The intent to name when a question goes to a person for doubt, if any reaches the hint level. */
  hinted(text: string): Intent | undefined {
    return this.reaching(text, this.hint);
  }

  private reaching(text: string, level: number): Intent | undefined {
    const { intent, probability } = this.strongest(intentFeatures(text));
    return probability >= level ? intent : undefined;
  }
}
