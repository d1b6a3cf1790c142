import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunker.js';
import type { KnowledgeDocument } from '../../src/knowledge/types.js';

function doc(body: string): KnowledgeDocument {
  return {
    path: 'housing/guide.md',
    format: 'markdown',
    title: '住房指南',
    category: 'housing',
    updated: '2025-08-01',
    url: 'https://hr.example.edu/housing.html',
    body,
    bodyLine: 1,
    hash: 'h',
  };
}

// About 1,300 characters of sentences, each ending in 。 and carrying its number.
const LONG = Array.from({ length: 60 }, (_, i) => `第${i + 1}句说明周转公寓的申请事项和注意要求`).join('。') + '。';

describe('chunkDocument', () => {
  it('keeps title, heading path, url and updated date on every chunk', async () => {
    const chunks = await chunkDocument(
      doc('# 住房指南\n\n## 周转公寓\n\n### 租金\n\n租金为18元/平方米/月。\n\n## 公积金\n\n缴存比例为12%。'),
      10,
    );
    expect(chunks.map((c) => ({ id: c.id, headings: c.headings, text: c.text }))).toEqual([
      { id: 10, headings: ['周转公寓', '租金'], text: '租金为18元/平方米/月。' },
      { id: 11, headings: ['公积金'], text: '缴存比例为12%。' },
    ]);
    for (const c of chunks) {
      expect(c).toMatchObject({
        docPath: 'housing/guide.md',
        title: '住房指南',
        url: 'https://hr.example.edu/housing.html',
        updated: '2025-08-01',
        category: 'housing',
      });
    }
  });

  it('splits a long section at Chinese sentence ends', async () => {
    const chunks = await chunkDocument(doc(`## 申请\n\n${LONG}`), 0);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text).not.toMatch(/^[。！？；，]/);
      expect(c.text).toMatch(/。$/);
      expect(c.headings).toEqual(['申请']);
    }
    // Nothing lost or duplicated.
    expect(chunks.map((c) => c.text).join('')).toBe(LONG);
  });

  it('never splits a table row across chunks', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `| 澄园${i + 1}号楼 | 一室一厅 | 约40平方米 | 18元/平方米/月 | 押金2000元 |`,
    );
    const body = `## 房源\n\n| 楼栋 | 户型 | 面积 | 租金 | 押金 |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}`;
    const chunks = await chunkDocument(doc(body), 0);
    expect(chunks.length).toBeGreaterThan(1);
    const lines = chunks.flatMap((c) => c.text.split('\n'));
    for (const row of rows) expect(lines).toContain(row);
    // The separator row carries no words and is dropped.
    expect(lines.some((l) => /^\|\s*---/.test(l))).toBe(false);
  });

  it('keeps a table cell with an escaped | whole, and drops only the delimiter row and rules', async () => {
    const body = [
      '## 缴费方式',
      '',
      '| 项目 | 说明 |',
      '| :--- | ---: |',
      '| 缴费渠道 | 微信 \\| 支付宝 |',
      '| 截止时间 | 每月20日 |',
      '',
      '---',
      '',
      '逾期请联系财务处。',
    ].join('\n');
    const [chunk] = await chunkDocument(doc(body), 0);
    expect(chunk!.headings).toEqual(['缴费方式']);
    expect(chunk!.text).toBe('| 项目 | 说明 |\n| 缴费渠道 | 微信 \\| 支付宝 |\n| 截止时间 | 每月20日 |\n\n\n逾期请联系财务处。');
  });

  it('takes headings from the Markdown structure: # lines outside code, not a "#" inside a fenced block', async () => {
    const body = '# 住房指南\n\n## 申请 **步骤**\n\n```\n# 不是标题\n```\n\n一、提交材料\n\n带上身份证。';
    const chunks = await chunkDocument(doc(body), 0);
    expect(chunks.map((c) => [c.headings, c.text])).toEqual([
      [['申请 步骤'], '```\n# 不是标题\n```'],
      [['申请 步骤', '一、提交材料'], '带上身份证。'],
    ]);
  });
});
