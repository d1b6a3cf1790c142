import { writeFile } from 'node:fs/promises';
import { AnswerModel } from '../answer/answer-model.js';
import { processEnv } from '../config/env.js';
import { OnboardingError } from '../core/errors.js';
import { evalSets, evaluateSet, formatSuite, type EvalSet } from '../evaluation/eval-suite.js';
import { figuresOf, formatReport, type EvalReport } from '../evaluation/run-eval.js';
import { createLogger } from '../logging/logger.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface EvalOptions {
  knowledge?: string;
  questions?: string;
  only?: string;
  model?: string;
  json?: boolean;
  detail?: boolean;
  save?: string;
}

function chooseSets(options: EvalOptions): EvalSet[] {
  if (options.knowledge || options.questions) {
    if (!options.knowledge || !options.questions) throw new OnboardingError('--knowledge and --questions go together: a knowledge directory and its questions');
    return [{ name: 'set', kbDir: options.knowledge, questionsFile: options.questions, heldout: true }];
  }
  const all = evalSets(PACKAGE_ROOT);
  if (!options.only) return all;
  const wanted = options.only.split(',').map((n) => n.trim());
  const unknown = wanted.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) throw new OnboardingError(`no eval set named ${unknown.join(', ')}; the sets are ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => wanted.includes(s.name));
}

/** `onboarding-bot eval`: every set, one line each, or one set in full. */
export async function evalCommand(options: EvalOptions): Promise<void> {
  const env = processEnv();
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'error', destination: process.stderr as never });
  const model = options.model ? AnswerModel.read(options.model) : undefined;
  const sets = chooseSets(options);
  const results: Array<{ set: EvalSet; report: EvalReport }> = [];
  for (const set of sets) {
    if (sets.length > 1) process.stderr.write(`evaluating ${set.name} …\n`);
    results.push({ set, report: await evaluateSet(set, { model, logger, env }) });
  }
  if (options.save) {
    const figures = Object.fromEntries(results.map(({ set, report }) => [set.name, { heldout: set.heldout, ...figuresOf(report) }]));
    await writeFile(options.save, `${JSON.stringify(figures, null, 1)}\n`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results.map(({ set, report }) => ({ set: set.name, heldout: set.heldout, ...report })), null, 1)}\n`);
    return;
  }
  if (results.length === 1) {
    process.stdout.write(`${formatReport(results[0]!.report, options.detail ?? false)}\n`);
    return;
  }
  process.stdout.write(`${formatSuite(results)}\n`);
  if (options.detail) {
    for (const { set, report } of results) process.stdout.write(`\n== ${set.name}${set.heldout ? ' (held out)' : ''}\n${formatReport(report, true)}\n`);
  }
}
