import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.js';
import { crawl, type PageOutcome } from '../../src/sync/crawler.js';
import { syncOptionsSchema, type SyncOptionsInput } from '../../src/sync/options.js';
import { emptyReport } from '../../src/sync/sync-report.js';
import { SyncState } from '../../src/sync/sync-state.js';
import { links, LoopbackSite } from './loopback-site.js';

const article = (title: string, body = '', extra = '') =>
  `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>发布时间：2025-09-01</p><p>${body}</p>${extra}</body></html>`;

describe('the site crawler', () => {
  const site = new LoopbackSite();
  const elsewhere = new LoopbackSite();
  const sandboxes: string[] = [];

  beforeAll(async () => {
    await Promise.all([site.start(), elsewhere.start()]);
  });
  afterEach(() => {
    site.reset();
    elsewhere.reset();
  });
  afterAll(async () => {
    await Promise.all([site.stop(), elsewhere.stop()]);
    await Promise.all(sandboxes.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function run(extra: Partial<SyncOptionsInput> = {}, signal?: AbortSignal) {
    const sandbox = await mkdtemp(join(tmpdir(), 'crawler-'));
    sandboxes.push(sandbox);
    const options = syncOptionsSchema.parse({
      urls: [site.url('/hr/tzgg/list.html')],
      knowledgeDir: join(sandbox, 'knowledge'),
      dataDir: join(sandbox, 'data'),
      delayMs: 0,
      timeoutMs: 2000,
      ...extra,
    });
    const state = new SyncState(options.dataDir);
    const report = emptyReport();
    const outcomes: Array<[string, PageOutcome]> = [];
    try {
      const { complete } = await crawl(options, { state, log: silentLogger(), report, run: state.beginRun(), signal, onPage: (url, outcome) => outcomes.push([new URL(url).pathname, outcome]) });
      const reasons = Object.fromEntries(report.failed.map((f) => [new URL(f.url).pathname, f.reason]));
      return { complete, report, reasons, outcomes, knowledgeDir: options.knowledgeDir };
    } finally {
      state.close();
    }
  }
  const saved = (path: string) => `site/${new URL(site.origin).host.replace(':', '-')}${path}`;

  it('follows the list to its pages and their attachments, and nothing on another host, outside the folder or below an article', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(
      ['a1.html', '入职体检通知'],
      ['sub/a2.html', '起薪说明'],
      ['/hr/other/x.html', '另一个栏目'],
      [elsewhere.url('/hr/tzgg/a9.html'), '外站文章'],
    ) });
    site.answers.set('/hr/tzgg/a1.html', { body: article('入职体检通知', '报到后一个月内完成体检。', '<a href="/files/tijian.docx">体检表.docx</a><a href="a3.html">相关阅读</a>' + `<a href="${elsewhere.url('/files/x.pdf')}">外站附件.pdf</a>`) });
    site.answers.set('/hr/tzgg/sub/a2.html', { body: article('起薪说明', '工资自报到当月起计发。') });
    // Served as a download: an attachment is a document whatever type the server names.
    site.answers.set('/files/tijian.docx', { type: 'application/octet-stream', body: 'word bytes' });
    site.answers.set('/hr/tzgg/a3.html', { body: article('相关阅读') });
    site.answers.set('/hr/other/x.html', { body: article('另一个栏目') });

    const { complete, report, knowledgeDir } = await run();
    expect(complete).toBe(true);
    expect([...report.added].sort()).toEqual([saved('/hr/tzgg/a1.html'), saved('/hr/tzgg/sub/a2.html'), saved('/hr/tzgg/tijian.docx')]);
    expect(report.listPages).toBe(1);
    expect(report.failed).toEqual([]);
    expect(site.asked).not.toContain('/hr/tzgg/a3.html');
    expect(site.asked).not.toContain('/hr/other/x.html');
    expect(elsewhere.asked).toEqual([]);
    expect(await readFile(join(knowledgeDir, saved('/hr/tzgg/a1.html')), 'utf8')).toContain('报到后一个月内完成体检');
    expect(await readFile(join(knowledgeDir, saved('/hr/tzgg/tijian.docx')), 'utf8')).toBe('word bytes');
  });

  it('keeps out of what robots.txt disallows and reports it as skipped, not failed', async () => {
    site.answers.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /hr/tzgg/internal/\n' });
    site.answers.set('/hr/tzgg/list.html', { body: links(['a1.html', '公开通知'], ['internal/draft.html', '内部草稿']) });
    site.answers.set('/hr/tzgg/a1.html', { body: article('公开通知') });
    site.answers.set('/hr/tzgg/internal/draft.html', { body: article('内部草稿') });

    const { report, outcomes } = await run();
    expect(site.asked).not.toContain('/hr/tzgg/internal/draft.html');
    expect(report.skipped).toEqual([{ url: site.url('/hr/tzgg/internal/draft.html'), reason: 'robots.txt disallows it' }]);
    expect(report.failed).toEqual([]);
    expect(outcomes).toContainEqual(['/hr/tzgg/internal/draft.html', 'skipped']);
    expect(report.added).toEqual([saved('/hr/tzgg/a1.html')]);
  });

  it('asks for a page linked from several list pages once, and follows pagination', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['a1.html', '入职体检通知'], ['list_2.html', '下一页']) });
    site.answers.set('/hr/tzgg/list_2.html', { body: links(['a1.html', '入职体检通知'], ['a2.html', '起薪说明'], ['list.html', '上一页']) });
    site.answers.set('/hr/tzgg/a1.html', { body: article('入职体检通知') });
    site.answers.set('/hr/tzgg/a2.html', { body: article('起薪说明') });

    const { report } = await run();
    expect(report.listPages).toBe(2);
    expect(site.asked.filter((p) => p === '/hr/tzgg/a1.html')).toHaveLength(1);
    expect(site.asked.filter((p) => p === '/hr/tzgg/list.html')).toHaveLength(1);
    expect([...report.added].sort()).toEqual([saved('/hr/tzgg/a1.html'), saved('/hr/tzgg/a2.html')]);
  });

  it('stops at the page limit and says the crawl was incomplete, so nothing is pruned', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['a1.html', '一'], ['a2.html', '二'], ['a3.html', '三']) });
    for (const n of [1, 2, 3]) site.answers.set(`/hr/tzgg/a${n}.html`, { body: article(`通知${n}`) });

    const { complete, report } = await run({ maxPages: 2 });
    expect(complete).toBe(false);
    // The list page counts as one of the two.
    expect(report.added).toEqual([saved('/hr/tzgg/a1.html')]);
    expect(site.asked).not.toContain('/hr/tzgg/a2.html');
  });

  it('follows a redirect within the site and saves the page under its new address, refusing one that leaves the site or loops', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['old.html', '旧地址'], ['away.html', '搬走了'], ['loop.html', '转圈']) });
    site.answers.set('/hr/tzgg/old.html', { status: 301, location: '/hr/tzgg/2025/new.html' });
    site.answers.set('/hr/tzgg/2025/new.html', { body: article('周转房申请办法') });
    site.answers.set('/hr/tzgg/away.html', { status: 302, location: elsewhere.url('/hr/tzgg/away.html') });
    site.answers.set('/hr/tzgg/loop.html', { status: 301, location: '/hr/tzgg/loop.html' });

    const { report, reasons } = await run();
    expect(report.added).toEqual([saved('/hr/tzgg/2025/new.html')]);
    expect(reasons['/hr/tzgg/away.html']).toBe(`redirected off the synced site to ${elsewhere.url('/hr/tzgg/away.html')}`);
    expect(reasons['/hr/tzgg/loop.html']).toBe('more than 5 redirects');
    expect(elsewhere.asked).toEqual([]);
  });

  it('reports a page reached by its old address and by its new one once, as one new document', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['old.html', '旧地址'], ['2025/new.html', '新地址']) });
    site.answers.set('/hr/tzgg/old.html', { status: 301, location: '/hr/tzgg/2025/new.html' });
    site.answers.set('/hr/tzgg/2025/new.html', { body: article('周转房申请办法') });

    const { report } = await run();
    expect(report.added).toEqual([saved('/hr/tzgg/2025/new.html')]);
    expect(report.unchanged).toBe(0);
  });

  it('names each failure with its reason and marks the crawl incomplete when a list page fails', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['gone.html', '已删除'], ['broken.html', '出错'], ['data.html', '数据'], ['list_2.html', '下一页']) });
    site.answers.set('/hr/tzgg/broken.html', { status: 500, body: 'oops' });
    site.answers.set('/hr/tzgg/data.html', { type: 'application/json', body: '{}' });
    site.answers.set('/hr/tzgg/list_2.html', { status: 503 });

    const { complete, reasons, outcomes } = await run();
    expect(reasons).toEqual({
      '/hr/tzgg/gone.html': 'HTTP 404',
      '/hr/tzgg/broken.html': 'HTTP 500',
      '/hr/tzgg/data.html': 'not an HTML page (application/json)',
      '/hr/tzgg/list_2.html': 'HTTP 503',
    });
    expect(outcomes.filter(([, o]) => o === 'failed')).toHaveLength(4);
    expect(complete).toBe(false);
  });

  it('stops when asked: the page in flight is dropped as "sync stopped" and the crawl returns incomplete', async () => {
    site.answers.set('/hr/tzgg/list.html', { body: links(['slow.html', '很慢'], ['list_2.html', '下一页']) });
    site.answers.set('/hr/tzgg/slow.html', 'hang');
    site.answers.set('/hr/tzgg/list_2.html', 'hang');
    const stop = new AbortController();
    site.onHang = () => stop.abort();

    const started = Date.now();
    const { complete, reasons } = await run({ timeoutMs: 20_000 }, stop.signal);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reasons['/hr/tzgg/slow.html']).toBe('sync stopped');
    expect(reasons['/hr/tzgg/list_2.html']).toBe('sync stopped');
    expect(complete).toBe(false);
  });
});
