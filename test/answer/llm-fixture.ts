import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { Clock } from '../../src/core/clock.js';
import { createLogger, silentLogger, type Logger } from '../../src/logging/logger.js';
import { seedSampleIndex } from '../sample-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PROMPTS_DIR = join(REPO, 'prompts');

/** A temporary folder with a copy of the shipped knowledge base under `kb/` and room for `data/`. */
export class Workspace {
  private constructor(readonly root: string) {}

  static async create(extraDocuments: Record<string, string> = {}): Promise<Workspace> {
    const root = await mkdtemp(join(tmpdir(), 'onboarding-llm-'));
    await cp(join(REPO, 'knowledge'), join(root, 'kb'), { recursive: true });
    for (const [path, text] of Object.entries(extraDocuments)) {
      await mkdir(dirname(join(root, 'kb', path)), { recursive: true });
      await writeFile(join(root, 'kb', path), text);
    }
    // Over the shipped documents as they are, the index built once for the run is reopened.
    if (Object.keys(extraDocuments).length === 0) await seedSampleIndex(join(root, 'data'));
    return new Workspace(root);
  }

  get knowledgeDir(): string {
    return join(this.root, 'kb');
  }

  get dataDir(): string {
    return join(this.root, 'data');
  }

  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Log lines as objects, to count what was logged. */
export class CapturedLog {
  readonly lines: Array<Record<string, unknown> & { msg?: string; level: number }> = [];
  readonly logger: Logger = createLogger({ level: 'debug', destination: { write: (line: string) => void this.lines.push(JSON.parse(line)) } });

  count(msg: RegExp): number {
    return this.lines.filter((l) => msg.test(l.msg ?? '')).length;
  }

  get text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export interface StartOptions {
  logger?: Logger;
  promptsDir?: string;
  clock?: Clock;
}

/** The app over the workspace, reading no environment variables. */
export function startApp(workspace: Workspace, config: ConfigInput, options: StartOptions = {}): Promise<App> {
  const { logger = silentLogger(), promptsDir = PROMPTS_DIR, clock } = options;
  return createApp({ knowledgeDir: workspace.knowledgeDir, dataDir: workspace.dataDir, env: {}, promptsDir, logger, clock, config });
}
