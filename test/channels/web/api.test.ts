import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QqChannel } from '../../../src/channels/qq/qq-channel.js';
import { ONEBOT_REVERSE_PATH } from '../../../src/channels/qq/onebot-protocol.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { docx, pdf, xlsx } from '../../knowledge/office-fixtures.js';
import { OneBotPeer, text } from '../qq/onebot-peer.js';
import { Client, startWebFixture, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let base: string;

beforeAll(async () => {
  fx = await startWebFixture();
  base = fx.server.url;
});
afterAll(async () => {
  await fx?.close();
});

const visitor = (name: string) => `visitor-${name}-0123456789`;

describe('the chat API', () => {
  it('answers a question with its sources, in the shape of an ask output line', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('a'), text: '报到要带什么材料', id: 'q1' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: 'q1', escalated: false, reason: null });
    expect(res.data.reply).toMatch(/报到[\s\S]*来源/);
    expect(res.data.confidence).toBeGreaterThan(0);
    expect(typeof res.data.ms).toBe('number');
    expect(res.data.sources.length).toBeGreaterThan(0);
    for (const s of res.data.sources) {
      expect(s).toEqual(expect.objectContaining({ path: expect.any(String), title: expect.any(String), score: expect.any(Number) }));
      expect(existsSync(join(fx.knowledgeDir, s.path))).toBe(true);
    }
  });

  it('escalates a personal question and names the ticket', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('b'), text: '帮我查下我的档案到了没有' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ escalated: true, reason: 'personal_case' });
    expect(res.data.ticketId).toMatch(/^[A-Z0-9]+$/);
    expect(res.data.reply).toContain(`#${res.data.ticketId}`);
    expect(fx.app.tickets.get(res.data.ticketId)).toMatchObject({ status: 'open', channel: 'web', askerId: `web:${visitor('b')}` });
  });

  it('takes the history the page sends for the ticket the secretary reads', async () => {
    const history = ['报到要带什么材料'];
    const res = await new Client(base).post('/api/chat', { user: visitor('h'), text: '帮我查下我的档案到了没有', history });
    expect(res.data.escalated).toBe(true);
    expect(fx.app.tickets.get(res.data.ticketId)?.history).toEqual(history);
  });

  it('never treats a visitor as staff: commands are refused', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('cmd'), text: '/reload' });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ escalated: false, sources: [] });
    expect(res.data.reply).toBe(fx.app.templates.render('not-allowed', {}));
  });

  it('refuses bad bodies with a clear message', async () => {
    const c = new Client(base);
    const broken = await c.request('POST', '/api/chat', { body: '{"user":', headers: { 'content-type': 'application/json' } });
    expect(broken).toMatchObject({ status: 400, data: { error: 'body is not valid JSON' } });
    const noText = await c.post('/api/chat', { user: visitor('c') });
    expect(noText.status).toBe(400);
    expect(noText.data.error).toMatch(/^text: /);
    const badUser = await c.post('/api/chat', { user: '../x', text: '你好' });
    expect(badUser.status).toBe(400);
    expect(badUser.data.error).toMatch(/^user: expected the browser id/);
    const badHistory = await c.post('/api/chat', { user: visitor('c'), text: '你好', history: 'no' });
    expect(badHistory.data.error).toMatch(/^history: /);
    const form = await c.request('POST', '/api/chat', { body: 'user=x&text=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.data.error).toMatch(/application\/json/);
    for (const r of [broken, noText, badUser, form]) expect(JSON.stringify(r.data)).not.toMatch(/\n\s+at /);
  });
});

