import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The shipped knowledge base. */
export const SAMPLE_KNOWLEDGE = fileURLToPath(new URL('../knowledge/', import.meta.url));

/**
 * Puts the sample index built once for the run (test/global-setup.ts) into `dataDir`, so an
 * app over the shipped knowledge reopens it instead of building it again. The app checks the
 * documents' hashes as always: over changed documents it builds anew.
 */
export async function seedSampleIndex(dataDir: string): Promise<string> {
  await cp(inject('sampleIndexDir'), join(dataDir, 'index'), { recursive: true });
  // With the text of its Word, PDF and Excel files, so a rebuild over one more document reads only that one.
  await cp(join(inject('sampleIndexDir'), '..', 'extracted-text'), join(dataDir, 'extracted-text'), { recursive: true });
  return dataDir;
}

/** A new temporary data directory holding the sample index. */
export async function sampleDataDir(prefix: string): Promise<string> {
  return seedSampleIndex(await mkdtemp(join(tmpdir(), `${prefix}-data-`)));
}

/** A temporary copy of the shipped knowledge, for tests that change or watch it. */
export async function copySampleKnowledge(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-kb-`));
  await cp(SAMPLE_KNOWLEDGE, dir, { recursive: true });
  return dir;
}
