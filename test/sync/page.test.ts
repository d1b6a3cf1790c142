import { describe, expect, it } from 'vitest';
import { attachmentExtension, parsePage } from '../../src/sync/page.js';

const LIST = `<!doctype html><html><head><title>通知公告 - 人事处 - 鹭岛理工大学</title></head><body>
<nav><a href="/">首页</a><a href="javascript:void(0)">收藏</a><a href="#top">顶部</a><a href="mailto:hr@example.edu.cn">邮箱</a></nav>
<ul>
  <li><a href="info/1021/3301.htm">关于2026年新进教职工报到的通知</a></li>
  <li><a href="info/1021/3301.htm#form">关于2026年新进教职工报到的通知（表格）</a></li>
  <li><a href="/__local/files/%E6%8A%A5%E5%88%B0%E7%99%BB%E8%AE%B0%E8%A1%A8.DOCX">报到登记表</a></li>
  <li><a href="ftp://files.example.edu.cn/a.pdf">旧附件</a></li>
</ul>
<div class="pager"><a href="list2.htm">下一页</a><a href="list3.htm">3</a><a href="list.jsp?page=4">跳转</a></div>
</body></html>`;

describe('reading a page of the HR site', () => {
  const page = parsePage(LIST, 'https://hr.example.edu.cn/tzgg/list1.htm');

  it('lists each link once, resolved against the page, and tells pages from pagination and attachments', () => {
    expect(page.links).toEqual([
      { url: 'https://hr.example.edu.cn/', kind: 'pagination' },
      { url: 'https://hr.example.edu.cn/tzgg/info/1021/3301.htm', kind: 'page' },
      { url: 'https://hr.example.edu.cn/__local/files/%E6%8A%A5%E5%88%B0%E7%99%BB%E8%AE%B0%E8%A1%A8.DOCX', kind: 'attachment' },
      { url: 'https://hr.example.edu.cn/tzgg/list2.htm', kind: 'pagination' },
      { url: 'https://hr.example.edu.cn/tzgg/list3.htm', kind: 'pagination' },
      { url: 'https://hr.example.edu.cn/tzgg/list.jsp?page=4', kind: 'pagination' },
    ]);
  });

  it('takes the title from the page title before the site name', () => {
    expect(page.title).toBe('通知公告');
  });

  it('reads the publication date from the CMS meta tag, or else from a "发布时间" label in the text', () => {
    const meta = parsePage('<html><head><meta name="PubDate" content="2026/7/3 09:00"></head><body><h1>报到须知</h1></body></html>', 'https://hr.example.edu.cn/a.htm');
    expect(meta).toMatchObject({ title: '报到须知', published: '2026-07-03' });
    const label = parsePage('<html><body><h1>调档函办理</h1><p>发布时间：2026年6月18日 浏览次数：88</p></body></html>', 'https://hr.example.edu.cn/b.htm');
    expect(label.published).toBe('2026-06-18');
    expect(parsePage('<html><body><p>出生日期写在表格第一行</p></body></html>', 'https://hr.example.edu.cn/c.htm').published).toBeUndefined();
  });

  it('resolves links against a <base> when the page sets one', () => {
    const based = parsePage('<html><head><base href="https://cdn.example.edu.cn/hr/"></head><body><a href="guide.pdf">指南</a></body></html>', 'https://hr.example.edu.cn/x.htm');
    expect(based.links).toEqual([{ url: 'https://cdn.example.edu.cn/hr/guide.pdf', kind: 'attachment' }]);
  });

  it('knows an attachment by its extension in any letter case, also when the name is percent-encoded', () => {
    expect(attachmentExtension('https://hr.example.edu.cn/files/%E5%AE%89%E5%AE%B6%E8%B4%B9.PDF')).toBe('.pdf');
    expect(attachmentExtension('https://hr.example.edu.cn/files/list.htm')).toBeUndefined();
  });
});
