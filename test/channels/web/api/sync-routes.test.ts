import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../../../src/channels/web/api/context.js';
import { syncRoutes } from '../../../../src/channels/web/api/sync-routes.js';
import type { ReloadReport } from '../../../../src/knowledge/knowledge-base.js';
import { silentLogger } from '../../../../src/logging/logger.js';
import { SiteSync } from '../../../../src/sync/site-sync.js';
import { FakeHrSite } from '../../../sync/fake-hr-site.js';
import { routeHarness } from '../route-harness.js';

describe('the sync routes', () => {
  const site = new FakeHrSite();
  let h: Awaited<ReturnType<typeof routeHarness>>;
  let sandbox: string;
  let siteSync: SiteSync;
  const reloads: string[] = [];
  // The bot's reload is the knowledge base's own business (test/channels/web/pages/admin-sync.test.ts runs it for real).
  const reload = async () => (reloads.push('reload'), { ok: true } as ReloadReport);

  beforeAll(async () => {
    await site.start();
    sandbox = await mkdtemp(join(tmpdir(), 'sync-routes-'));
    const common = { knowledgeDir: join(sandbox, 'knowledge'), dataDir: join(sandbox, 'data'), delayMs: 0, timeoutMs: 300, maxBytes: 200_000, log: silentLogger(), reload };
    siteSync = new SiteSync({ ...common, urls: [site.url('/hr/tzgg/index.html')] });
    const unconfigured = new SiteSync({ ...common, urls: [] });
    // The routes over a sync with list pages, and under /bare over one without.
    h = await routeHarness(({ log }) => new Hono<Env>().route('/', syncRoutes({ siteSync, log, inboxWaitSeconds: 25 })).route('/bare', syncRoutes({ siteSync: unconfigured, log, inboxWaitSeconds: 25 })));
  });
  afterAll(async () => {
    await siteSync?.stop();
    await h?.close();
    await site.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('are for admins only', async () => {
    expect((await h.request('GET', '/admin/sync')).status).toBe(401);
    expect((await h.request('POST', '/admin/sync', { as: h.signIn('secretary') })).status).toBe(403);
  });

  it('start a run at once, refuse a second while it runs, then show the report with each failure explained in Chinese', async () => {
    const admin = h.signIn('admin');
    expect((await h.request('GET', '/admin/sync', { as: admin })).data).toMatchObject({ configured: true, running: false, last: null });
    const started = await h.request('POST', '/admin/sync', { as: admin });
    expect(started).toMatchObject({ status: 202, data: { running: true } });
    expect(started.data.runningSince).toEqual(expect.any(String));
    const again = await h.request('POST', '/admin/sync', { as: admin });
    expect(again).toMatchObject({ status: 409, data: { code: 'busy', error: expect.stringMatching(/already running since/) } });

    // A long poll answers after the wait asked for while the run goes on (its slow page alone takes 0.3 s)…
    expect((await h.request('GET', '/admin/sync?wait=0.01', { as: admin })).data.running).toBe(true);
    // …and when the run, reload included, has ended.
    const status = await h.request('GET', '/admin/sync?wait=25', { as: admin });
    expect(status.data.running).toBe(false);
    const failed = status.data.last.failed as Array<{ reason: string; explained: string }>;
    expect(failed.find((f) => f.reason === 'no response within 0.3 s')?.explained).toBe('0.3 秒内没有响应（no response within 0.3 s）');
    expect(failed.every((f) => f.explained.endsWith(`（${f.reason}）`))).toBe(true);
    expect(status.data.last.added.length).toBeGreaterThan(0);
    expect(reloads).toEqual(['reload']);
  });

  it('answer a long poll at once when no run goes on, and refuse a wait that is not a number of seconds', async () => {
    const admin = h.signIn('admin');
    const started = performance.now();
    expect((await h.request('GET', '/bare/admin/sync?wait=25', { as: admin })).data).toMatchObject({ running: false });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await h.request('GET', '/admin/sync?wait=soon', { as: admin })).toMatchObject({ status: 400, data: { error: expect.stringMatching(/wait/) } });
  });

  it('say why no run starts: nothing to sync, or the bot is stopping', async () => {
    const admin = h.signIn('admin');
    expect((await h.request('GET', '/bare/admin/sync', { as: admin })).data).toMatchObject({ configured: false, running: false });
    expect(await h.request('POST', '/bare/admin/sync', { as: admin })).toMatchObject({ status: 409, data: { code: 'not-configured', error: expect.stringMatching(/SYNC_URLS/) } });
    await siteSync.stop();
    expect(await h.request('POST', '/admin/sync', { as: admin })).toMatchObject({ status: 409, data: { code: 'stopping', error: 'the bot is stopping' } });
  });
});