describe('the secretary console API', () => {
  it('lists open tickets oldest first, answers one, and relays the answer to the web asker', async () => {
    const asker = new Client(base);
    const user = visitor('relay');
    const first = await asker.post('/api/chat', { user, text: '帮我查下我的档案到了没有' });
    fx.clock.advance(60_000);
    const second = await new Client(base).post('/api/chat', { user: visitor('relay2'), text: '我的工资卡绑定的是哪个银行，帮我查一下' });
    expect(second.data.escalated).toBe(true);

    const sec = new Client(base);
    await sec.login('secretary');
    const open = await sec.get('/api/tickets');
    const ids = open.data.tickets.map((t: { id: string }) => t.id);
    expect(ids.indexOf(first.data.ticketId)).toBeLessThan(ids.indexOf(second.data.ticketId));
    const ticket = open.data.tickets.find((t: { id: string }) => t.id === first.data.ticketId);
    expect(ticket).toMatchObject({ status: 'open', question: '帮我查下我的档案到了没有', asker: `web:${user}`, overdue: false });
    expect(Array.isArray(ticket.history)).toBe(true);
    expect(Array.isArray(ticket.candidates)).toBe(true);
    // A personal case has no draft: the documents cannot answer it.
    expect(ticket.draft).toBeNull();

    // The asker's page waits on the inbox before the answer exists.
    const inbox = asker.get(`/api/chat/inbox?user=${user}&after=0&wait=10`);
    const answered = await sec.post(`/api/tickets/${first.data.ticketId}/answer`, { answer: '你的档案已于昨天寄到人事处。' });
    expect(answered.status).toBe(200);
    expect(answered.data).toMatchObject({ relayed: true, faq: null, ticket: { status: 'answered', answeredBy: 'web:secretary' } });
    expect(answered.data.message).toContain(`#${first.data.ticketId}`);
    const got = await inbox;
    expect(got.status).toBe(200);
    expect(got.data.messages).toHaveLength(1);
    expect(got.data.messages[0].text).toMatch(/你的档案已于昨天寄到人事处。[\s\S]*#/);

    const again = await sec.post(`/api/tickets/${first.data.ticketId}/answer`, { answer: '再说一次' });
    expect(again.status).toBe(409);
    expect(again.data.error).toMatch(new RegExp(`工单 #${first.data.ticketId} 已经处理过了（web:secretary 于`));

    const empty = await sec.post(`/api/tickets/${second.data.ticketId}/answer`, { answer: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.data.error).toMatch(/^answer: is empty/);
    const closed = await sec.post(`/api/tickets/${second.data.ticketId}/close`);
    expect(closed.data.ticket.status).toBe('closed');

    const done = await sec.get(`/api/tickets?status=done&q=${encodeURIComponent('档案')}`);
    expect(done.data.tickets.map((t: { id: string }) => t.id)).toContain(first.data.ticketId);
    expect(done.data.tickets.map((t: { id: string }) => t.id)).not.toContain(second.data.ticketId);
    expect((await sec.get('/api/tickets/NOPE9')).status).toBe(404);
    expect((await sec.get('/api/tickets?status=maybe')).data.error).toMatch(/^status: expected "open" or "done"/);
  });

  it('marks tickets open longer than the working-hours limit as overdue', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('late'), text: '帮我看看我的入职体检报告出来没有' });
    expect(res.data.escalated).toBe(true);
    fx.clock.advance(5 * 3_600_000);
    const sec = new Client(base);
    await sec.login('secretary');
    const ticket = (await sec.get('/api/tickets')).data.tickets.find((t: { id: string }) => t.id === res.data.ticketId);
    expect(ticket.overdue).toBe(true);
    fx.clock.set(new Date(fx.clock.now().getTime() - 5 * 3_600_000));
  });

  it('answers and saves as FAQ through the same desk, which writes the document and reloads', async () => {
    const res = await new Client(base).post('/api/chat', { user: visitor('faq'), text: '帮我查一下我的公积金账户开好了没有' });
    const sec = new Client(base);
    await sec.login('secretary');
    const answered = await sec.post(`/api/tickets/${res.data.ticketId}/answer`, { answer: '公积金账户在起薪后的次月开户。', saveAsFaq: true });
    expect(answered.status).toBe(200);
    expect(answered.data.faq).toMatch(/^faq\/.*\.md$/);
    expect(readFileSync(join(fx.knowledgeDir, answered.data.faq), 'utf8')).toContain('公积金账户在起薪后的次月开户。');
  });
});

const TOKEN = 'onebot-test-token';

