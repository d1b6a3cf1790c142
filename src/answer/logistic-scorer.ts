import { z } from 'zod';
import type { Scorer } from '../core/scorer.js';

/** A logistic regression as it is stored in the model file: standardised inputs, weights, bias. */
export const logisticSpecSchema = z
  .object({
    features: z.array(z.string()).min(1),
    mean: z.array(z.number()),
    scale: z.array(z.number().positive()),
    weights: z.array(z.number()),
    bias: z.number(),
  })
  .refine((s) => s.mean.length === s.features.length && s.scale.length === s.features.length && s.weights.length === s.features.length, {
    message: 'mean, scale and weights must have one entry per feature',
  });
export type LogisticSpec = z.infer<typeof logisticSpecSchema>;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The trained scorer behind the `Scorer` port. */
export class LogisticScorer implements Scorer {
  readonly features: readonly string[];

  constructor(private readonly spec: LogisticSpec) {
    this.features = spec.features;
  }

  /** The log-odds, for features that compare candidates. */
  logit(values: ArrayLike<number>): number {
    const { mean, scale, weights, bias } = this.spec;
    let z = bias;
    for (let i = 0; i < weights.length; i++) z += (weights[i]! * ((values[i] ?? 0) - mean[i]!)) / scale[i]!;
    return z;
  }

  probability(values: ArrayLike<number>): number {
    return sigmoid(this.logit(values));
  }
}
