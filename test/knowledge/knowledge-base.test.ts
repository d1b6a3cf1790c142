import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench-corpus.js';
import { systemClock } from '../../src/core/clock.js';
import { workerScript } from '../../src/knowledge/build-in-worker.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createEmbeddings } from '../../src/retrieval/create-embeddings.js';

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number; ms: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return { result, stallMs, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe('the knowledge base builds its index in a worker thread', () => {
  let root: string;
  let knowledge: KnowledgeBase;
  let open = async (_indexDir: string) => knowledge;

  beforeAll(async () => {
    // The compiled worker is what runs; `npm test` builds it first.
    expect(workerScript(), 'run `npm run build` first').toBeDefined();
    root = await mkdtemp(join(tmpdir(), 'kb-worker-'));
    generateCorpus({ dir: join(root, 'kb'), seed: 7, markdownDocs: 80, newsDocs: 10, htmlDocs: 6 });
    const embeddings = await createEmbeddings({ model: 'bge-m3', timeoutMs: 15000 }, silentLogger(), {
      indexDir: join(root, 'data', 'index'),
      cacheFile: join(root, 'cache.db'),
    });
    open = async (indexDir) => {
      const kb = new KnowledgeBase({ knowledgeDir: join(root, 'kb'), indexDir, embeddings, log: silentLogger(), clock: systemClock });
      await kb.open();
      return kb;
    };
    knowledge = await open(join(root, 'data', 'index'));
  });
  afterAll(async () => {
    await knowledge?.close();
    await rm(root, { recursive: true, force: true });
  });

  const touchOneDocument = (line: string) => {
    const file = readdirSync(join(root, 'kb'), { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('.md'))!;
    appendFileSync(join(file.parentPath, file.name), `\n\n## 补充\n\n${line}\n`);
  };

  it('keeps serving the old index, with the event loop free, while a reload rebuilds', async () => {
    const old = knowledge.current();
    touchOneDocument('周转公寓的钥匙在后勤服务大厅领取。');
    const reads: boolean[] = [];
    const probe = setInterval(() => reads.push(knowledge.current() === old), 5);
    const { result: report, stallMs, ms } = await longestStall(() => knowledge.reload());
    clearInterval(probe);
    expect(report).toMatchObject({ ok: true, reused: false });
    expect(report.changed).toHaveLength(1);
    expect(knowledge.current()).not.toBe(old);
    // Questions read the old snapshot the whole time, and never waited long for the thread.
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.every(Boolean)).toBe(true);
    expect(stallMs).toBeLessThan(Math.max(250, ms / 4));
  });

  it('keeps the old index when the build fails in its worker', async () => {
    // A copy of the snapshot the last test saved: the second knowledge base opens it instead of building.
    await cp(join(root, 'data', 'index'), join(root, 'other', 'index'), { recursive: true });
    const other = await open(join(root, 'other', 'index'));
    expect(other.lastReload?.report.reused).toBe(true);
    try {
      const old = other.current();
      // Where the new snapshot must be written is now a file: saving it fails inside the worker.
      await rm(join(root, 'other'), { recursive: true });
      writeFileSync(join(root, 'other'), 'not a folder');
      touchOneDocument('人事档案的转递需要调档函。');
      const report = await other.reload();
      expect(report.ok).toBe(false);
      expect(report.error).toMatch(/ENOTDIR|not a directory/);
      expect(other.current()).toBe(old);
      expect(other.lastReload?.report.ok).toBe(false);
    } finally {
      await other.close();
    }
  });
});
