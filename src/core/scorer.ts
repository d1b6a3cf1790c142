/**
 * The seam between the answering stages and the trained model: a named feature vector in,
 * a probability out. The answerer depends on this port only; `LogisticScorer` (loaded from
 * the committed model file) sits behind it, and tests may plug in anything else.
 */
export interface Scorer {
  /** Feature names, in the order `probability` expects their values. */
  readonly features: readonly string[];
  /** The log-odds: comparable between the candidates of one question. */
  logit(values: ArrayLike<number>): number;
  probability(values: ArrayLike<number>): number;
}
