import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_SOAK } from './soak.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * A result (JSON) computed once for exactly these inputs and kept between everyday runs: the
 * computation must be a pure function of the inputs and of what `cachedPath` always hashes. CI
 * and `npm run test:full` never read the cache.
 */
export async function cachedJson<T>(kind: string, inputs: string[], compute: () => Promise<T>): Promise<T> {
  if (FULL_SOAK) return compute();
  const file = `${await cachedPath(kind, inputs)}.json`;
  const kept = await readFile(file, 'utf8').then((text) => JSON.parse(text) as T, () => undefined);
  if (kept !== undefined) return kept;
  const result = await compute();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, JSON.stringify(result));
  return result;
}

/**
 * Where a result computed once from exactly the same inputs is kept between runs of the tests
 * (`node_modules/.cache/onboarding-bot/<kind>/<hash>`), so `npm ci` empties it with the rest.
 */
export async function cachedPath(kind: string, inputs: string[]): Promise<string> {
  return join(ROOT, 'node_modules', '.cache', 'onboarding-bot', kind, await inputsHash(inputs));
}

/**
 * A hash of everything a result depends on: the code, the model, the prompts, the locked
 * libraries and Node's version, plus the given files and folders. Any edit to any of them gives
 * another hash, so a kept result is never used for inputs it was not computed from.
 */
async function inputsHash(inputs: string[]): Promise<string> {
  codeHash ??= hashOf(CODE);
  return createHash('sha256').update(`${process.version}\n${await codeHash}\n${await hashOf(inputs)}`).digest('hex');
}

const CODE = ['src', 'models', 'prompts', 'package-lock.json'].map((part) => join(ROOT, part));
// The code's part of every key, read once per test process rather than once per key.
let codeHash: Promise<string> | undefined;

async function hashOf(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${relative(ROOT, path)}\n`);
    for (const file of await filesUnder(path)) hash.update(`${relative(ROOT, file)}\n`).update(await readFile(file));
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
