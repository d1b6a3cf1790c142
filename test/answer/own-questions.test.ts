import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { readEvalSet } from '../../src/evaluation/eval-set.js';
import { formatReport, runEval } from '../../src/evaluation/run-eval.js';
import { createLogger } from '../../src/logging/logger.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const QUESTIONS = fileURLToPath(new URL('../fixtures/knowledge-questions.jsonl', import.meta.url));

describe('our own questions over knowledge/', () => {
  let app: App;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'own-questions-'));
    app = await createApp({ knowledgeDir: KNOWLEDGE, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('meets the bar: accuracy ≥ 0.8, escalation recall ≥ 0.9, false escalation ≤ 0.15, source recall@3 ≥ 0.9', async () => {
    const questions = await readEvalSet(QUESTIONS);
    expect(questions).toHaveLength(40);
    const report = await runEval(questions, (input) => app.ask(input));
    const figures = {
      answerAccuracy: report.answerAccuracy,
      escalationRecall: report.escalationRecall,
      falseEscalationRate: report.falseEscalationRate,
      sourceRecallAt3: report.sourceRecallAt3,
    };
    const met = {
      answerAccuracy: figures.answerAccuracy >= 0.8,
      escalationRecall: figures.escalationRecall >= 0.9,
      falseEscalationRate: figures.falseEscalationRate <= 0.15,
      sourceRecallAt3: figures.sourceRecallAt3 >= 0.9,
    };
    // On failure the message is the eval report with every miss.
    expect(met, formatReport(report, true)).toEqual({
      answerAccuracy: true,
      escalationRecall: true,
      falseEscalationRate: true,
      sourceRecallAt3: true,
    });
  });
});