describe('a QQ question answered in the web console', () => {
  let qq: QqChannel;
  let peer: OneBotPeer;

  beforeAll(async () => {
    qq = new QqChannel({ ...fx.app.config.onebot, undelivered: fx.app.outbox, log: silentLogger(), accessToken: TOKEN });
    fx.server.registerUpgrade(ONEBOT_REVERSE_PATH, qq.handleUpgrade);
    await fx.app.connect(qq);
    peer = await OneBotPeer.connect(`${fx.server.url.replace(/^http/, 'ws')}${ONEBOT_REVERSE_PATH}`, { token: TOKEN });
  });
  afterAll(async () => {
    await peer?.close();
    fx.app.unregisterChannel(qq);
    await qq?.stop();
  });

  it('reaches the asker on QQ through the same web server', async () => {
    peer.privateMessage(20001, [text('帮我查下我的档案到了没有')], '新同事');
    const escalated = await peer.actions.find((a) => a.action === 'send_private_msg' && /工单号 #/.test(JSON.stringify(a.params.message)));
    const ticketId = /#([A-Z0-9]+)/.exec(JSON.stringify(escalated.params.message))![1]!;

    const sec = new Client(base);
    await sec.login('secretary');
    const open = await sec.get('/api/tickets');
    expect(open.data.tickets).toContainEqual(expect.objectContaining({ id: ticketId, channel: 'qq', asker: 'qq:20001', askerName: '新同事' }));
    const answered = await sec.post(`/api/tickets/${ticketId}/answer`, { answer: '档案昨天已到人事处。' });
    expect(answered.data.relayed).toBe(true);

    const relay = await peer.actions.find((a) => a.action === 'send_private_msg' && /档案昨天已到人事处。/.test(JSON.stringify(a.params.message)));
    expect(relay.params.user_id).toBe(20001);
  });
});

describe('the admin API', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = new Client(base);
    await admin.login('admin');
  });

  it('shows the knowledge status and reloads with a report', async () => {
    const status = await admin.get('/api/admin/knowledge');
    expect(status.status).toBe(200);
    expect(status.data.documentCount).toBeGreaterThan(5);
    expect(status.data.chunkCount).toBeGreaterThan(status.data.documentCount);
    expect(status.data.documents[0]).toEqual(expect.objectContaining({ path: expect.any(String), title: expect.any(String), chunks: expect.any(Number) }));
    expect(status.data.lastReload.report.ok).toBe(true);
    const reload = await admin.post('/api/admin/reload');
    expect(reload.status).toBe(200);
    expect(reload.data.report).toMatchObject({ ok: true, documents: status.data.documentCount });
  });

  const upload = (path: string, body: string | Buffer, replace = false) =>
    admin.request('PUT', `/api/admin/documents?path=${encodeURIComponent(path)}&replace=${replace}`, {
      body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
      headers: { 'content-type': 'application/octet-stream' },
    });

  const GOOD = '---\ntitle: 班车时刻\ncategory: general\nupdated: 2026-11-01\n---\n\n# 班车时刻\n\n校区班车每天早上七点从东门发车。\n';

  it('refuses paths that leave knowledge/, odd names and wrong types, writing nothing', async () => {
    for (const path of ['../evil.md', '/etc/evil.md', 'housing/../../evil.md', 'C:/evil.md', 'a\\b.md', '.hidden.md', '_draft.md', 'housing/bad name.md', 'housing//x.md', './x.md']) {
      const res = await upload(path, GOOD);
      expect(res.status, path).toBe(400);
      expect(res.data.error).toMatch(/path|"/);
    }
    const exe = await upload('tools/run.exe', GOOD);
    expect(exe.status).toBe(415);
    expect(exe.data.error).toMatch(/not a \.md, \.txt, \.html, \.docx, \.doc, \.pdf or \.xlsx file/);
    const synced = await upload('site/hr.example.edu.cn/notice.md', GOOD);
    expect(synced.status).toBe(400);
    expect(synced.data.error).toMatch(/which the website sync keeps/);
    expect(existsSync(join(fx.sandbox, 'evil.md'))).toBe(false);
    expect(existsSync(join(fx.knowledgeDir, 'tools'))).toBe(false);
  });

  it('refuses to write through a link that leads out of knowledge/', async () => {
    mkdirSync(join(fx.sandbox, 'outside'));
    symlinkSync(join(fx.sandbox, 'outside'), join(fx.knowledgeDir, 'linked'));
    for (const path of ['linked/x.md', 'linked/deeper/x.md']) {
      const res = await upload(path, GOOD);
      expect(res.status, path).toBe(400);
      expect(res.data.error).toMatch(/outside knowledge\/ through a link/);
    }
    expect(readdirSync(join(fx.sandbox, 'outside'))).toEqual([]);
    // The link would be reported by every later reload of this shared knowledge base.
    unlinkSync(join(fx.knowledgeDir, 'linked'));
  });

  it('refuses a text file over 2 MiB and an Office or PDF file over 20 MiB, as the loader does', async () => {
    const res = await upload('general/huge.md', Buffer.alloc(2 * 1024 * 1024 + 10, 'a'));
    expect(res.status).toBe(413);
    expect(res.data.error).toMatch(/larger than 2 MiB, the limit for \.md files/);
    const pdfRes = await upload('general/huge.pdf', Buffer.alloc(20 * 1024 * 1024 + 10, 'a'));
    expect(pdfRes.status).toBe(413);
    expect(pdfRes.data.error).toMatch(/larger than 20 MiB/);
  });

  it('saves Word, PDF and Excel files after reading them, and answers from them', async () => {
    const word = docx([{ text: '校园卡办理', style: 'Title' }, { text: '新进教职工的校园卡在图书馆一楼服务台办理，带身份证即可。' }]);
    const saved = await upload('general/校园卡.docx', word);
    expect(saved.status).toBe(201);
    expect(saved.data.saved).toMatchObject({ path: 'general/校园卡.docx', title: '校园卡办理' });
    expect(saved.data.report.added).toEqual(['general/校园卡.docx']);
    const sheet = await upload('housing/车位.xlsx', xlsx([{ name: '车位', rows: [['车场', '月费'], ['东区地下车库', '150元']] }]));
    expect(sheet.status).toBe(201);
    const paper = await upload('general/文印室.pdf', pdf([[{ text: '文印服务', size: 18 }, { text: '行政楼一楼文印室为各部门免费复印报到材料，每人每次不超过二十页。' }]]));
    expect(paper.status).toBe(201);
    expect(paper.data.saved.title).toBe('文印服务');
    const answer = await new Client(base).post('/api/chat', { user: visitor('card'), text: '新进教职工的校园卡在哪里办理？' });
    expect(answer.data.reply).toMatch(/图书馆一楼/);
  });

  it('names what is wrong with an Office or PDF file and saves nothing', async () => {
    const scanned = await upload('general/扫描件.pdf', pdf([[]]));
    expect(scanned.status).toBe(422);
    expect(scanned.data.error).toBe('general/扫描件.pdf: no text: scanned? run OCR first');
    const locked = await upload('general/加密.pdf', pdf([[{ text: '机密文件的正文内容，足够长以便读取。' }]], { encrypted: true }));
    expect(locked.status).toBe(422);
    expect(locked.data.error).toMatch(/password-protected/);
    const broken = await upload('general/坏的.docx', Buffer.from('this is not a zip archive at all'));
    expect(broken.status).toBe(422);
    expect(broken.data.file).toBe('general/坏的.docx');
    for (const name of ['扫描件.pdf', '加密.pdf', '坏的.docx']) expect(existsSync(join(fx.knowledgeDir, 'general', name))).toBe(false);
  });

  it('names the file and line of broken front matter in Chinese and saves nothing', async () => {
    const res = await upload('general/bus.md', '---\ntitle: "班车\ncategory: general\n---\n\n# 班车\n\n正文。\n');
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ file: 'general/bus.md', line: 2, message: 'general/bus.md 第 2 行：引号没有闭合' });
    expect(res.data.error).toMatch(/^general\/bus\.md:2: front matter is not valid YAML/);
    const date = await upload('general/bus.md', '---\ntitle: 班车\nupdated: 下周一\n---\n\n正文\n');
    expect(date.data.message).toBe('general/bus.md 第 3 行：“日期 updated”应是 2025-07-08 这样的日期');
    expect(existsSync(join(fx.knowledgeDir, 'general/bus.md'))).toBe(false);
    const exe = await upload('tools/run.exe', GOOD);
    expect(exe.data.message).toMatch(/^不支持这种文件类型/);
    expect((await upload('../evil.md', GOOD)).data.message).toBe('保存路径必须在 knowledge/ 文件夹里面');
  });

  it('loads a document with an unknown category as general, and the report says so', async () => {
    const res = await upload('general/canteen.md', '---\ntitle: 食堂\ncategory: canteen\n---\n\n# 食堂\n\n教工食堂在北区一楼。\n');
    expect(res.status).toBe(201);
    expect(res.data.report).toMatchObject({ ok: true, added: ['general/canteen.md'], skipped: [] });
    const warning = res.data.report.warnings.find((w: { path: string }) => w.path === 'general/canteen.md');
    expect(warning).toMatchObject({ line: 3, loaded: true });
    expect(warning.text).toMatch(/^general\/canteen\.md 第 3 行：分类“canteen”不认识，已按 general（综合）加载/);
    const status = await admin.get('/api/admin/knowledge');
    expect(status.data.documents.find((d: { path: string }) => d.path === 'general/canteen.md').category).toBe('general');
  });

  it('refuses HTML nested 3,000 deep with 422 and a plain Chinese reason, and saves nothing', async () => {
    const nested = `<html><body>${'<div>'.repeat(3000)}班车每天七点发车。${'</div>'.repeat(3000)}</body></html>`;
    const res = await upload('general/nested.html', nested);
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ file: 'general/nested.html', error: expect.stringMatching(/nests 300\d levels deep/) });
    expect(res.data.reason).toMatch(/嵌套了 300\d 层（最多 500 层）/);
    expect(existsSync(join(fx.knowledgeDir, 'general/nested.html'))).toBe(false);
  });

  it('saves a valid document, reloads, and replaces only when asked', async () => {
    const created = await upload('general/bus.md', GOOD);
    expect(created.status).toBe(201);
    expect(created.data.saved).toMatchObject({ path: 'general/bus.md', replaced: false, title: '班车时刻' });
    expect(created.data.report).toMatchObject({ ok: true, added: ['general/bus.md'] });
    const clash = await upload('general/bus.md', GOOD);
    expect(clash.status).toBe(409);
    expect(clash.data.error).toMatch(/already exists/);
    const replaced = await upload('general/bus.md', GOOD.replace('七点', '七点半'), true);
    expect(replaced.status).toBe(200);
    expect(replaced.data.report.changed).toEqual(['general/bus.md']);
    const answer = await new Client(base).post('/api/chat', { user: visitor('bus'), text: '班车几点从东门发车' });
    expect(answer.data.reply).toMatch(/七点半/);
  });

  it('groups the unanswered questions of the last 30 days by similarity, with counts', async () => {
    const ask = (who: string, text: string) => new Client(base).post('/api/chat', { user: visitor(who), text });
    for (const [who, text] of [
      ['g1', '学校游泳馆几点开放'],
      ['g2', '学校游泳馆几点开放？'],
      ['g3', '游泳馆几点开放呢'],
      ['g4', '校医院可以开处方药吗'],
    ]) {
      const res = await ask(who!, text!);
      expect(res.data.escalated, text).toBe(true);
    }
    const res = await admin.get('/api/admin/questions?days=30');
    expect(res.status).toBe(200);
    const swim = res.data.groups.find((g: { question: string }) => g.question.includes('游泳馆'));
    expect(swim.count).toBe(3);
    expect(swim.variants).toEqual(expect.arrayContaining(['游泳馆几点开放呢']));
    expect(res.data.groups.find((g: { question: string }) => g.question.includes('校医院')).count).toBe(1);
    expect(res.data.groups.some((g: { question: string }) => g.question.includes('档案到了没有'))).toBe(false);
    expect(res.data.stats.today.total).toBeGreaterThan(0);
  });

  it('lists answers given with little confidence, and drops questions a FAQ saved since now answers', async () => {
    await fx.app.questions.record({
      at: fx.clock.now(), channel: 'web', conversationId: 'lc', askerId: 'web:lc', text: '食堂的饭卡能退吗', escalated: false, reason: null, confidence: 0.8,
    });
    const before = await admin.get('/api/admin/questions?days=30');
    expect(before.data.groups.find((g: { question: string }) => g.question === '食堂的饭卡能退吗')?.reasons).toEqual({ low_answer: 1 });
    expect(before.data.groups.some((g: { question: string }) => g.question.includes('游泳馆'))).toBe(true);

    const faq = '---\ntitle: 游泳馆开放时间\ncategory: general\n---\n\n# 游泳馆开放时间\n\n学校游泳馆每天下午两点到晚上九点开放，周一闭馆。\n';
    expect((await upload('general/swimming_faq.md', faq)).status).toBe(201);
    const after = await admin.get('/api/admin/questions?days=30');
    expect(after.data.groups.some((g: { question: string }) => g.question.includes('游泳馆'))).toBe(false);
    expect(after.data.resolved).toBeGreaterThanOrEqual(1);
    expect(after.data.groups.some((g: { question: string }) => g.question === '食堂的饭卡能退吗')).toBe(true);
  });

  it('shows, checks and saves the synonyms, which then widen what questions find', async () => {
    const shown = await admin.get('/api/admin/synonyms');
    expect(shown.data.text).toMatch(/附属小学: 附小/);
    expect(shown.data.problem).toBeNull();
    const bad = await admin.request('PUT', '/api/admin/synonyms', { json: { text: '开放时间: [开门]\n附属小学: "附小\n' } });
    expect(bad.status).toBe(422);
    expect(bad.data).toMatchObject({ line: 2, message: 'synonyms.yaml 第 2 行：引号没有闭合' });
    expect(readFileSync(join(fx.knowledgeDir, 'synonyms.yaml'), 'utf8')).toBe(shown.data.text);

    const ask = (text: string) => new Client(base).post('/api/chat', { user: visitor('syn'), text });
    // The swimming FAQ uploaded by the test above says 游泳馆; nothing in knowledge/ says 泳池.
    const before = await ask('泳池周一开吗');
    const saved = await admin.request('PUT', '/api/admin/synonyms', { json: { text: `${shown.data.text}游泳馆: [泳池, 泳馆]\n` } });
    expect(saved.status).toBe(200);
    expect(saved.data.synonyms).toEqual(expect.arrayContaining([{ from: '泳池', to: '游泳馆' }]));
    expect(saved.data.report.ok).toBe(true);
    const after = await ask('泳池周一开吗');
    expect(after.data.escalated).toBe(false);
    expect(after.data.reply).toMatch(/周一闭馆/);
    expect(before.data.escalated).toBe(true);
  });
});

