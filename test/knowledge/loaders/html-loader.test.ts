import { describe, expect, it } from 'vitest';
import { loadHtml, MAX_HTML_DEPTH } from '../../../src/knowledge/loaders/html-loader.js';
import { failureOf } from './loader-helpers.js';

const HTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>周转公寓申请公告-人力资源部</title>
<link rel="canonical" href="https://hr.example.edu/zzgy.html">
<script>var tracker = "ANALYTICS_SNIPPET";</script></head>
<body>
<nav><a href="/">首页导航</a> <a href="/tzgg/">通知公告</a></nav>
<article>
<h1>周转公寓申请公告</h1>
<p class="info">发布时间：2025-08-01</p>
<p>新进教职工可申请周转公寓，租住期限最长3年。</p>
<table>
<tr><th>楼栋</th><th>户型</th><th>租金</th></tr>
<tr><td>澄园1号楼</td><td>一室一厅</td><td>18元/平方米/月</td></tr>
</table>
<script>document.write("INLINE_SCRIPT_TEXT")</script>
</article>
<footer>版权所有 青屿大学人力资源部 地址页脚</footer>
</body></html>`;

/** A department page without an <article>: its text sits in div.content between the site's menus. */
const GUIDE = `<html><head><title>入职体检安排 | 青屿大学人事处</title>
<meta property="og:url" content="https://hr.example.edu/bszn/tijian.html"></head>
<body>
<div class="nav"><a href="/">网站首页</a><a href="/bszn/">办事指南</a></div>
<div class="crumbs">当前位置：首页 &gt; 办事指南</div>
<div class="content">
<p class="meta">来源：人事处 浏览：318</p>
<p>发布日期：2025年9月3日</p>
<h2>体检地点</h2>
<p>新进教职工请到校医院二楼体检中心，空腹前往。</p>
<h3>需要带的东西</h3>
<ul><li>身份证原件</li><li>一寸照片两张</li></ul>
</div>
<div class="footer">青屿大学人事处 版权所有</div>
</body></html>`;

describe('the HTML loader', () => {
  it('reads title from h1, date and canonical url; drops nav, footer and scripts', () => {
    const doc = loadHtml('web/zzgy.html', HTML);
    expect(doc).toMatchObject({
      format: 'html',
      title: '周转公寓申请公告',
      updated: '2025-08-01',
      url: 'https://hr.example.edu/zzgy.html',
      bodyLine: 1,
    });
    expect(doc.body).toContain('租住期限最长3年');
    const scripted = loadHtml('web/x.html', HTML.replace('https://hr.example.edu/zzgy.html', 'javascript:alert(1)'));
    expect(scripted.url).toBeUndefined();
    for (const noise of ['首页导航', '版权所有', '地址页脚', 'ANALYTICS_SNIPPET', 'INLINE_SCRIPT_TEXT']) {
      expect(doc.body).not.toContain(noise);
    }
  });

  it('keeps a table row on one line', () => {
    const row = loadHtml('web/zzgy.html', HTML).body.split('\n').find((line) => line.includes('澄园1号楼'));
    expect(row).toBeDefined();
    expect(row).toContain('一室一厅');
    expect(row).toContain('18元/平方米/月');
  });

  it('finds the text of a page without <article>, leaving its menus, breadcrumbs and footer out of the knowledge', () => {
    const doc = loadHtml('web/tijian.html', GUIDE);
    expect(doc.body).toContain('新进教职工请到校医院二楼体检中心，空腹前往。');
    for (const noise of ['网站首页', '办事指南', '当前位置', '浏览：318', '版权所有']) expect(doc.body).not.toContain(noise);
  });

  it('takes the page title without the site name when there is no h1, the og:url, and a date written in Chinese', () => {
    expect(loadHtml('web/tijian.html', GUIDE)).toMatchObject({ title: '入职体检安排', url: 'https://hr.example.edu/bszn/tijian.html', updated: '2025-09-03' });
  });

  it('keeps headings at their level and list items as items, so a question finds the part of the page it asks about', () => {
    const { body } = loadHtml('web/tijian.html', GUIDE);
    expect(body).toMatch(/^## 体检地点$/m);
    expect(body).toMatch(/^### 需要带的东西$/m);
    expect(body).toMatch(/^- 身份证原件$/m);
    expect(body).toMatch(/^- 一寸照片两张$/m);
  });

  it('falls back to the whole page when the article holds only a line', () => {
    const page = `<html><body><article><p>详见下文。</p></article><div><p>校园卡在图书馆一楼服务台办理，新进教职工带身份证即可领取。</p></div></body></html>`;
    expect(loadHtml('web/card.html', page).body).toContain('校园卡在图书馆一楼服务台办理');
  });

  it('refuses, naming the file, a page nested too deep to read and a page with no readable text', async () => {
    const depth = MAX_HTML_DEPTH + 1;
    const deep = await failureOf(() => loadHtml('web/deep.html', `${'<div>'.repeat(depth)}报到${'</div>'.repeat(depth)}`));
    expect(deep.message).toMatch(/^web\/deep\.html: HTML nests 501 levels deep; the limit is 500/);
    expect(deep.problem).toEqual({ code: 'html-too-deep', values: { depth, max: MAX_HTML_DEPTH } });

    const empty = await failureOf(() => loadHtml('web/menu.html', '<html><body><nav>首页</nav><script>x()</script></body></html>'));
    expect(empty.message).toBe('web/menu.html:1: HTML page has no readable text');
  });
});
