import { MODEL_VERSION, type AnswerModelFile } from '../answer/answer-model.js';
import { DECISION_FEATURE_NAMES } from '../answer/decision-features.js';
import { INTENTS, INTENT_FEATURE_NAMES, INTENT_RULE_COUNT } from '../answer/intent.js';
import { IntentClassifier } from '../answer/intent-classifier.js';
import { LogisticScorer, type LogisticSpec } from '../answer/logistic-scorer.js';
import { doubtReason, judge, type Verdict } from '../answer/stages.js';
import { UNIT_FEATURE_NAMES } from '../answer/unit-features.js';
import { expectedCalibrationError, reliabilityTable } from '../evaluation/reliability.js';
import { carriesFact } from '../evaluation/eval-set.js';
import { percentile } from '../evaluation/run-eval.js';
import type { Example } from './dataset.js';
import { fitConditionalLogit, fitLogistic } from './fit-logistic.js';

/**
 * Training policy, not model weights: how strongly each model is pulled towards zero, and what
 * a wrong answer costs against a right one (a bluff to a new employee costs three good answers),
 * which sets the threshold. An intent fires at even odds.
 */
export const POLICY = {
  unitL2: 10,
  decisionL2: 1,
  intentL2: 1,
  /**
   * The wording rules of the intents are few and precise, the n-grams many and noisy: the rules
   * are held back a hundred times less. Not at all, a rule that alone marks its intent in the
   * corpus has no finite best weight, and Newton's method ran to its 50-step cap on every fit.
   */
  intentRuleL2: 0.01,
  bluffCost: 3,
  intentThreshold: 0.5,
  /**
   * The shares of the best unit's chance at which the runner-up may join the reply, tried in
   * turn; training keeps the one with the best out-of-fold utility (of equals, the first: the
   * shorter replies).
   */
  runnerUpShares: [1 / 2, 1 / 3, 1 / 4, 1 / 6, 1 / 8, 0],
} as const;

/**
 * The confidence at which answering starts to pay: a reply right with probability p gains p and
 * loses `bluffCost` × (1 − p), so answering pays from p = cost / (1 + cost), 0.75 at a cost of 3.
 * This holds because the decision is calibrated (training prints its out-of-fold calibration
 * error). Not the out-of-fold utility's best threshold: that curve is flat from 0.7 to 0.8, and
 * its peak moved between 0.68 and 0.86 over resamples of the train corpora and earned less on
 * the corpora each resample left out (docs/answering.md).
 */
const ANSWER_THRESHOLD = POLICY.bluffCost / (1 + POLICY.bluffCost);

export interface TrainSettings {
  /** The answer budget in characters, as the bot composes replies. */
  budget: number;
  /** The vector space of the embeddings the examples were prepared with, recorded in the model. */
  embeddings: string;
}

interface Judged {
  example: Example;
  verdict: Verdict;
  /** The out-of-fold decision probability, for scored verdicts. */
  probability: number;
  /** Whether the composed reply carries an expected fact (false when nothing was scored). */
  carried: boolean;
}

const fitUnit = (examples: Example[]) =>
  fitConditionalLogit(
    UNIT_FEATURE_NAMES,
    examples.map((e) => ({ rows: e.prepared.features, labels: e.unitLabels })),
    { l2: POLICY.unitL2 },
  );

/**
 * A one-vs-rest model on the intent features (wording rules, then character n-grams), for the
 * questions `label` picks: each intent, and the scope model.
 */
const fitOnIntentFeatures = (examples: Example[], label: (e: Example) => boolean) =>
  fitLogistic(INTENT_FEATURE_NAMES, examples.map((e) => e.prepared.intentFeatures), examples.map((e) => Number(label(e))), {
    l2: POLICY.intentL2,
    standardize: false,
    leading: { count: INTENT_RULE_COUNT, l2: POLICY.intentRuleL2 },
  });

const fitIntents = (examples: Example[]) =>
  Object.fromEntries(INTENTS.map((intent) => [intent, fitOnIntentFeatures(examples, (e) => e.intent === intent)])) as AnswerModelFile['intents'];

/** The scope model: like an intent, labelled by the corpus's out-of-scope questions. */
const fitScope = (examples: Example[]) => fitOnIntentFeatures(examples, (e) => e.outOfScope);

const classifier = (intents: AnswerModelFile['intents']) =>
  new IntentClassifier(
    Object.fromEntries(INTENTS.map((i) => [i, new LogisticScorer(intents[i])])) as Record<(typeof INTENTS)[number], LogisticScorer>,
    POLICY.intentThreshold,
  );

/** Whether a judged question was answered correctly, escalated, or answered wrongly at threshold t. */
function outcome(j: Judged, threshold: number): 'right' | 'escalated' | 'wrong' {
  if (j.verdict.kind !== 'scored' || j.probability < threshold) return 'escalated';
  return j.carried ? 'right' : 'wrong';
}

