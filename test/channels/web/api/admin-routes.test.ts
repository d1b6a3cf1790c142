import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../../src/channels/web/api/admin-routes.js';
import { MAX_UPLOAD_BYTES } from '../../../../src/channels/web/documents.js';
import { hasStack, routeHarness, type Caller } from '../route-harness.js';
import { Client, useAdminServer, visitor } from '../web-fixture.js';

let h: Awaited<ReturnType<typeof routeHarness>>;
let admin: Caller;

beforeAll(async () => {
  h = await routeHarness((ctx) => adminRoutes(ctx));
  admin = h.signIn('admin');
});
afterAll(async () => {
  await h?.close();
});

const GOOD = '---\ntitle: 班车时刻\ncategory: general\n---\n\n# 班车时刻\n\n校区班车每天早上七点从东门发车。\n';

const upload = (query: string, body: string | Buffer, as: Caller = admin) =>
  h.request('PUT', `/admin/documents?${query}`, {
    as,
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
    headers: { 'content-type': 'application/octet-stream' },
  });

/** Every file under knowledge/, to show a refused request wrote nothing. */
const files = () => readdirSync(h.knowledgeDir, { recursive: true }).map(String).sort();

describe('who may use the admin routes', () => {
  it('refuses a secretary with 403 on every admin route and writes nothing', async () => {
    const before = files();
    const secretary = h.signIn('secretary');
    for (const [method, path] of [
      ['GET', '/admin/knowledge'],
      ['POST', '/admin/reload'],
      ['PUT', '/admin/documents?path=general/bus.md'],
      ['GET', '/admin/synonyms'],
      ['PUT', '/admin/synonyms'],
      ['GET', '/admin/questions'],
    ] as const) {
      const res = await h.request(method, path, { as: secretary, json: method === 'GET' ? undefined : { text: '' } });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.data.error).toBe('this needs the admin role');
    }
    expect(files()).toEqual(before);
  });

  it('refuses writes without the CSRF token of the session', async () => {
    const before = files();
    const noToken = { ...admin, csrf: 'not-the-token' };
    expect((await h.request('POST', '/admin/reload', { as: noToken })).status).toBe(403);
    expect((await upload('path=general/bus.md', GOOD, noToken)).status).toBe(403);
    const synonyms = await h.request('PUT', '/admin/synonyms', { as: noToken, json: { text: '' } });
    expect(synonyms.status).toBe(403);
    expect(synonyms.data.error).toMatch(/x-csrf-token/);
    expect(files()).toEqual(before);
  });
});

describe('uploading documents', () => {
  it('names the query field that is wrong and writes nothing', async () => {
    const before = files();
    for (const [query, pattern] of [
      ['', /^path: /],
      ['path=', /^path: is empty; give a path inside knowledge\//],
      [`path=${'a'.repeat(301)}.md`, /^path: /],
      ['path=general/bus.md&replace=yes', /^replace: /],
    ] as const) {
      const res = await upload(query, GOOD);
      expect(res.status, query).toBe(400);
      expect(res.data.error).toMatch(pattern);
      expect(hasStack(res.data)).toBe(false);
    }
    expect(files()).toEqual(before);
  });

  it('refuses a body over the upload limit before reading it, in English and Chinese', async () => {
    const res = await upload('path=general/huge.pdf', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'a'));
    expect(res.status).toBe(413);
    expect(res.data).toEqual({ error: `file is larger than ${MAX_UPLOAD_BYTES / 1048576} MiB`, message: `文件超过 ${MAX_UPLOAD_BYTES / 1048576} MiB` });
    expect(existsSync(join(h.knowledgeDir, 'general/huge.pdf'))).toBe(false);
  });

  it('says in Chinese why a text file is too big or a name is taken', async () => {
    const big = await upload('path=general/big.txt', Buffer.alloc(2 * 1048576 + 1, 'a'));
    expect(big).toMatchObject({ status: 413, data: { message: '文件超过 2 MiB' } });
    expect(existsSync(join(h.knowledgeDir, 'general/big.txt'))).toBe(false);
    const taken = h.app.knowledge.current().documents.find((d) => d.path.endsWith('.md'))!.path;
    const before = readFileSync(join(h.knowledgeDir, taken), 'utf8');
    const clash = await upload(`path=${encodeURIComponent(taken)}&replace=0`, GOOD);
    expect(clash.status).toBe(409);
    expect(clash.data.message).toBe('已有同名文件；要覆盖请勾选“如已存在则替换”');
    expect(readFileSync(join(h.knowledgeDir, taken), 'utf8')).toBe(before);
  });
});

describe('reloading', () => {
  it('reports a failed reload in Chinese, and the old documents keep serving', async () => {
    const before = (await h.request('GET', '/admin/knowledge', { as: admin })).data;
    const away = `${h.knowledgeDir}-away`;
    renameSync(h.knowledgeDir, away);
    try {
      const res = await h.request('POST', '/admin/reload', { as: admin });
      expect(res.status).toBe(200);
      expect(res.data.report).toMatchObject({ ok: false, documents: before.documentCount, errorText: '找不到知识库文件夹' });
      const status = await h.request('GET', '/admin/knowledge', { as: admin });
      expect(status.data.documentCount).toBe(before.documentCount);
      expect(status.data.lastReload.report).toMatchObject({ ok: false, errorText: '找不到知识库文件夹' });
    } finally {
      renameSync(away, h.knowledgeDir);
    }
    const back = await h.request('POST', '/admin/reload', { as: admin });
    expect(back.data.report.ok).toBe(true);
    expect(back.data.report.errorText).toBeUndefined();
  });
});

