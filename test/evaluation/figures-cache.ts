import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalSet } from '../../src/evaluation/eval-suite.js';
import type { EvalFigures } from '../../src/evaluation/run-eval.js';
import { cachedPath } from '../inputs-cache.js';
import { FULL_SOAK } from '../soak.js';

/**
 * Held-out figures of an evaluation already run on exactly the same inputs. An evaluation is a
 * pure function of the code, the model, the prompts, the locked libraries, Node's version and
 * the set's documents and questions (a throwaway data directory, no language model), so a result
 * computed once for those inputs holds until one of them changes. CI and `npm run test:full`
 * never read the cache.
 */
export async function cachedFigures(root: string, set: EvalSet, compute: () => Promise<EvalFigures>): Promise<EvalFigures> {
  if (FULL_SOAK) return compute();
  const file = `${await cachedPath(root, join('heldout', set.name), [set.kbDir, set.questionsFile])}.json`;
  const kept = await readFile(file, 'utf8').then((text) => JSON.parse(text) as EvalFigures, () => undefined);
  if (kept) return kept;
  const figures = await compute();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, JSON.stringify(figures));
  return figures;
}
