import { existsSync, mkdirSync, readdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docx, pdf, xlsx } from '../../knowledge/office-fixtures.js';
import { Client, useAdminServer, visitor } from './web-fixture.js';

describe('saving a document uploaded on the admin page', () => {
  const server = useAdminServer();

  const GOOD = '---\ntitle: 班车时刻\ncategory: general\nupdated: 2026-11-01\n---\n\n# 班车时刻\n\n校区班车每天早上七点从东门发车。\n';

  it('refuses paths that leave knowledge/, odd names and wrong types, writing nothing', async () => {
    for (const path of ['../evil.md', '/etc/evil.md', 'housing/../../evil.md', 'C:/evil.md', 'a\\b.md', '.hidden.md', '_draft.md', 'housing/bad name.md', 'housing//x.md', './x.md']) {
      const res = await server.admin.upload(path, GOOD);
      expect(res.status, path).toBe(400);
      expect(res.data.error).toMatch(/path|"/);
    }
    const exe = await server.admin.upload('tools/run.exe', GOOD);
    expect(exe.status).toBe(415);
    expect(exe.data.error).toMatch(/not a \.md, \.markdown, \.txt, \.html, \.htm, \.docx, \.doc, \.pdf or \.xlsx file/);
    const synced = await server.admin.upload('site/hr.example.edu.cn/notice.md', GOOD);
    expect(synced.status).toBe(400);
    expect(synced.data.error).toMatch(/which the website sync keeps/);
    expect(existsSync(join(server.fx.sandbox, 'evil.md'))).toBe(false);
    expect(existsSync(join(server.fx.knowledgeDir, 'tools'))).toBe(false);
  });

  it('refuses to write through a link that leads out of knowledge/', async () => {
    mkdirSync(join(server.fx.sandbox, 'outside'));
    symlinkSync(join(server.fx.sandbox, 'outside'), join(server.fx.knowledgeDir, 'linked'));
    for (const path of ['linked/x.md', 'linked/deeper/x.md']) {
      const res = await server.admin.upload(path, GOOD);
      expect(res.status, path).toBe(400);
      expect(res.data.error).toMatch(/outside knowledge\/ through a link/);
    }
    expect(readdirSync(join(server.fx.sandbox, 'outside'))).toEqual([]);
    // The link would be reported by every later reload of this shared knowledge server.base.
    unlinkSync(join(server.fx.knowledgeDir, 'linked'));
  });

  it('refuses a text file over 2 MiB and an Office or PDF file over 20 MiB, as the loader does', async () => {
    const res = await server.admin.upload('general/huge.md', Buffer.alloc(2 * 1024 * 1024 + 10, 'a'));
    expect(res.status).toBe(413);
    expect(res.data.error).toMatch(/larger than 2 MiB, the limit for \.md files/);
    const pdfRes = await server.admin.upload('general/huge.pdf', Buffer.alloc(20 * 1024 * 1024 + 10, 'a'));
    expect(pdfRes.status).toBe(413);
    expect(pdfRes.data.error).toMatch(/larger than 20 MiB/);
  });

  it('saves Word, PDF and Excel files after reading them, and answers from them', async () => {
    const word = docx([{ text: '校园卡办理', style: 'Title' }, { text: '新进教职工的校园卡在图书馆一楼服务台办理，带身份证即可。' }]);
    const saved = await server.admin.upload('general/校园卡.docx', word);
    expect(saved.status).toBe(201);
    expect(saved.data.saved).toMatchObject({ path: 'general/校园卡.docx', title: '校园卡办理' });
    expect(saved.data.report.added).toEqual(['general/校园卡.docx']);
    const sheet = await server.admin.upload('housing/车位.xlsx', xlsx([{ name: '车位', rows: [['车场', '月费'], ['东区地下车库', '150元']] }]));
    expect(sheet.status).toBe(201);
    const paper = await server.admin.upload('general/文印室.pdf', pdf([[{ text: '文印服务', size: 18 }, { text: '行政楼一楼文印室为各部门免费复印报到材料，每人每次不超过二十页。' }]]));
    expect(paper.status).toBe(201);
    expect(paper.data.saved.title).toBe('文印服务');
    const answer = await new Client(server.base).post('/api/chat', { user: visitor('card'), text: '新进教职工的校园卡在哪里办理？' });
    expect(answer.data.reply).toMatch(/图书馆一楼/);
  });

  it('names what is wrong with an Office or PDF file and saves nothing', async () => {
    const scanned = await server.admin.upload('general/扫描件.pdf', pdf([[]]));
    expect(scanned.status).toBe(422);
    expect(scanned.data.error).toBe('general/扫描件.pdf: no text: scanned? run OCR first');
    const locked = await server.admin.upload('general/加密.pdf', pdf([[{ text: '机密文件的正文内容，足够长以便读取。' }]], { encrypted: true }));
    expect(locked.status).toBe(422);
    expect(locked.data.error).toMatch(/password-protected/);
    const broken = await server.admin.upload('general/坏的.docx', Buffer.from('this is not a zip archive at all'));
    expect(broken.status).toBe(422);
    expect(broken.data.file).toBe('general/坏的.docx');
    // Markdown saved with a .pdf name: the admin reads why in Chinese, not the loader's English.
    const renamed = await server.admin.upload('general/停车.pdf', '# 停车证\n\n停车证在保卫处办理。\n');
    expect(renamed.status).toBe(422);
    expect(renamed.data.message).toBe('general/停车.pdf：这不是 PDF 文件，可能已损坏或扩展名不对');
    for (const name of ['扫描件.pdf', '加密.pdf', '坏的.docx', '停车.pdf']) expect(existsSync(join(server.fx.knowledgeDir, 'general', name))).toBe(false);
  });

  it('names the file and line of broken front matter in Chinese and saves nothing', async () => {
    const res = await server.admin.upload('general/bus.md', '---\ntitle: "班车\ncategory: general\n---\n\n# 班车\n\n正文。\n');
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ file: 'general/bus.md', line: 2, message: 'general/bus.md 第 2 行：引号没有闭合' });
    expect(res.data.error).toMatch(/^general\/bus\.md:2: front matter is not valid YAML/);
    const date = await server.admin.upload('general/bus.md', '---\ntitle: 班车\nupdated: 下周一\n---\n\n正文\n');
    expect(date.data.message).toBe('general/bus.md 第 3 行：“日期 updated”应是 2025-07-08 这样真实存在的日期');
    expect(existsSync(join(server.fx.knowledgeDir, 'general/bus.md'))).toBe(false);
    const exe = await server.admin.upload('tools/run.exe', GOOD);
    expect(exe.data.message).toMatch(/^不支持这种文件类型/);
    expect((await server.admin.upload('../evil.md', GOOD)).data.message).toBe('保存路径必须在 knowledge/ 文件夹里面');
  });

  it('loads a document with an unknown category as general, and the report says so', async () => {
    const res = await server.admin.upload('general/canteen.md', '---\ntitle: 食堂\ncategory: canteen\n---\n\n# 食堂\n\n教工食堂在北区一楼。\n');
    expect(res.status).toBe(201);
    expect(res.data.report).toMatchObject({ ok: true, added: ['general/canteen.md'], skipped: [] });
    const warning = res.data.report.warnings.find((w: { path: string }) => w.path === 'general/canteen.md');
    expect(warning).toMatchObject({ line: 3, loaded: true });
    expect(warning.text).toMatch(/^general\/canteen\.md 第 3 行：分类“canteen”不认识，已按 general（综合）加载/);
    const status = await server.admin.get('/api/admin/knowledge');
    expect(status.data.documents.find((d: { path: string }) => d.path === 'general/canteen.md').category).toBe('general');
  });

  it('refuses HTML nested 3,000 deep with 422 and a plain Chinese reason, and saves nothing', async () => {
    const nested = `<html><body>${'<div>'.repeat(3000)}班车每天七点发车。${'</div>'.repeat(3000)}</body></html>`;
    const res = await server.admin.upload('general/nested.html', nested);
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ file: 'general/nested.html', error: expect.stringMatching(/nests 300\d levels deep/) });
    expect(res.data.reason).toMatch(/嵌套了 300\d 层（最多 500 层）/);
    expect(existsSync(join(server.fx.knowledgeDir, 'general/nested.html'))).toBe(false);
  });

  it('saves a valid document, reloads, and replaces only when asked', async () => {
    const created = await server.admin.upload('general/bus.md', GOOD);
    expect(created.status).toBe(201);
    expect(created.data.saved).toMatchObject({ path: 'general/bus.md', replaced: false, title: '班车时刻' });
    expect(created.data.report).toMatchObject({ ok: true, added: ['general/bus.md'] });
    const clash = await server.admin.upload('general/bus.md', GOOD);
    expect(clash.status).toBe(409);
    expect(clash.data.error).toMatch(/already exists/);
    const replaced = await server.admin.upload('general/bus.md', GOOD.replace('七点', '七点半'), true);
    expect(replaced.status).toBe(200);
    expect(replaced.data.report.changed).toEqual(['general/bus.md']);
    const answer = await new Client(server.base).post('/api/chat', { user: visitor('bus'), text: '班车几点从东门发车' });
    expect(answer.data.reply).toMatch(/七点半/);
  });

  it('saves the .htm and .markdown files the page\'s file picker offers, as the loader reads them', async () => {
    const page = '<html><head><title>校医院门诊时间</title></head><body><p>校医院门诊时间为工作日八点至十七点。</p></body></html>';
    expect((await server.admin.upload('general/clinic.htm', page)).status).toBe(201);
    const notes = await server.admin.upload('general/gym.markdown', '# 体育馆开放\n\n体育馆每天六点开放，凭校园卡入场。\n');
    expect(notes.status).toBe(201);
    expect(notes.data.report.added).toEqual(['general/gym.markdown']);
  });
});
