import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createApp } from '../src/app.js';
import { silentLogger } from '../src/logging/logger.js';
import { startChromiumServer } from './channels/web/chromium-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The index of the shipped knowledge/, built once per run; test/sample-index.ts copies it. */
    sampleIndexDir: string;
    /** Where the run's one Chromium listens (test/channels/web/chromium.ts connects), or '' without Chromium. */
    chromiumEndpoint: string;
  }
}

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Compiles dist/ (incremental: about a second when it is current), builds the sample
 * knowledge base's index once for the whole run instead of once per test file, and starts one
 * Chromium that every browser test file connects to instead of launching its own. The index is
 * built in a worker thread that runs the compiled code, and the CLI tests start the built bot,
 * so a fresh clone, or a dist/ older than the sources, must be compiled first.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = startChromiumServer();
  execFileSync(process.execPath, [TSC, '-b', 'tsconfig.build.json'], { cwd: fileURLToPath(new URL('../', import.meta.url)), stdio: 'inherit' });
  const dataDir = await mkdtemp(join(tmpdir(), 'sample-index-'));
  const app = await createApp({ knowledgeDir: fileURLToPath(new URL('../knowledge/', import.meta.url)), dataDir, env: {}, logger: silentLogger() });
  await app.close();
  project.provide('sampleIndexDir', join(dataDir, 'index'));
  const server = await chromium;
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? '');
  return async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