describe('synonyms', () => {
  it('names the body field that is wrong and leaves the file as it was', async () => {
    const file = join(h.knowledgeDir, 'synonyms.yaml');
    const before = readFileSync(file, 'utf8');
    for (const [json, pattern] of [
      [{}, /^text: /],
      [{ text: 42 }, /^text: /],
      [{ text: 'a'.repeat(64_001) }, /^text: is longer than 64000 characters/],
    ] as const) {
      const res = await h.request('PUT', '/admin/synonyms', { as: admin, json });
      expect(res.status).toBe(400);
      expect(res.data.error).toMatch(pattern);
    }
    const form = await h.request('PUT', '/admin/synonyms', { as: admin, body: 'text=a', headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(415);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('ends the saved file with a newline, and an empty text clears the synonyms', async () => {
    const file = join(h.knowledgeDir, 'synonyms.yaml');
    const saved = await h.request('PUT', '/admin/synonyms', { as: admin, json: { text: '游泳馆: [泳池]' } });
    expect(saved.status).toBe(200);
    expect(saved.data.synonyms).toEqual([{ from: '泳池', to: '游泳馆' }]);
    expect(readFileSync(file, 'utf8')).toBe('游泳馆: [泳池]\n');
    const cleared = await h.request('PUT', '/admin/synonyms', { as: admin, json: { text: '' } });
    expect(cleared.data.synonyms).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(readdirSync(h.knowledgeDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('shows a file broken by hand with its line in Chinese, keeping the synonyms that worked', async () => {
    await h.request('PUT', '/admin/synonyms', { as: admin, json: { text: '游泳馆: [泳池]\n' } });
    writeFileSync(join(h.knowledgeDir, 'synonyms.yaml'), '游泳馆: [泳池]\n附属小学: "附小\n');
    await h.request('POST', '/admin/reload', { as: admin });
    const res = await h.request('GET', '/admin/synonyms', { as: admin });
    expect(res.status).toBe(200);
    expect(res.data.text).toContain('附属小学: "附小');
    expect(res.data.synonyms).toEqual([{ from: '泳池', to: '游泳馆' }]);
    expect(res.data.problem).toMatchObject({ path: 'synonyms.yaml', line: 2, text: 'synonyms.yaml 第 2 行：引号没有闭合' });
  });
});

describe('questions to review', () => {
  it('names a bad days value', async () => {
    for (const days of ['0', '366', 'abc', '1.5']) {
      const res = await h.request('GET', `/admin/questions?days=${days}`, { as: admin });
      expect(res.status, days).toBe(400);
      expect(res.data.error).toMatch(/^days: /);
    }
  });

  it('looks back 30 days unless told otherwise', async () => {
    const res = await h.request('GET', '/admin/questions', { as: admin });
    expect(res.status).toBe(200);
    expect(res.data.days).toBe(30);
    expect(res.data.since).toBe(new Date(h.clock.now().getTime() - 30 * 86_400_000).toISOString());
    const week = await h.request('GET', '/admin/questions?days=7', { as: admin });
    expect(week.data.since).toBe(new Date(h.clock.now().getTime() - 7 * 86_400_000).toISOString());
  });
});

describe('the admin API on a running server', () => {
  const server = useAdminServer();

  it('shows the knowledge status and reloads with a report', async () => {
    const status = await server.admin.get('/api/admin/knowledge');
    expect(status.status).toBe(200);
    expect(status.data.documentCount).toBeGreaterThan(5);
    expect(status.data.chunkCount).toBeGreaterThan(status.data.documentCount);
    expect(status.data.documents[0]).toEqual(expect.objectContaining({ path: expect.any(String), title: expect.any(String), chunks: expect.any(Number) }));
    expect(status.data.lastReload.report.ok).toBe(true);
    const reload = await server.admin.post('/api/admin/reload');
    expect(reload.status).toBe(200);
    expect(reload.data.report).toMatchObject({ ok: true, documents: status.data.documentCount });
  });

  it('shows, checks and saves the synonyms, which then widen what questions find', async () => {
    const shown = await server.admin.get('/api/admin/synonyms');
    expect(shown.data.text).toMatch(/附属小学: 附小/);
    expect(shown.data.problem).toBeNull();
    const bad = await server.admin.request('PUT', '/api/admin/synonyms', { json: { text: '开放时间: [开门]\n附属小学: "附小\n' } });
    expect(bad.status).toBe(422);
    expect(bad.data).toMatchObject({ line: 2, message: 'synonyms.yaml 第 2 行：引号没有闭合' });
    expect(readFileSync(join(server.fx.knowledgeDir, 'synonyms.yaml'), 'utf8')).toBe(shown.data.text);

    const ask = (text: string) => new Client(server.base).post('/api/chat', { user: visitor('syn'), text });
    // This FAQ says 游泳馆; nothing in knowledge/ says 泳池.
    const faq = '---\ntitle: 游泳馆开放时间\ncategory: general\n---\n\n# 游泳馆开放时间\n\n学校游泳馆每天下午两点到晚上九点开放，周一闭馆。\n';
    expect((await server.admin.upload('general/swimming_faq.md', faq)).status).toBe(201);
    const before = await ask('泳池周一开吗');
    const saved = await server.admin.request('PUT', '/api/admin/synonyms', { json: { text: `${shown.data.text}游泳馆: [泳池, 泳馆]\n` } });
    expect(saved.status).toBe(200);
    expect(saved.data.synonyms).toEqual(expect.arrayContaining([{ from: '泳池', to: '游泳馆' }]));
    expect(saved.data.report.ok).toBe(true);
    const after = await ask('泳池周一开吗');
    expect(after.data.escalated).toBe(false);
    expect(after.data.reply).toMatch(/周一闭馆/);
    expect(before.data.escalated).toBe(true);
  });
});
