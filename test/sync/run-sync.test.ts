import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { runSync } from '../../src/sync/run-sync.js';
import type { SyncReport } from '../../src/sync/sync-report.js';
import { FakeHrSite } from './fake-hr-site.js';
import { links, LoopbackSite } from './loopback-site.js';

const log = createLogger({ level: 'silent' });


describe('sync of a department website that behaves like a real one', () => {
  const site = new FakeHrSite();
  let knowledgeDir: string;
  let dataDir: string;
  let first: SyncReport;
  const sync = (extra: { prune?: boolean; urls?: string[] } = {}) =>
    runSync(
      { urls: [site.url('/hr/tzgg/index.html'), site.url('/hr/bszn/index.html')], knowledgeDir, dataDir, delayMs: 5, timeoutMs: 500, maxBytes: 200_000, ...extra },
      { log },
    );

  // The saved folder is named after host and port; a colon is not allowed in Windows file names.
  const hostDir = () => new URL(site.origin).host.replace(':', '-');

  beforeAll(async () => {
    await site.start();
    knowledgeDir = await mkdtemp(join(tmpdir(), 'sync-kb-'));
    dataDir = await mkdtemp(join(tmpdir(), 'sync-data-'));
    await mkdir(join(knowledgeDir, 'checkin'));
    await writeFile(join(knowledgeDir, 'checkin', 'handwritten.md'), '# 手写的说明\n\n人事秘书手写的报到提示，同步不能动它。\n');
    first = await sync();
  });
  afterAll(async () => {
    await site.stop();
    await rm(knowledgeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it('saves the articles of both columns and their pages, and every type of attachment beside its article', () => {
    const host = hostDir();
    expect([...first.added].sort()).toEqual([
      `site/${host}/hr/bszn/baodao.html`,
      `site/${host}/hr/bszn/gongzuozheng.html`,
      `site/${host}/hr/bszn/zhufang-banfa.pdf`,
      `site/${host}/hr/bszn/zhufang-shenqingbiao.doc`,
      `site/${host}/hr/bszn/zhufang-zujin.xlsx`,
      `site/${host}/hr/bszn/zhufang.html`,
      `site/${host}/hr/bszn/报到须知.docx`,
      `site/${host}/hr/tzgg/2025/0801-zhufang.html`,
      `site/${host}/hr/tzgg/2025/0901-tijian.html`,
      `site/${host}/hr/tzgg/2025/0902-gongzi.html`,
    ]);
    expect(first.listPages).toBe(4);
  });

  it('names each failure with its reason: the 404, the slow page, the huge page and file; robots.txt keeps it out of a folder', () => {
    const reasons = Object.fromEntries(first.failed.map((f) => [new URL(f.url).pathname, f.reason]));
    expect(reasons).toEqual({
      '/hr/files/xuanchuanpian.pdf': 'larger than the 195 KB limit (1465 KB)',
      '/hr/tzgg/2025/0701-missing.html': 'HTTP 404',
      '/hr/tzgg/2025/0702-slow.html': 'no response within 0.5 s',
      '/hr/tzgg/2025/0703-huge.html': expect.stringMatching(/larger than the 195 KB limit/),
    });
    expect(first.skipped.map((s) => new URL(s.url).pathname)).toEqual(['/hr/tzgg/internal/draft.html']);
    expect(site.requests.some((r) => r.path === '/hr/tzgg/internal/draft.html')).toBe(false);
    expect(site.requests.every((r) => r.userAgent?.startsWith('onboarding-bot-sync/'))).toBe(true);
  });

  it('decodes the GBK article and records URL, title and publication date in its side file', async () => {
    const dir = join(knowledgeDir, 'site', hostDir(), 'hr');
    expect(await readFile(join(dir, 'tzgg/2025/0902-gongzi.html'), 'utf8')).toContain('首次发放在次月十五日');
    expect(await readFile(join(dir, 'tzgg/2025/0902-gongzi.html.meta.yaml'), 'utf8')).toBe(
      `title: 2025年秋季新进教职工起薪说明\nsource: ${site.url('/hr/tzgg/2025/0902-gongzi.html')}\nupdated: 2025-09-02\n`,
    );
    expect(await readFile(join(dir, 'tzgg/2025/0801-zhufang.html.meta.yaml'), 'utf8')).toContain(`source: ${site.url('/hr/tzgg/2025/0801-zhufang.html')}`);
    expect(await readFile(join(dir, 'bszn/报到须知.docx.meta.yaml'), 'utf8')).toBe(
      `title: 新进教职工报到指南（附件：报到须知.docx）\nsource: ${site.url('/hr/bszn/baodao.html')}\n`,
    );
  });

  it('reads every attachment type it saved without a warning, and answers a question only the Word attachment answers, citing the attachment and its page', async () => {
    const app = await createApp({ knowledgeDir, dataDir: join(dataDir, 'bot'), env: {}, logger: log });
    try {
      const index = app.knowledge.current();
      expect(index.warnings).toEqual([]);
      const formats = Object.fromEntries(index.documents.filter((d) => d.path.startsWith('site/')).map((d) => [d.path.split('/').pop(), d.format]));
      expect(formats).toMatchObject({ '报到须知.docx': 'docx', 'zhufang-shenqingbiao.doc': 'doc', 'zhufang-banfa.pdf': 'pdf', 'zhufang-zujin.xlsx': 'xlsx' });
      expect(index.chunks.some((c) => c.text.includes('澄园1号楼') && c.text.includes('月租金'))).toBe(true);

      const reply = await app.ask({ text: '新进教职工的报到手续在哪里办理？', history: [], userId: 'web:newcomer' });
      expect(reply.escalated).toBe(false);
      expect(reply.reply).toContain('行政楼B座217室');
      expect(reply.reply).toContain('《新进教职工报到指南（附件：报到须知.docx）》');
      expect(reply.reply).toContain(site.url('/hr/bszn/baodao.html'));
      expect(reply.sources[0]?.path).toMatch(/报到须知\.docx$/);
    } finally {
      await app.close();
    }
  });

  it('a second run asks with validators, reports exactly the one edited article, and leaves hand-written files alone', async () => {
    site.edit('/hr/tzgg/2025/0901-tijian.html', '<html><head><meta charset="utf-8"></head><body><div class="article"><h1>关于新进教职工入职体检的通知</h1><p>发布时间：2025-09-01</p><p>入职体检改在报到后两周内完成。</p></div></body></html>');
    const before = site.requests.length;
    const second = await sync();
    expect(second.added).toEqual([]);
    expect(second.changed).toEqual([`site/${hostDir()}/hr/tzgg/2025/0901-tijian.html`]);
    expect(second.unchanged).toBe(9);
    expect(second.notModified).toBeGreaterThanOrEqual(12);
    expect(site.requests.slice(before).filter((r) => r.path !== '/robots.txt' && !r.conditional).map((r) => r.path).sort()).toEqual([
      '/hr/files/xuanchuanpian.pdf', '/hr/tzgg/2025/0701-missing.html', '/hr/tzgg/2025/0702-slow.html', '/hr/tzgg/2025/0703-huge.html',
    ]);
    expect(await readFile(join(knowledgeDir, 'checkin', 'handwritten.md'), 'utf8')).toContain('同步不能动它');
  });

  it('keeps an article gone from the site unless --prune, and then removes only it', async () => {
    const host = hostDir();
    site.remove('/hr/bszn/gongzuozheng.html');
    const kept = await sync();
    expect(kept.gone).toEqual([`site/${host}/hr/bszn/gongzuozheng.html`]);
    expect(kept.removed).toEqual([]);
    const pruned = await sync({ prune: true });
    expect(pruned.removed).toEqual([`site/${host}/hr/bszn/gongzuozheng.html`]);
    await expect(readFile(join(knowledgeDir, 'site', host, 'hr/bszn/gongzuozheng.html'))).rejects.toThrow();
    expect(await readFile(join(knowledgeDir, 'checkin', 'handwritten.md'), 'utf8')).toContain('同步不能动它');
  });

  it('judges only the documents of the list pages it was given: one column synced with --prune leaves the other alone', async () => {
    const host = hostDir();
    const tzggOnly = await sync({ urls: [site.url('/hr/tzgg/index.html')], prune: true });
    expect(tzggOnly.removed).toEqual([]);
    expect(tzggOnly.gone).toEqual([]);
    expect(await readFile(join(knowledgeDir, 'site', host, 'hr/bszn/baodao.html'), 'utf8')).toContain('报到所需材料见附件');
    expect(await readFile(join(knowledgeDir, 'site', host, 'hr/bszn/报到须知.docx'))).toBeInstanceOf(Buffer);
  });
});

describe('sync after an old address was redirected to a page', () => {
  const site = new LoopbackSite();
  let sandbox: string;
  const page = '<html><head><title>周转房申请办法</title></head><body><h1>周转房申请办法</h1><p>周转房申请每年三月和九月集中受理。</p></body></html>';

  beforeAll(async () => {
    await site.start();
    sandbox = await mkdtemp(join(tmpdir(), 'sync-moved-'));
  });
  afterAll(async () => {
    await site.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('keeps the page with --prune once the list links its new address directly', async () => {
    const sync = () => runSync({ urls: [site.url('/hr/tzgg/list.html')], knowledgeDir: join(sandbox, 'kb'), dataDir: join(sandbox, 'data'), delayMs: 0, prune: true }, { log });
    const saved = `site/${new URL(site.origin).host.replace(':', '-')}/hr/tzgg/2025/zhufang.html`;
    site.answers.set('/hr/tzgg/old/zhufang.html', { status: 301, location: '/hr/tzgg/2025/zhufang.html' });
    site.answers.set('/hr/tzgg/2025/zhufang.html', { body: page });
    site.answers.set('/hr/tzgg/list.html', { body: links(['old/zhufang.html', '周转房申请办法']) });
    expect((await sync()).added).toEqual([saved]);

    // The department fixes its link; the old address is no longer on the list.
    site.answers.set('/hr/tzgg/list.html', { body: links(['2025/zhufang.html', '周转房申请办法']) });
    const second = await sync();
    expect(second.removed).toEqual([]);
    expect(second.gone).toEqual([]);
    expect(await readFile(join(sandbox, 'kb', saved), 'utf8')).toContain('三月和九月');
  });
});
