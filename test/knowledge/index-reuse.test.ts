import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { ReloadReport } from '../../src/knowledge/knowledge-base.js';
import { createLogger } from '../../src/logging/logger.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SUBSIDY = 'housing/rent_subsidy_and_housing_fund.md';
const QUESTION = '我是副教授 租房补贴一个月多少钱';

describe('the index snapshot under the data dir', () => {
  let knowledgeDir: string;
  let dataDir: string;
  let first: { report: ReloadReport; builtAt: Date };
  let app: App;
  let asker = 0;
  const open = () => createApp({ knowledgeDir, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
  const ask = (text: string) => app.ask({ id: `q${++asker}`, text, history: [], userId: `staff-${asker}` });

  beforeAll(async () => {
    knowledgeDir = await mkdtemp(join(tmpdir(), 'reuse-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'reuse-data-'));
    // A first start builds the index and stops; the app under test is the restart.
    const builder = await open();
    first = { report: builder.knowledge.lastReload!.report, builtAt: builder.knowledge.current().builtAt };
    await builder.close();
    app = await open();
  });
  afterAll(async () => {
    await app?.close();
    await rm(knowledgeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is built on the first start and reused on the next when nothing changed', async () => {
    expect(first.report).toMatchObject({ ok: true, reused: false });
    expect(app.knowledge.lastReload!.report).toMatchObject({ ok: true, reused: true, documents: first.report.documents, chunks: first.report.chunks });
    expect(app.knowledge.current().builtAt).toEqual(first.builtAt);
    expect((await ask(QUESTION)).reply).toContain('1500元/月');
  });

  it('is rebuilt when a file changed, and answers from the new content', async () => {
    const path = join(knowledgeDir, SUBSIDY);
    await writeFile(path, (await readFile(path, 'utf8')).replace('1500元/月', '1800元/月'));

    const report = await app.reload();

    expect(report).toMatchObject({ ok: true, reused: false, changed: [SUBSIDY], added: [], removed: [] });
    const out = await ask(QUESTION);
    expect(out.escalated).toBe(false);
    expect(out.reply).toContain('1800元/月');
    expect(out.reply).not.toContain('1500元/月');
  });

  it('keeps serving the old index when a file that loaded before breaks, and names file and line', async () => {
    const path = join(knowledgeDir, SUBSIDY);
    const good = await readFile(path, 'utf8');
    // A broken copy over the good file: line 3 of the front matter now has the wrong type.
    await writeFile(path, good.replace('category: housing', 'category: 123'));
    const serving = app.knowledge.current();

    const report = await app.reload();

    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/no longer load/);
    expect(report.warnings).toEqual([{ path: SUBSIDY, line: 3, message: expect.stringMatching(/category/) }]);
    expect(app.knowledge.current()).toBe(serving);
    expect(app.knowledge.lastReload!.report.ok).toBe(false);
    const out = await ask(QUESTION);
    expect(out.escalated).toBe(false);
    expect(out.reply).toContain('1800元/月');
    expect(out.sources[0]?.path).toBe(SUBSIDY);
  });

  it('loads the rest when a new file is broken, with a warning naming it', async () => {
    await writeFile(join(knowledgeDir, SUBSIDY), (await readFile(join(knowledgeDir, SUBSIDY), 'utf8')).replace('category: 123', 'category: housing'));
    await writeFile(join(knowledgeDir, 'housing/broken_copy.md'), '---\ntitle: 副本\nupdated: yesterday\n---\n正文。\n');

    const report = await app.reload();

    expect(report).toMatchObject({ ok: true, added: [], changed: [] });
    expect(report.warnings).toEqual([{ path: 'housing/broken_copy.md', line: 3, message: expect.stringMatching(/updated/) }]);
    expect((await ask(QUESTION)).reply).toContain('1800元/月');
  });

  it('a reload asked for while one runs gets a run of its own that sees files written meanwhile', async () => {
    const running = app.reload();
    await writeFile(join(knowledgeDir, 'general/late_notice.md'), '# 迟到的通知\n\n图书馆新馆十二月开放。\n');
    const [, second] = await Promise.all([running, app.reload()]);
    expect(second.ok).toBe(true);
    expect(app.knowledge.current().documents.map((d) => d.path)).toContain('general/late_notice.md');
    const third = app.reload();
    expect(app.reload()).toBe(app.reload());
    await third;
  });
});
