import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { docx, pdf, xlsx } from '../knowledge/office-fixtures.js';

interface Resource {
  body: Buffer;
  type: string;
  /** Sent without Content-Length, so only reading it reveals its size. */
  chunked?: boolean;
  delayMs?: number;
  redirect?: string;
}

const page = (title: string, date: string, body: string, charset = 'utf-8') =>
  `<!DOCTYPE html><html><head><meta charset="${charset}"><title>${title}-青屿大学人事处</title></head>` +
  `<body><div class="nav"><a href="/hr/">首页</a></div><div class="article"><h1>${title}</h1><p class="info">发布时间：${date}</p>${body}</div></body></html>`;

const list = (items: Array<[string, string]>, next?: string) =>
  `<html><head><meta charset="utf-8"><title>通知公告</title></head><body><ul>` +
  items.map(([href, text]) => `<li><a href="${href}">${text}</a></li>`).join('') +
  `</ul>${next ? `<div class="pager"><a href="${next}">下一页</a></div>` : ''}</body></html>`;

/**
 * A department website that behaves like a real one, on 127.0.0.1 only: two columns with
 * paginated lists, UTF-8 and GBK articles, a Word attachment linked with "../", one article
 * with a .doc, a .pdf, an .xlsx and a huge file attached, a redirect, a 404, a slow page, a
 * huge page and a robots.txt that keeps the bot out of one folder.
 * ETags let a second sync be answered 304.
 */
export class FakeHrSite {
  readonly requests: Array<{ path: string; userAgent?: string; conditional: boolean }> = [];
  private readonly resources = new Map<string, Resource>();
  private server?: Server;
  origin = '';

