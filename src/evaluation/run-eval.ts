import type { AskInput, AskOutput } from '../core/types.js';
import { carriesFact, type EvalQuestion } from './eval-set.js';
import { chanceCalibrationError, expectedCalibrationError, formatReliability, reliabilityTable, type ReliabilityRow } from './reliability.js';

/** What the eval needs of one asked question: the reply, and the draft behind an escalation. */
export interface EvalAnswer {
  output: AskOutput;
  /** The reply the bot would have given when it escalated for doubt. */
  draft?: string;
}

export interface EvalCase {
  question: EvalQuestion;
  output: AskOutput;
  correct: boolean;
  sourceHit: boolean | undefined;
  /** Whether the reply, or the draft behind an escalation, carries an expected fact. */
  carried: boolean;
}

export interface EvalFigures {
  questions: number;
  answerable: number;
  escalations: number;
  answerAccuracy: number;
  falseEscalationRate: number;
  escalationRecall: number;
  sourceRecallAt3: number;
  calibrationError: number;
  /** The calibration error a perfectly calibrated model would show at this set's size and confidences, by chance. */
  calibrationChance: number;
  /** 90th percentile of answered replies' length in characters. */
  replyCharsP90: number;
}

export interface EvalReport extends EvalFigures {
  latencyMs: { p50: number; p99: number; max: number };
  reliability: ReliabilityRow[];
  cases: EvalCase[];
}

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

/** A source path matches an expected document when one ends with the other ("kb/a/b.md" ~ "a/b.md"). */
function samePath(expected: string, actual: string): boolean {
  return expected === actual || expected.endsWith(`/${actual}`) || actual.endsWith(`/${expected}`);
}

/** Asks every question as a fresh user and scores the replies by the eval set's rule. */
export async function runEval(questions: EvalQuestion[], ask: (input: AskInput) => Promise<EvalAnswer>): Promise<EvalReport> {
  const cases: EvalCase[] = [];
  for (const question of questions) {
    const { output, draft } = await ask({ id: question.id, text: question.text, history: question.history ?? [], userId: `eval-${question.id}`, channel: 'eval' });
    const answered = !output.escalated && carriesFact(question, output.reply);
    const correct = question.expect === 'answer' ? answered : output.escalated;
    const sourceHit =
      question.expect === 'answer' && question.docs.length > 0
        ? output.sources.slice(0, 3).some((s) => question.docs.some((d) => samePath(d, s.path)))
        : undefined;
    cases.push({ question, output, correct, sourceHit, carried: output.escalated ? carriesFact(question, draft) : answered });
  }
  const answerable = cases.filter((c) => c.question.expect === 'answer');
  const escalations = cases.filter((c) => c.question.expect === 'escalate');
  const withDocs = answerable.filter((c) => c.sourceHit !== undefined);
  const latencies = cases.map((c) => c.output.ms).sort((a, b) => a - b);
  const replyChars = cases.filter((c) => !c.output.escalated).map((c) => [...c.output.reply].length).sort((a, b) => a - b);
  const reliability = reliabilityTable(cases.map((c) => ({ confidence: c.output.confidence, correct: c.carried })));
  return {
    questions: cases.length,
    answerable: answerable.length,
    escalations: escalations.length,
    answerAccuracy: ratio(answerable.filter((c) => c.correct).length, answerable.length),
    falseEscalationRate: ratio(answerable.filter((c) => c.output.escalated).length, answerable.length),
    escalationRecall: ratio(escalations.filter((c) => c.correct).length, escalations.length),
    sourceRecallAt3: ratio(withDocs.filter((c) => c.sourceHit).length, withDocs.length),
    calibrationError: expectedCalibrationError(reliability),
    calibrationChance: chanceCalibrationError(cases.map((c) => c.output.confidence)),
    replyCharsP90: percentile(replyChars, 90),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    reliability,
    cases,
  };
}

/** The figures alone, as they are committed and compared. */
export function figuresOf(report: EvalReport): EvalFigures {
  const { latencyMs: _l, reliability: _r, cases: _c, ...figures } = report;
  return figures;
}

export function formatReport(report: EvalReport, detail: boolean): string {
  const lines = [
    `questions           ${report.questions} (${report.answerable} to answer, ${report.escalations} to escalate)`,
    `answer accuracy     ${report.answerAccuracy.toFixed(3)}`,
    `false escalation    ${report.falseEscalationRate.toFixed(3)}`,
    `escalation recall   ${report.escalationRecall.toFixed(3)}`,
    `source recall@3     ${report.sourceRecallAt3.toFixed(3)}`,
    `calibration error   ${report.calibrationError.toFixed(3)} (a calibrated model: ${report.calibrationChance.toFixed(3)} by chance at this size)`,
    `reply chars p90     ${report.replyCharsP90}`,
    `latency p50/p99     ${report.latencyMs.p50} ms / ${report.latencyMs.p99} ms`,
  ];
  if (detail) {
    lines.push('', formatReliability(report.reliability));
    const misses = report.cases.filter((c) => !c.correct || c.sourceHit === false);
    lines.push('', `misses (${misses.length}):`);
    for (const c of misses) {
      const what = !c.correct
        ? c.question.expect === 'answer'
          ? c.output.escalated ? `escalated (${c.output.reason}) but should answer` : 'answered without any expected fact'
          : 'answered but should escalate'
        : 'right outcome, expected document not in the top 3 sources';
      lines.push(
        `- ${c.question.id} [${c.question.topic ?? ''}] ${c.question.text}`,
        `    ${what}; confidence ${c.output.confidence}`,
        `    expected: ${c.question.facts.join(' / ') || '(escalation)'} in ${c.question.docs.join(', ') || '-'}`,
        `    reply: ${c.output.reply.replace(/\n/g, ' ⏎ ')}`,
        `    sources: ${c.output.sources.map((s) => s.path).join(', ')}`,
      );
    }
  }
  return lines.join('\n');
}
