import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the nearest package.json above `from`: the project root, whether the code
 * runs compiled (dist/src/…) or from source under the tests (src/…), at different depths.
 */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return dir;
}

/** The root of this package: models/, prompts/, knowledge/ and eval/ live there. */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));
