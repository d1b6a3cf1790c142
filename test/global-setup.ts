import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startChromiumServer } from './channels/web/chromium-server.js';
import { cachedPath } from './inputs-cache.js';
import { FULL_SOAK } from './soak.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The index of the shipped knowledge/, built once per run; test/sample-index.ts copies it. */
    sampleIndexDir: string;
    /** Where the run's one Chromium listens (test/channels/web/chromium.ts connects), or '' without Chromium. */
    chromiumEndpoint: string;
  }
}

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const KNOWLEDGE = join(ROOT, 'knowledge');

/**
 * Compiles dist/ (incremental: about a second when it is current), builds the sample
 * knowledge base's index once for the whole run instead of once per test file, and starts one
 * Chromium that every browser test file connects to instead of launching its own. The index is
 * built in a worker thread that runs the compiled code, and the CLI tests start the built bot,
 * so a fresh clone, or a dist/ older than the sources, must be compiled first.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = startChromiumServer();
  execFileSync(process.execPath, [TSC, '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  project.provide('sampleIndexDir', join(await sampleIndex(), 'index'));
  const server = await chromium;
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? '');
  return async () => {
    await server?.close();
  };
}

/**
 * A data directory holding the sample index and the text read out of its Word, PDF and Excel
 * files. Kept between runs for the same code and documents (3–4 s of CPU at the start of every
 * run otherwise); CI and `npm run test:full` build it afresh.
 */
async function sampleIndex(): Promise<string> {
  const kept = await cachedPath('sample-index', [KNOWLEDGE]);
  if (!FULL_SOAK && (await stat(kept).catch(() => undefined))) return kept;
  // Imported only here: loading the app's modules costs the run's start 2 s when the index is kept.
  const [{ createApp }, { silentLogger }] = await Promise.all([import('../src/app.js'), import('../src/logging/logger.js')]);
  const dataDir = await mkdtemp(join(tmpdir(), 'sample-index-'));
  const app = await createApp({ knowledgeDir: KNOWLEDGE, dataDir, env: {}, logger: silentLogger() });
  await app.close();
  // Renamed into place whole, so a run that stops half way, or another run at the same time, never leaves half a copy.
  const staging = `${kept}.${process.pid}`;
  await mkdir(staging, { recursive: true });
  for (const part of ['index', 'extracted-text']) await cp(join(dataDir, part), join(staging, part), { recursive: true });
  await rm(dataDir, { recursive: true, force: true });
  await rename(staging, kept).catch(() => rm(staging, { recursive: true, force: true }));
  return kept;
}
