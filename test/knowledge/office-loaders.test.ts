import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { splitUnits } from '../../src/answer/units.js';
import { chunkDocument } from '../../src/knowledge/chunker.js';
import { loadBinaryContent } from '../../src/knowledge/loaders/loader.js';
import type { LoadedContent } from '../../src/knowledge/types.js';
import { docx, pdf, xlsx } from './office-fixtures.js';

// Taken before any PDF is read in this file.
const NATIVE_JSON = { stringify: JSON.stringify, parse: JSON.parse };

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

/** The units a reader can be answered with, each with the headings of its chunk. */
async function unitsOf(path: string, content: LoadedContent) {
  const chunks = await chunkDocument({ ...content, path, title: content.title ?? path, hash: 'h' }, 0);
  return chunks.flatMap((chunk) => splitUnits(chunk).map((unit) => ({ text: unit.text, headings: chunk.headings, kind: unit.kind })));
}

describe('Word (.docx) loader', () => {
  const notice = docx(
    [
      { text: '2025年新教工报到须知', style: 'Title' },
      { text: '一、报到时间', bold: true },
      { text: '新进教职工请于8月25日至8月29日到明德楼203室办理报到。' },
      { text: '二、报到材料', style: 'Heading1' },
      { text: '身份证原件', bullet: true },
      { text: '学历学位证书原件', bullet: true },
      { table: [['材料', '份数', '规格'], ['近期一寸彩色照片', '4张', '白底'], ['体检报告', '1份', '校医院出具']] },
    ],
    { title: '新教工报到须知', modified: '2025-07-28T09:30:00Z' },
  );

  it('takes title and date from the document properties', async () => {
    const doc = await loadBinaryContent('checkin/notice.docx', notice);
    expect(doc).toMatchObject({ format: 'docx', title: '新教工报到须知', updated: '2025-07-28' });
  });

  it('keeps numbered and styled headings, list items and table rows', async () => {
    const doc = await loadBinaryContent('checkin/notice.docx', notice);
    expect(doc.body).toMatch(/^## 一、报到时间$/m);
    expect(doc.body).toMatch(/^# 二、报到材料$/m);
    expect(doc.body).toMatch(/^- 身份证原件$/m);
    expect(doc.body).toContain('| 近期一寸彩色照片 | 4张 | 白底 |');
  });

  it('answers from a sentence under its heading and from a row with its column names', async () => {
    const units = await unitsOf('checkin/notice.docx', await loadBinaryContent('checkin/notice.docx', notice));
    expect(units).toContainEqual(expect.objectContaining({ text: expect.stringContaining('明德楼203室'), headings: expect.arrayContaining(['一、报到时间']) }));
    expect(units).toContainEqual(expect.objectContaining({ kind: 'row', text: '近期一寸彩色照片：份数 4张；规格 白底', headings: ['二、报到材料'] }));
  });

  it('falls back to the first heading, then the file name, for the title', async () => {
    const untitled = docx([{ text: '周转公寓申请', style: 'Heading1' }, { text: '租住期限最长3年，期满须退房。' }]);
    expect((await loadBinaryContent('housing/apply.docx', untitled)).title).toBe('周转公寓申请');
    const plain = docx([{ text: '租住期限最长3年，期满须退房，逾期按市场价计租。' }]);
    expect((await loadBinaryContent('housing/周转公寓.docx', plain)).title).toBe('周转公寓');
  });
});

describe('Word 97–2003 (.doc) loader', () => {
  it('reads the text of an old Word file', async () => {
    const doc = await loadBinaryContent('forms/old.doc', await fixture('word97.doc'));
    expect(doc.format).toBe('doc');
    expect(doc.body).toContain('这是一个用来测试nodejs解析Word文档');
  });

  it('turns a table into rows under its header row', async () => {
    const doc = await loadBinaryContent('forms/licenses.doc', await fixture('word97-table.doc'));
    expect(doc.body).toContain('| License | GPL v3.0 | LGPL v3.0 | BSD | MIT (X11) | Apache v2.0 |');
    const units = await unitsOf('forms/licenses.doc', doc);
    expect(units).toContainEqual(expect.objectContaining({ kind: 'row', text: expect.stringMatching(/^Attribution\?：GPL v3\.0 Must be included/) }));
  });
});

describe('PDF loader', () => {
  const policy = pdf(
    [
      [
        { text: '周转公寓管理办法', size: 20 },
        { text: '第一章 总则', size: 15 },
        { text: '新进教职工可申请周转公寓，租住期限自入住之日起计算，' },
        { text: '最长三年。' },
        { text: '一、租金标准' },
        { text: '租金按每平方米每月18元计收，每月由学校财务处从工资中' },
        { text: '代扣，不另行收取现金。' },
      ],
      [{ text: '二、退房' }, { text: '期满前一个月向后勤处提出退房申请。' }],
    ],
    { title: '青屿大学周转公寓管理办法', modDate: "D:20250801120000+08'00'" },
  );

  it('takes title and date from the document information', async () => {
    const doc = await loadBinaryContent('housing/policy.pdf', policy);
    expect(doc).toMatchObject({ format: 'pdf', title: '青屿大学周转公寓管理办法', updated: '2025-08-01' });
  });

  it('leaves Node\'s own JSON.stringify and JSON.parse in place, not pdfjs\'s slower polyfills', async () => {
    await loadBinaryContent('housing/policy.pdf', policy);
    expect(JSON.stringify).toBe(NATIVE_JSON.stringify);
    expect(JSON.parse).toBe(NATIVE_JSON.parse);
  });

  it('marks larger type and numbered lines as headings and joins wrapped lines', async () => {
    const doc = await loadBinaryContent('housing/policy.pdf', policy);
    expect(doc.body).toMatch(/^# 周转公寓管理办法$/m);
    expect(doc.body).toMatch(/^## 第一章 总则$/m);
    expect(doc.body).toMatch(/^## 一、租金标准$/m);
    expect(doc.body).toContain('租金按每平方米每月18元计收，每月由学校财务处从工资中代扣，不另行收取现金。');
    expect(doc.body).toContain('租住期限自入住之日起计算，最长三年。');
    const units = await unitsOf('housing/policy.pdf', doc);
    expect(units).toContainEqual(expect.objectContaining({ text: expect.stringContaining('后勤处'), headings: expect.arrayContaining(['二、退房']) }));
  });

  it('takes the first heading as title when the file has none', async () => {
    const bare = pdf([[{ text: '入职体检须知', size: 18 }, { text: '体检请空腹前往校医院，费用由个人先行垫付。' }]]);
    expect((await loadBinaryContent('checkin/exam.pdf', bare)).title).toBe('入职体检须知');
  });
});

describe('Excel (.xlsx) loader', () => {
  const rents = xlsx(
    [
      { name: '周转公寓租金', rows: [['2025年周转公寓租金表'], ['楼栋', '户型', '月租金（元/平方米）'], ['澄园1号楼', '一室一厅', 18], ['澄园2号楼', '两室一厅', 16]] },
      { name: '报到材料', rows: [['材料', '要求'], ['身份证', '原件及复印件']] },
    ],
    { title: '住房与报到一览', modified: '2025-08-15T00:00:00Z' },
  );

  it('makes each sheet a section and each row a unit with its column names', async () => {
    const doc = await loadBinaryContent('housing/rents.xlsx', rents);
    expect(doc).toMatchObject({ format: 'xlsx', title: '住房与报到一览', updated: '2025-08-15' });
    expect(doc.body).toMatch(/^## 周转公寓租金$/m);
    expect(doc.body).toMatch(/^## 报到材料$/m);
    const units = await unitsOf('housing/rents.xlsx', doc);
    expect(units).toContainEqual({ kind: 'row', text: '澄园2号楼：户型 两室一厅；月租金（元/平方米） 16', headings: ['周转公寓租金'] });
    expect(units).toContainEqual({ kind: 'row', text: '身份证：原件及复印件', headings: ['报到材料'] });
  });

  it('keeps a caption above the header row as text, not as column names', async () => {
    const doc = await loadBinaryContent('housing/rents.xlsx', rents);
    expect(doc.body).toContain('2025年周转公寓租金表\n\n| 楼栋 | 户型 | 月租金（元/平方米） |');
  });

  it('is named after the file when it has no title', async () => {
    const bare = xlsx([{ name: 'Sheet1', rows: [['项目', '金额'], ['安家费', '10万元']] }]);
    expect((await loadBinaryContent('payroll/安家费.xlsx', bare)).title).toBe('安家费');
  });
});
