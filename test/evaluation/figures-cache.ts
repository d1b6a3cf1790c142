import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { EvalSet } from '../../src/evaluation/eval-suite.js';
import type { EvalFigures } from '../../src/evaluation/run-eval.js';
import { FULL_SOAK } from '../soak.js';

/**
 * Held-out figures of an evaluation already run on exactly the same inputs. An evaluation is a
 * pure function of the code, the model, the prompts, the locked libraries, Node's version and
 * the set's documents and questions (a throwaway data directory, no language model), so a result
 * computed once for those inputs holds until one of them changes: the key is a hash of all of
 * them, and any edit to any of those files computes the figures anew. CI and `npm run test:full`
 * never read the cache.
 */
export async function cachedFigures(root: string, set: EvalSet, compute: () => Promise<EvalFigures>): Promise<EvalFigures> {
  if (FULL_SOAK) return compute();
  const file = join(root, 'node_modules', '.cache', 'onboarding-bot', 'heldout', `${await inputsHash(root, set)}.json`);
  const kept = await readFile(file, 'utf8').then((text) => JSON.parse(text) as EvalFigures, () => undefined);
  if (kept) return kept;
  const figures = await compute();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, JSON.stringify(figures));
  return figures;
}

async function inputsHash(root: string, set: EvalSet): Promise<string> {
  const hash = createHash('sha256').update(`${process.version}\n${set.name}\n`);
  const roots = [join(root, 'src'), join(root, 'models'), join(root, 'prompts'), join(root, 'package-lock.json'), set.kbDir, set.questionsFile];
  for (const path of roots) {
    for (const file of await filesUnder(path)) hash.update(`${relative(root, file)}\n`).update(await readFile(file));
  }
  return hash.digest('hex');
}

/** Every file at or under `path`, in a fixed order. */
async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return [path];
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