/**
 * Fits the three parts of the answer model on the train split. Each corpus is held out in
 * turn (leave-one-corpus-out), so the decision learns from unit scores and intent
 * probabilities the way they look on a knowledge base the models never saw, and the
 * runner-up share and the reliability table come from predictions on unseen corpora too.
 */
export function trainModels(
  examples: Example[],
  settings: TrainSettings,
): { file: AnswerModelFile; summary: string[]; misses: string[]; outcomes: QuestionOutcome[] } {
  const corpora = [...new Set(examples.map((e) => e.corpus))].sort();
  // The ranker and intent models of each fold do not depend on how replies are composed: fitted once.
  const folds = corpora.map((held) => {
    const rest = examples.filter((e) => e.corpus !== held);
    return { held, unit: new LogisticScorer(fitUnit(rest)), intents: classifier(fitIntents(rest)), scope: new LogisticScorer(fitScope(rest)) };
  });
  const trials = POLICY.runnerUpShares.map((runnerUp) => outOfFold(examples, folds, runnerUp, settings.budget));
  const best = trials.reduce((a, b) => (b.utility > a.utility ? b : a));
  const { judged, scored, runnerUp } = best;
  const reliability = reliabilityTable(scored.map((j) => ({ confidence: j.probability, correct: decisionLabel(j) === 1 })));
  const hint = chooseIntentHint(judged);
  const file: AnswerModelFile = {
    version: MODEL_VERSION,
    trainedOn: {
      corpora,
      questions: examples.length,
      units: examples.reduce((n, e) => n + e.unitLabels.length, 0),
    },
    embeddings: settings.embeddings,
    unit: fitUnit(examples),
    decision: fitDecision(scored),
    threshold: ANSWER_THRESHOLD,
    runnerUp: round3(runnerUp),
    intents: fitIntents(examples),
    intentThreshold: POLICY.intentThreshold,
    intentHint: hint.level,
    outOfScope: fitScope(examples),
    reliability,
  };
  const shares = trials.map(
    (t) => `  runner-up at ${round3(t.runnerUp)} of the best unit's chance: utility ${t.utility}, answer p90 ${t.answerCharsP90} characters`,
  );
  const summary = [
    ...summarize(judged, ANSWER_THRESHOLD, expectedCalibrationError(reliability)),
    'the runner-up share (the best is kept):',
    ...shares,
    `an escalation for doubt names a request for a person from ${hint.level}: ${hint.right} of ${hint.of} told their right reason (${hint.without} naming none)`,
  ];
  return { file, summary, misses: rankingMisses(judged), outcomes: judged.map(questionOutcome) };
}

/** What the out-of-fold answerer did with one train question at the policy's threshold, for comparing two trials. */
export interface QuestionOutcome {
  corpus: string;
  id: string;
  text: string;
  outcome: ReturnType<typeof outcome>;
  /** The decision's out-of-fold probability; null when nothing was scored (an intent, no candidate). */
  probability: number | null;
}

const questionOutcome = (j: Judged): QuestionOutcome => ({
  corpus: j.example.corpus,
  id: j.example.question.id,
  text: j.example.question.text,
  outcome: outcome(j, ANSWER_THRESHOLD),
  probability: Number.isNaN(j.probability) ? null : round3(j.probability),
});

interface Fold {
  held: string;
  unit: LogisticScorer;
  intents: IntentClassifier;
  scope: LogisticScorer;
}

/**
 * Every question judged by the fold models that never saw its corpus, with replies composed
 * at this runner-up share; then the decision, fitted the same way, gives each scored verdict
 * its out-of-fold probability.
 */
function outOfFold(examples: Example[], folds: Fold[], runnerUp: number, budget: number) {
  const judged: Judged[] = [];
  for (const fold of folds) {
    const models = { unit: fold.unit, intents: fold.intents, scope: fold.scope, runnerUp };
    for (const example of examples.filter((e) => e.corpus === fold.held)) {
      const verdict = judge(example.prepared, models, budget);
      // Asked once here: the utility and the trade-off table ask it of every question at several thresholds.
      const carried = verdict.kind === 'scored' && carriesFact(example.question, verdict.reply.text);
      judged.push({ example, verdict, probability: Number.NaN, carried });
    }
  }
  const scored = judged.filter((j) => j.verdict.kind === 'scored');
  for (const { held } of folds) {
    const decision = new LogisticScorer(fitDecision(scored.filter((j) => j.example.corpus !== held)));
    for (const j of scored.filter((s) => s.example.corpus === held)) {
      if (j.verdict.kind === 'scored') j.probability = decision.probability(j.verdict.features);
    }
  }
  const lengths = judged.flatMap((j) => (outcome(j, ANSWER_THRESHOLD) === 'escalated' || j.verdict.kind !== 'scored' ? [] : [j.verdict.reply.text.length]));
  return { runnerUp, judged, scored, utility: utilityAt(judged, ANSWER_THRESHOLD), answerCharsP90: percentile(lengths.sort((a, b) => a - b), 90) };
}

