import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { createApp } from '../app.js';
import { createLogger } from '../logging/logger.js';

export interface IndexOptions {
  knowledge: string;
  data: string;
  strict?: boolean;
}

/** `onboarding-bot index`: builds (or reuses) the index and prints what went in. Returns the exit code. */
export async function indexCommand(options: IndexOptions, env: Record<string, string | undefined>): Promise<number> {
  const started = performance.now();
  const dataDir = options.data;
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: '索引 {bar} {value}/{total} 篇', clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  let barStarted = false;
  const app = await createApp({
    knowledgeDir: options.knowledge,
    dataDir,
    env,
    logger: createLogger({ level: 'warn', destination: process.stderr as never }),
    onProgress: (done, total) => {
      if (!bar) return;
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();
  try {
    const index = app.knowledge.current();
    const report = app.knowledge.lastReload?.report;
    const byFormat = count(index.documents.map((d) => d.format));
    const byCategory = count(index.documents.map((d) => d.category ?? '(none)'));
    const out = [
      `documents  ${index.documents.length}  (${fmt(byFormat)})`,
      `categories ${fmt(byCategory)}`,
      `chunks     ${index.chunks.length}`,
      `index      ${report?.reused ? 'reused, documents unchanged' : 'built'} in ${join(dataDir, 'index')}`,
      `seconds    ${((performance.now() - started) / 1000).toFixed(2)}`,
    ];
    if (report?.unsupported.length) out.push(`not read (unknown type): ${report.unsupported.join(', ')}`);
    if (index.warnings.length) {
      out.push(`warnings   ${index.warnings.length}`);
      for (const w of index.warnings) out.push(`  ${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
    } else {
      out.push('warnings   0');
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return options.strict && index.warnings.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function fmt(m: Map<string, number>): string {
  return [...m.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ');
}