  constructor() {
    const html = (text: string): Resource => ({ body: Buffer.from(text), type: 'text/html; charset=utf-8' });
    this.resources.set('/robots.txt', { body: Buffer.from('User-agent: *\nDisallow: /hr/tzgg/internal/\n'), type: 'text/plain' });
    this.resources.set('/hr/tzgg/index.html', html(list([
      ['2025/0901-tijian.html', '关于新进教职工入职体检的通知'],
      ['2025/0902-gongzi.html', '2025年秋季新进教职工起薪说明'],
      ['internal/draft.html', '内部草稿'],
    ], 'index_2.html')));
    this.resources.set('/hr/tzgg/index_2.html', html(list([
      ['old/0801-zhufang.html', '周转房申请（旧地址）'],
      ['2025/0701-missing.html', '已删除的通知'],
      ['2025/0702-slow.html', '很慢的页面'],
      ['2025/0703-huge.html', '很大的页面'],
    ])));
    this.resources.set('/hr/tzgg/2025/0901-tijian.html', html(page('关于新进教职工入职体检的通知', '2025-09-01', '<p>新进教职工须在报到后一个月内到校医院完成入职体检。</p>')));
    this.resources.set('/hr/tzgg/2025/0902-gongzi.html', {
      body: iconv.encode(page('2025年秋季新进教职工起薪说明', '2025年9月2日', '<p>新进教职工的工资自报到当月起计发，首次发放在次月十五日。</p>', 'gbk'), 'gbk'),
      type: 'text/html',
    });
    this.resources.set('/hr/tzgg/internal/draft.html', html(page('内部草稿', '2025-09-03', '<p>不应被抓取。</p>')));
    this.resources.set('/hr/tzgg/old/0801-zhufang.html', { body: Buffer.alloc(0), type: 'text/html', redirect: '/hr/tzgg/2025/0801-zhufang.html' });
    this.resources.set('/hr/tzgg/2025/0801-zhufang.html', html(page('周转房申请办法', '2025-08-01', '<p>周转房申请每年三月和九月集中受理，申请表交人事处住房科。</p>')));
    this.resources.set('/hr/tzgg/2025/0702-slow.html', { ...html(page('很慢的页面', '2025-07-02', '<p>慢。</p>')), delayMs: 3000 });
    this.resources.set('/hr/tzgg/2025/0703-huge.html', { body: Buffer.alloc(400_000, 'a'), type: 'text/html', chunked: true });
    this.resources.set('/hr/bszn/index.html', html(list([['baodao.html', '新进教职工报到指南']], '/hr/bszn/index_2.html')));
    this.resources.set('/hr/bszn/index_2.html', html(list([['gongzuozheng.html', '工作证办理'], ['zhufang.html', '周转房申请材料']])));
    this.resources.set('/hr/bszn/zhufang.html', html(page('周转房申请材料', '2025-08-22',
      '<p>申请周转房的材料和租金标准见附件。</p><ul>' +
      '<li><a href="/hr/files/zhufang-shenqingbiao.doc">周转房申请表.doc</a></li>' +
      '<li><a href="/hr/files/zhufang-banfa.pdf">周转房管理办法.pdf</a></li>' +
      '<li><a href="/hr/files/zhufang-zujin.xlsx">周转房租金表.xlsx</a></li>' +
      '<li><a href="/hr/files/xuanchuanpian.pdf">宣传片（扫描版）.pdf</a></li></ul>')));
    const file = (body: Buffer, type: string): Resource => ({ body, type });
    // No library writes Word 97; the shipped fixture stands in for an old form.
    this.resources.set('/hr/files/zhufang-shenqingbiao.doc', file(readFileSync(new URL('../knowledge/fixtures/word97.doc', import.meta.url)), 'application/msword'));
    this.resources.set('/hr/files/zhufang-banfa.pdf', file(pdf([[
      { text: '周转房管理办法', size: 18 },
      { text: '周转房租期最长三年，期满须退房或转为市场租金。' },
    ]], { title: '周转房管理办法' }), 'application/pdf'));
    this.resources.set('/hr/files/zhufang-zujin.xlsx', file(xlsx([{ name: '租金', rows: [['楼栋', '户型', '月租金'], ['澄园1号楼', '一室一厅', '每平方米18元']] }]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    this.resources.set('/hr/files/xuanchuanpian.pdf', file(Buffer.alloc(1_500_000, 'x'), 'application/pdf'));
    this.resources.set('/hr/bszn/baodao.html', html(page('新进教职工报到指南', '2025-08-20',
      '<p>报到所需材料见附件。</p><p>附件：<a href="../files/%E6%8A%A5%E5%88%B0%E9%A1%BB%E7%9F%A5.docx">报到须知.docx</a></p>')));
    this.resources.set('/hr/bszn/gongzuozheng.html', html(page('工作证办理', '2025-08-21', '<p>工作证由人事处统一制作，报到两周后领取。</p>')));
    this.resources.set('/hr/files/报到须知.docx', {
      body: docx([
        { text: '2025年新进教职工报到须知', style: 'Title' },
        { text: '新进教职工的报到手续在行政楼B座217室办理，时间为2025年9月8日上午8:30至11:30。' },
        { text: '报到时请携带身份证原件、最高学历学位证书原件和2寸白底证件照两张。' },
      ], { title: '2025年新进教职工报到须知' }),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
  }

  /** Replaces an article's text, as the department editing a notice would. */
  edit(path: string, text: string): void {
    const current = this.resources.get(path)!;
    this.resources.set(path, { ...current, body: Buffer.from(text) });
  }

  remove(path: string): void {
    this.resources.delete(path);
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const conditional = req.headers['if-none-match'] !== undefined;
      this.requests.push({ path, userAgent: req.headers['user-agent'], conditional });
      const resource = this.resources.get(path);
      if (!resource) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
        return;
      }
      if (resource.redirect) {
        res.writeHead(301, { location: resource.redirect }).end();
        return;
      }
      const etag = `"${createHash('sha1').update(resource.body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      const send = () => {
        const headers: Record<string, string> = { 'content-type': resource.type, etag };
        if (!resource.chunked) headers['content-length'] = String(resource.body.length);
        res.writeHead(200, headers);
        res.end(resource.body);
      };
      if (resource.delayMs) setTimeout(send, resource.delayMs).unref();
      else send();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