/**
 * The intent probability from which an escalation for doubt names the likeliest request for a
 * person as its reason: the level at which most out-of-fold escalations for doubt are told their
 * right reason (an intent for the questions labelled with one, none for the rest). Of equal
 * levels the higher, which names fewer; `POLICY.intentThreshold` names none.
 */
function chooseIntentHint(judged: Judged[]): { level: number; right: number; of: number; without: number } {
  const doubts = judged.flatMap((j) => {
    const v = j.verdict;
    if (v.kind === 'no_match' || (v.kind === 'scored' && j.probability < ANSWER_THRESHOLD)) return [{ verdict: v, j }];
    return [];
  });
  const rightAt = (level: number) =>
    doubts.filter(({ verdict, j }) => {
      const said = doubtReason(verdict, j.example.prepared.analysis, level);
      return (INTENTS as readonly string[]).includes(said) ? said === j.example.intent : j.example.intent === undefined;
    }).length;
  const without = rightAt(POLICY.intentThreshold);
  let best: { level: number; right: number } = { level: POLICY.intentThreshold, right: without };
  for (let level = round3(POLICY.intentThreshold - 0.05); level > 0; level = round3(level - 0.05)) {
    const right = rightAt(level);
    if (right > best.right) best = { level, right };
  }
  return { ...best, of: doubts.length, without };
}

const decisionLabel = (j: Judged) => Number(j.carried);

const fitDecision = (rows: Judged[]): LogisticSpec =>
  fitLogistic(
    DECISION_FEATURE_NAMES,
    rows.map((j) => (j.verdict.kind === 'scored' ? j.verdict.features : [])),
    rows.map(decisionLabel),
    { l2: POLICY.decisionL2 },
  );

/** Right answers less `POLICY.bluffCost` for each wrong one and each escalation answered, at threshold `t`. */
function utilityAt(judged: Judged[], t: number): number {
  let utility = 0;
  for (const j of judged) utility += gainOf(outcome(j, t));
  return utility;
}

/** What one question's outcome adds to the utility: a right answer 1, a wrong one `-POLICY.bluffCost`. */
export function gainOf(o: QuestionOutcome['outcome']): number {
  return o === 'right' ? 1 : o === 'wrong' ? -POLICY.bluffCost : 0;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

function summarize(judged: Judged[], threshold: number, ece: number): string[] {
  const answerable = judged.filter((j) => j.example.question.expect === 'answer');
  const escalate = judged.filter((j) => j.example.question.expect === 'escalate');
  const count = (list: Judged[], want: ReturnType<typeof outcome>, t = threshold) => list.filter((j) => outcome(j, t) === want).length;
  const rate = (list: Judged[], want: ReturnType<typeof outcome>, t = threshold) => (count(list, want, t) / (list.length || 1)).toFixed(3);
  const utility = (t: number) => utilityAt(judged, t);
  const reachable = answerable.filter((j) => j.example.unitLabels.some((l) => l === 1));
  const bestStates = reachable.filter((j) => j.verdict.kind === 'scored' && carriesFact(j.example.question, j.verdict.ranked[0]!.unit.text)).length;
  return [
    `ranking: ${reachable.length} of ${answerable.length} answerable questions have a candidate unit stating the fact;`,
    `  the best unit states it for ${bestStates}, the composed reply for ${reachable.filter((j) => j.carried).length}`,
    `out of fold (each train corpus unseen in turn), threshold ${threshold}:`,
    `  answer accuracy   ${rate(answerable, 'right')}`,
    `  false escalation  ${rate(answerable, 'escalated')}`,
    `  escalation recall ${rate(escalate, 'escalated')}`,
    `  calibration error ${ece.toFixed(3)}`,
    `  right ${count(answerable, 'right')}, wrong ${count(answerable, 'wrong')}, bluffed ${count(escalate, 'wrong')} (utility ${utility(threshold)})`,
    'the trade-off at other thresholds (accuracy / false escalation / escalation recall, utility):',
    ...[0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((t) => {
      return `  ${t.toFixed(1)}  ${rate(answerable, 'right', t)} / ${rate(answerable, 'escalated', t)} / ${rate(escalate, 'escalated', t)}, ${utility(t)}`;
    }),
  ];
}

/** Out-of-fold ranking misses, for reading: the question, the unit chosen, the unit that stated the fact. */
function rankingMisses(judged: Judged[]): string[] {
  const lines: string[] = [];
  for (const { example, verdict } of judged) {
    if (verdict.kind !== 'scored' || !example.unitLabels.includes(1)) continue;
    const right = verdict.ranked.findIndex((s) => carriesFact(example.question, s.unit.text));
    if (right === 0) continue;
    const q = example.question;
    lines.push(
      `${example.corpus} ${q.id} ${q.text}${q.history?.length ? ` [after: ${q.history.at(-1)}]` : ''}`,
      `  chose: ${verdict.ranked[0]!.unit.text.slice(0, 100)}`,
      `  right (#${right + 1}): ${right >= 0 ? verdict.ranked[right]!.unit.text.slice(0, 100) : '-'}`,
    );
  }
  return lines;
}
