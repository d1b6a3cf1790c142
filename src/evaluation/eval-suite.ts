import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerModel } from '../answer/answer-model.js';
import { createApp } from '../app.js';
import type { Logger } from '../logging/logger.js';
import { listCorpora } from './corpora.js';
import { readEvalSet } from './eval-set.js';
import { chanceCalibrationError, expectedCalibrationError, formatReliability, reliabilityTable } from './reliability.js';
import { runEval, type EvalReport } from './run-eval.js';

/** One question set over one knowledge base. */
export interface EvalSet {
  name: string;
  kbDir: string;
  questionsFile: string;
  heldout: boolean;
}

/**
 * Every set `npm run eval` measures: the project's corpora as `splits.json` divides them, the
 * shared sample and the seed article's questions (both held out) when `../shared` is beside the project.
 */
export function evalSets(projectRoot: string): EvalSet[] {
  const sets: EvalSet[] = listCorpora(join(projectRoot, 'eval', 'corpora'));
  // The shipped knowledge/ and its questions: not trained on, but written beside the code, so not held out.
  sets.push({ name: 'shipped-sample', kbDir: join(projectRoot, 'knowledge'), questionsFile: join(projectRoot, 'eval', 'shipped', 'questions.jsonl'), heldout: false });
  const sample = join(projectRoot, '..', 'shared', 'eval', 'sample');
  if (existsSync(join(sample, 'questions.jsonl'))) {
    sets.push({ name: 'shared-sample', kbDir: join(sample, 'kb'), questionsFile: join(sample, 'questions.jsonl'), heldout: true });
  }
  const seeds = join(projectRoot, '..', 'shared', 'seeds');
  if (existsSync(seeds)) {
    sets.push({ name: 'seed-article', kbDir: seeds, questionsFile: join(projectRoot, 'eval', 'seed', 'questions.jsonl'), heldout: true });
  }
  return sets;
}

/** Runs one set through the same app every channel uses, on a throwaway data directory. */
export async function evaluateSet(set: EvalSet, options: { model?: AnswerModel; logger: Logger; env: Record<string, string | undefined> }): Promise<EvalReport> {
  const questions = await readEvalSet(set.questionsFile);
  const dataDir = await mkdtemp(join(tmpdir(), 'onboarding-eval-'));
  const app = await createApp({ knowledgeDir: set.kbDir, dataDir, env: options.env, logger: options.logger, model: options.model });
  try {
    return await runEval(questions, async (input) => {
      const { output, outcome } = await app.flow.ask(input);
      return { output, draft: outcome.kind === 'escalate' ? outcome.draft : undefined };
    });
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One line per set, held-out ones marked, then the held-out sets' pooled reliability table. */
export function formatSuite(results: Array<{ set: EvalSet; report: EvalReport }>): string {
  const head = 'set              split     questions  accuracy  false-esc  esc-recall  source@3  ECE    chance  reply-p90';
  const rows = results.map(({ set, report: r }) =>
    [
      set.name.padEnd(16),
      (set.heldout ? 'HELD-OUT' : 'train').padEnd(9),
      String(r.questions).padStart(9),
      r.answerAccuracy.toFixed(3).padStart(9),
      r.falseEscalationRate.toFixed(3).padStart(10),
      r.escalationRecall.toFixed(3).padStart(11),
      r.sourceRecallAt3.toFixed(3).padStart(9),
      r.calibrationError.toFixed(3).padStart(6),
      r.calibrationChance.toFixed(3).padStart(7),
      String(r.replyCharsP90).padStart(10),
    ].join(' '),
  );
  const heldout = results.filter((r) => r.set.heldout).flatMap((r) => r.report.cases);
  if (heldout.length === 0) return [head, ...rows].join('\n');
  const pooled = reliabilityTable(heldout.map((c) => ({ confidence: c.output.confidence, correct: c.carried })));
  return [
    head,
    ...rows,
    '',
    `reliability of the held-out sets together (${heldout.length} questions; expected calibration error ${expectedCalibrationError(pooled).toFixed(3)}, a calibrated model's by chance ${chanceCalibrationError(heldout.map((c) => c.output.confidence)).toFixed(3)}):`,
    formatReliability(pooled),
  ].join('\n');
}
