import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApi } from '../../../src/channels/web/web-api.js';
import { SiteSync } from '../../../src/sync/site-sync.js';
import { routeHarness } from './route-harness.js';

let h: Awaited<ReturnType<typeof routeHarness>>;
let siteSync: SiteSync | undefined;

beforeAll(async () => {
  // The whole API as startWebServer builds it, from the default settings.
  h = await routeHarness((ctx, stores) => {
    const { app, log } = ctx;
    const web = app.config.web;
    siteSync = SiteSync.fromSettings(app.config.sync, { knowledgeDir: app.knowledge.knowledgeDir, dataDir: app.config.dataDir, log, reload: () => app.reload() });
    return createWebApi({
      ...ctx,
      ...stores,
      secureCookies: false,
      loginMaxFailures: web.loginMaxFailures,
      loginWindowMinutes: web.loginWindowMinutes,
      loginDelaySeconds: web.loginDelaySeconds,
      loginMaxDelayMinutes: web.loginMaxDelayMinutes,
      inboxWaitSeconds: web.inboxWaitSeconds,
      siteSync,
      trustProxy: undefined,
      chatPerAddressPerMinute: web.chatPerAddressPerMinute,
    });
  });
});
afterAll(async () => {
  await siteSync?.stop();
  await h?.close();
});

describe('access to the web API', () => {
  it('refuses anonymous callers on every /api route but chat', async () => {
    for (const [method, path] of [
      ['GET', '/tickets'],
      ['GET', '/tickets/ABCDE'],
      ['POST', '/tickets/ABCDE/answer'],
      ['POST', '/tickets/ABCDE/close'],
      ['GET', '/session'],
      ['POST', '/logout'],
      ['GET', '/admin/knowledge'],
      ['POST', '/admin/reload'],
      ['PUT', '/admin/documents?path=a.md'],
      ['GET', '/admin/questions'],
    ] as const) {
      const res = await h.request(method, path, method === 'GET' ? {} : { json: {} });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.data.error).toMatch(/sign in|not signed in/);
    }
  });

  it('refuses a signed-in write sent from another site, and takes one through an HTTPS proxy', async () => {
    const secretary = h.signIn('secretary');
    const foreign = await h.request('POST', '/tickets/ABCDE/close', { as: secretary, headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.data.error).toMatch(/other sites/);
    const form = await h.request('POST', '/tickets/ABCDE/close', { as: secretary, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' } });
    expect(form.status).toBe(403);
    // Behind an HTTPS proxy the page's origin differs from the server's only in the scheme.
    const proxied = await h.request('POST', '/tickets/ABCDE/close', { as: secretary, headers: { host: 'hr.example.edu.cn', origin: 'https://hr.example.edu.cn', 'sec-fetch-site': 'same-origin' } });
    expect(proxied.status).toBe(404);
    expect((await h.request('POST', '/tickets/ABCDE/close', { as: secretary })).status).toBe(404);
    expect((await h.request('GET', '/admin/knowledge', { as: secretary })).status).toBe(403);
  });

  it('names a route that does not exist and where the routes are described', async () => {
    const missing = await h.request('GET', '/nothing');
    expect(missing.status).toBe(404);
    expect(missing.data.error).toBe('no route GET /api/nothing; see docs/web-api.md');
  });
});
