import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evalSets, evaluateSet } from '../../src/evaluation/eval-suite.js';
import { figuresOf, type EvalFigures } from '../../src/evaluation/run-eval.js';
import { createLogger } from '../../src/logging/logger.js';
import { cachedJson } from '../inputs-cache.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Written by `npm run eval -- --save eval/figures.json` with the committed model.
const committed = JSON.parse(readFileSync(`${ROOT}eval/figures.json`, 'utf8')) as Record<string, EvalFigures & { heldout: boolean }>;
const TOLERANCE = 0.03;

describe('held-out figures', () => {
  // The shared sets are there only when ../shared is beside the project.
  const sets = evalSets(ROOT).filter((s) => s.heldout && committed[s.name]);

  it.each(sets.map((s) => [s.name, s] as const))('%s stays within 0.03 of its committed figures', async (_, set) => {
    // An evaluation is a pure function of the code, the model, the prompts, the locked libraries
    // and the set's documents and questions (a throwaway data directory, no language model).
    const now = await cachedJson(`heldout/${set.name}`, [set.kbDir, set.questionsFile], async () =>
      figuresOf(await evaluateSet(set, { logger: createLogger({ level: 'silent' }), env: {} })),
    );
    const then = committed[set.name]!;
    const fell = [
      ...(['answerAccuracy', 'escalationRecall', 'sourceRecallAt3'] as const).filter((k) => now[k] < then[k] - TOLERANCE),
      ...(['falseEscalationRate', 'calibrationError'] as const).filter((k) => now[k] > then[k] + TOLERANCE),
    ];
    expect(fell, `${set.name}: now ${JSON.stringify(now)}, committed ${JSON.stringify(then)}`).toEqual([]);
  });

  it('covers at least the three held-out corpora', () => {
    expect(sets.filter((s) => !s.name.startsWith('shared') && !s.name.startsWith('seed')).length).toBeGreaterThanOrEqual(3);
  });
});
