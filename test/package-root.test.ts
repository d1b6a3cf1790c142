import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/package-root.js';

describe('the package root', () => {
  it('is the folder of the project\'s package.json', () => {
    expect(PACKAGE_ROOT).toBe(fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, ''));
    expect(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).name).toBe('onboarding-bot');
  });
});
