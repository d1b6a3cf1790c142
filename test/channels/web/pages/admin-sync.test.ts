import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_HTML } from '../../../../src/channels/web/pages/admin-page.js';
import { ADMIN_SYNC_JS, SYNC_SECTION_HTML } from '../../../../src/channels/web/pages/admin-sync.js';
import { createApp, type App } from '../../../../src/app.js';
import { startWebServer, type WebServer } from '../../../../src/channels/web/web-server.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/logging/logger.js';
import { SiteSync } from '../../../../src/sync/site-sync.js';
import { docx } from '../../../knowledge/office-fixtures.js';
import { seedSampleIndex } from '../../../sample-index.js';
import { FakeHrSite } from '../../../sync/fake-hr-site.js';
import { connectChromium, HAVE_CHROMIUM, PLACE, screenshot } from '../chromium.js';
import { ADMIN_PASSWORD, Client, REPO, SECRETARY_PASSWORD, WEDNESDAY_10AM } from '../web-fixture.js';
import { itShipsASoundScript, missingIds } from './markup.js';


interface Served {
  app: App;
  server: WebServer;
  knowledgeDir: string;
  close(): Promise<void>;
}

/** The real app and web server on a copy of knowledge/, syncing from the fake site (or from nothing). */
async function serve(site: FakeHrSite | undefined): Promise<Served> {
  const sandbox = await mkdtemp(join(tmpdir(), 'admin-sync-'));
  const knowledgeDir = join(sandbox, 'knowledge');
  const dataDir = join(sandbox, 'data');
  await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
  await seedSampleIndex(dataDir);
  const app = await createApp({
    knowledgeDir,
    dataDir,
    promptsDir: join(REPO, 'prompts'),
    logger: silentLogger(),
    clock: fixedClock(WEDNESDAY_10AM),
    env: {},
    config: { web: { secretaryPassword: SECRETARY_PASSWORD, adminPassword: ADMIN_PASSWORD } },
  });
  const siteSync = site
    ? new SiteSync({
        urls: [site.url('/hr/tzgg/index.html'), site.url('/hr/bszn/index.html')],
        knowledgeDir,
        dataDir,
        delayMs: 0,
        timeoutMs: 500,
        maxBytes: 200_000,
        log: silentLogger(),
        reload: () => app.reload(),
      })
    : undefined;
  const server = await startWebServer(app, { host: '127.0.0.1', port: 0, siteSync });
  return {
    app,
    server,
    knowledgeDir,
    async close() {
      await siteSync?.stop();
      await server.close();
      await app.close();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

async function untilIdle(admin: Client) {
  for (;;) {
    const res = await admin.get('/api/admin/sync');
    if (!res.data.running) return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// One server and site for the page and the API.
describe('the website sync on the admin page and its API', () => {
  const site = new FakeHrSite();
  let served: Served;
  let admin: Client;
  let browser: Browser | undefined;

  beforeAll(async () => {
    await site.start();
    [served, browser] = await Promise.all([serve(site), HAVE_CHROMIUM ? connectChromium() : undefined]);
    admin = new Client(served.server.url);
    await admin.login('admin');
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await site.stop();
  });

  const signIn = async (viewport: { width: number; height: number }, mobile: boolean) => {
    const context = await browser!.newContext({ ...PLACE, viewport, ...(mobile ? { isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    await page.goto(`${served.server.url}/admin`);
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#sync-report', { hasText: /还没有同步过|上次同步/ }).waitFor();
    return { context, page };
  };

  it.skipIf(!HAVE_CHROMIUM)('on a phone: "sync now" runs, the button waits, and the report names what is new and what failed, in Chinese', async () => {
    const { context, page } = await signIn({ width: 390, height: 844 }, true);
    await page.locator('#sync-report', { hasText: '还没有同步过网站。' }).waitFor();
    const button = page.getByRole('button', { name: '立即同步' });
    await button.click();
    await page.locator('#sync-summary', { hasText: '正在同步网站' }).waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.locator('#sync-report p', { hasText: '新增 10 篇，更新 0 篇，未变 0 篇，删除 0 篇，失败 4 个。' }).waitFor();
    // The report is written before the bot reloads; the button comes back once both are done.
    await page.waitForFunction(() => !(document.getElementById('sync-now') as HTMLButtonElement).disabled);
    const failures = page.locator('#sync-report details[open] li');
    expect(await failures.count()).toBe(4);
    expect(await page.locator('#sync-report').textContent()).toContain('网页不存在（可能已被删除）');
    // The document list on the same page learns of the synced files.
    await page.locator('#documents td', { hasText: '新进教职工报到指南（附件：报到须知.docx）' }).waitFor({ state: 'attached' });
    await screenshot(page, 'web-admin-sync-phone.png', { fullPage: true });
    await context.close();
  });

  it('the API is for admins only', async () => {
    expect((await new Client(served.server.url).get('/api/admin/sync')).status).toBe(401);
    const secretary = new Client(served.server.url);
    await secretary.login('secretary');
    expect((await secretary.get('/api/admin/sync')).status).toBe(403);
    expect((await secretary.post('/api/admin/sync')).status).toBe(403);
    expect((await admin.request('POST', '/api/admin/sync', { headers: { 'x-csrf-token': 'wrong' } })).status).toBe(403);
  });

  it('the API starts a sync, refuses a second while it runs, then shows the report, and the bot answers from the new documents', async () => {
    expect((await admin.get('/api/admin/sync')).data).toMatchObject({ configured: true, running: false });
    const started = await admin.post('/api/admin/sync');
    expect(started.status).toBe(202);
    expect(started.data.running).toBe(true);
    const again = await admin.post('/api/admin/sync');
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ code: 'busy', error: expect.stringMatching(/already running/) });

    const last = (await untilIdle(admin)).data.last;
    expect(last.added.length + last.unchanged).toBe(10);
    expect(last.failed.map((f: { explained: string }) => f.explained).sort()).toEqual([
      '0.5 秒内没有响应（no response within 0.5 s）',
      '文件太大，超过 195 KB 的上限（larger than the 195 KB limit (1465 KB)）',
      '文件太大，超过 195 KB 的上限（larger than the 195 KB limit）',
      '网页不存在（可能已被删除）（HTTP 404）',
    ]);
    expect(last.skipped[0].explained).toMatch(/robots\.txt 不允许抓取/);

    const knowledge = await admin.get('/api/admin/knowledge');
    expect(knowledge.data.documents.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining([expect.stringMatching(/报到须知\.docx$/)]));
    const asked = await new Client(served.server.url).post('/api/chat', { user: 'visitor-sync-0123456789', text: '新进教职工的报到手续在哪里办理？' });
    expect(asked.data.reply).toContain('行政楼B座217室');
  });

  it.skipIf(!HAVE_CHROMIUM)('on a desktop: the last report is there on arrival, and a Word file uploads and is read', async () => {
    const { context, page } = await signIn({ width: 1280, height: 900 }, false);
    await page.locator('#sync-report p', { hasText: '上次同步：' }).waitFor();
    await page.getByRole('button', { name: '立即同步' }).click();
    await page.locator('#sync-report p', { hasText: '新增 0 篇，更新 0 篇，未变 10 篇' }).waitFor();

    await page.getByLabel('文件').setInputFiles({ name: '坏的.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip') });
    await page.getByLabel('保存为（knowledge/ 下的路径）').fill('general/坏的.docx');
    await page.getByRole('button', { name: '上传并重新加载' }).click();
    // Waits for whichever outcome the page shows (the click set it to "checking"), then says which it should have been.
    const result = page.locator('#upload-result');
    const settled = () => page.waitForFunction(() => ['ok', 'error'].includes(document.getElementById('upload-result')!.className));
    await settled();
    expect(await result.getAttribute('class')).toBe('error');
    expect(await result.textContent()).toContain('没有保存：general/坏的.docx');
    expect(existsSync(join(served.knowledgeDir, 'general', '坏的.docx'))).toBe(false);

    const word = docx([{ text: '校园卡办理', style: 'Title' }, { text: '新进教职工的校园卡在图书馆一楼服务台办理，带身份证即可。' }]);
    await page.getByLabel('文件').setInputFiles({ name: '校园卡.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: word });
    await page.getByLabel('保存为（knowledge/ 下的路径）').fill('general/校园卡.docx');
    await page.getByRole('button', { name: '上传并重新加载' }).click();
    await settled();
    expect(await result.getAttribute('class')).toBe('ok');
    expect(await result.textContent()).toContain('已保存 general/校园卡.docx');
    expect(existsSync(join(served.knowledgeDir, 'general', '校园卡.docx'))).toBe(true);
    await page.locator('#report p', { hasText: '新增：general/校园卡.docx' }).waitFor();
    await screenshot(page, 'web-admin-sync-desktop.png', { fullPage: true });
    await context.close();
  });

  it('says sync is not set up when there are no list pages', async () => {
    const bare = await serve(undefined);
    try {
      const client = new Client(bare.server.url);
      await client.login('admin');
      expect((await client.get('/api/admin/sync')).data).toMatchObject({ configured: false, running: false });
      const refused = await client.post('/api/admin/sync');
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ code: 'not-configured', error: expect.stringMatching(/SYNC_URLS/) });
    } finally {
      await bare.close();
    }
  });
});

describe('the website sync section\'s markup and script', () => {
  it('sits on the admin page, its script loaded after the page\'s content', () => {
    expect(ADMIN_HTML).toContain(SYNC_SECTION_HTML);
    expect(ADMIN_HTML.indexOf('src="/assets/admin-sync.js"')).toBeGreaterThan(ADMIN_HTML.indexOf('</main>'));
  });

  it('has every element its script names, on the admin page', () => {
    expect(missingIds(ADMIN_HTML, ADMIN_SYNC_JS)).toEqual([]);
  });

  itShipsASoundScript(ADMIN_SYNC_JS);

  it('holds the "sync now" button disabled until the status says whether a sync can start', () => {
    expect(SYNC_SECTION_HTML).toMatch(/<button id="sync-now" type="button" disabled>立即同步<\/button>/);
  });
});
