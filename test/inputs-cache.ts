import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Where a result computed once from exactly the same inputs is kept between runs of the tests
 * (`node_modules/.cache/onboarding-bot/<kind>/<hash>`), so `npm ci` empties it with the rest.
 */
export async function cachedPath(root: string, kind: string, inputs: string[]): Promise<string> {
  return join(root, 'node_modules', '.cache', 'onboarding-bot', kind, await inputsHash(root, inputs));
}

/**
 * A hash of everything a result depends on: the code, the model, the prompts, the locked
 * libraries and Node's version, plus the given files and folders. Any edit to any of them gives
 * another hash, so a kept result is never used for inputs it was not computed from.
 */
async function inputsHash(root: string, inputs: string[]): Promise<string> {
  const hash = createHash('sha256').update(`${process.version}\n`);
  const roots = [join(root, 'src'), join(root, 'models'), join(root, 'prompts'), join(root, 'package-lock.json'), ...inputs];
  for (const path of roots) {
    hash.update(`${relative(root, path)}\n`);
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
