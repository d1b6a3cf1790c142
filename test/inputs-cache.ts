import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
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
  return (await hashOf([...CODE, ...inputs])).update(process.version).digest('hex');
}

const CODE = ['src', 'models', 'prompts', 'package-lock.json'].map((part) => join(ROOT, part));

// Each file's digest, read again only when its size or modification time changed: every key
// covers the code, and reading it again for each of some thirty keys cost most of a second.
const digests = new Map<string, { size: number; mtimeMs: number; digest: string }>();

async function hashOf(paths: string[]) {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${relative(ROOT, path)}\n`);
    for (const file of await filesUnder(path)) hash.update(`${relative(ROOT, file)} ${await digestOf(file)}\n`);
  }
  return hash;
}

async function digestOf(file: string): Promise<string> {
  const { size, mtimeMs } = await stat(file).catch(() => ({ size: -1, mtimeMs: -1 }));
  const known = digests.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.digest;
  const digest = createHash('sha256')
    .update(await readFile(file).catch(() => Buffer.alloc(0)))
    .digest('hex');
  digests.set(file, { size, mtimeMs, digest });
  return digest;
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