describe('the server', () => {
  it('serves the pages in Chinese with security headers', async () => {
    for (const path of ['/', '/console', '/admin']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toMatch(/<html lang="zh-CN">/);
    }
    const js = await fetch(`${base}/assets/chat.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('hands upgrades on a registered path to its handler and refuses others', async () => {
    const seen: string[] = [];
    fx.server.registerUpgrade('/onebot/v11/ws', (req, socket) => {
      seen.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
    });
    const upgrade = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${base}${path}`, { headers: { connection: 'Upgrade', upgrade: 'websocket' } });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await upgrade('/onebot/v11/ws?access_token=x')).toBe(101);
    expect(seen).toEqual(['/onebot/v11/ws?access_token=x']);
    expect(await upgrade('/elsewhere')).toBe(404);
  });

  it('answers a malformed query string with a 400, not a stack trace', async () => {
    const res = await new Client(base).get('/api/chat/inbox?user=visitor-x-0123456789&after=abc');
    expect(res.status).toBe(400);
    expect(res.data.error).toMatch(/^after: /);
    const bad = await new Client(base).get('/api/chat/inbox?user=%E0%A4%A&wait=0');
    expect(bad.status).toBe(400);
  });

  it('says which setting to change when the port is taken', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    await expect(startWebServer(fx.app, { host: '127.0.0.1', port: fx.server.port })).rejects.toThrow(
      `port ${fx.server.port} on 127.0.0.1 is in use; set PORT (web.port) to a free port or stop the other server`,
    );
  });

  it('marks the session cookie Secure when the server sits behind HTTPS', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    const behindProxy = await startWebServer(fx.app, { host: '127.0.0.1', port: 0, secureCookies: true });
    const login = await new Client(behindProxy.url).login('admin');
    expect(login.setCookie).toMatch(/;\s*Secure/i);
    await behindProxy.close();
    await fx.app.registerChannel(fx.server.channel);
  });

  it('on close, answers the long polls still waiting and stops listening', async () => {
    const { startWebServer } = await import('../../../src/channels/web/web-server.js');
    const second = await startWebServer(fx.app, { host: '127.0.0.1', port: 0 });
    const waiting = fetch(`${second.url}/api/chat/inbox?user=visitor-close-0123456789&wait=30`).then((r) => r.json());
    await expect.poll(() => second.channel['waiters'].size).toBe(1);
    await second.close();
    await expect(waiting).resolves.toMatchObject({ messages: [] });
    await expect(fetch(`${second.url}/`)).rejects.toThrow();
    await fx.app.registerChannel(fx.server.channel);
  });

  it('slows sign-in after repeated failures, refusing even the right password until the wait passes', async () => {
    const c = new Client(base);
    const wrong = await c.login('secretary', 'not-the-password');
    expect(wrong).toMatchObject({ status: 401, data: { error: 'wrong password' } });
    for (let i = 0; i < 4; i++) expect((await c.login('secretary', `guess-${i}`)).status).toBe(401);
    const limited = await c.login('secretary');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.data.error).toMatch(/too many failed sign-ins/);
    fx.clock.advance(16 * 60_000);
    expect((await c.login('secretary')).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => new Client(base).login('admin', `burst-${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    fx.clock.advance(16 * 60_000);
  });
});
