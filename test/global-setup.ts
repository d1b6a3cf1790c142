import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createApp } from '../src/app.js';
import { silentLogger } from '../src/logging/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The index of the shipped knowledge/, built once per run; test/sample-index.ts copies it. */
    sampleIndexDir: string;
  }
}

/** Builds the sample knowledge base's index once for the whole run, instead of once per test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sample-index-'));
  const app = await createApp({ knowledgeDir: fileURLToPath(new URL('../knowledge/', import.meta.url)), dataDir, env: {}, logger: silentLogger() });
  await app.close();
  project.provide('sampleIndexDir', join(dataDir, 'index'));
  return () => rm(dataDir, { recursive: true, force: true });
}
