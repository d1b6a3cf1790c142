import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../../src/core/errors.js';
import { loadPdf } from '../../../src/knowledge/loaders/pdf-loader.js';
import { pdf } from '../office-fixtures.js';
import { answerableUnits } from './loader-helpers.js';

// Taken before any PDF is read in this file.
const NATIVE_JSON = { stringify: JSON.stringify, parse: JSON.parse };

/** The error a load ends in, so each case can say what the admin reads. */
async function failureOf(path: string, bytes: Buffer): Promise<DocumentError> {
  const error = await loadPdf(path, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('the PDF loader', () => {
  const handbook = pdf(
    [
      [
        { text: '新进教职工手册', size: 22 },
        { text: '第一部分 报到', size: 16 },
        { text: '报到手续在行政楼B座217室办理，请携带身份证原件。' },
      ],
      [
        { text: '第二部分 住房', size: 16 },
        { text: '周转房申请', size: 14 },
        { text: '周转房每年三月和九月集中受理，申请表交人事处住房科。' },
      ],
    ],
    { modDate: "D:20250915083000+08'00'" },
  );

  it('reads the text of every page in order', async () => {
    const { body, format, bodyLine } = await loadPdf('checkin/handbook.pdf', handbook);
    expect(format).toBe('pdf');
    expect(bodyLine).toBe(1);
    const first = body.indexOf('行政楼B座217室');
    const second = body.indexOf('人事处住房科');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
  });

  it('makes headings of larger type, one level per size, body type left as text', async () => {
    const { body } = await loadPdf('checkin/handbook.pdf', handbook);
    expect(body).toMatch(/^# 新进教职工手册$/m);
    expect(body).toMatch(/^## 第一部分 报到$/m);
    expect(body).toMatch(/^## 第二部分 住房$/m);
    expect(body).toMatch(/^### 周转房申请$/m);
    expect(body).toMatch(/^周转房每年三月和九月集中受理/m);
  });

  it('takes the first heading as title and the modification date as the update, when the file names no title', async () => {
    expect(await loadPdf('checkin/handbook.pdf', handbook)).toMatchObject({ title: '新进教职工手册', updated: '2025-09-15' });
    const titled = pdf([[{ text: '体检须知', size: 18 }, { text: '体检请空腹前往校医院，费用由个人先行垫付。' }]], { title: '2025年入职体检须知' });
    expect(await loadPdf('checkin/exam.pdf', titled)).toMatchObject({ title: '2025年入职体检须知', updated: undefined });
  });

  it('leaves Node\'s own JSON.stringify and JSON.parse in place, not pdfjs\'s slower polyfills', async () => {
    await loadPdf('checkin/handbook.pdf', handbook);
    expect(JSON.stringify).toBe(NATIVE_JSON.stringify);
    expect(JSON.parse).toBe(NATIVE_JSON.parse);
  });

  it('marks numbered lines as headings and joins lines wrapped at the page edge', async () => {
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
    );
    const doc = await loadPdf('housing/policy.pdf', policy);
    expect(doc.body).toMatch(/^# 周转公寓管理办法$/m);
    expect(doc.body).toMatch(/^## 第一章 总则$/m);
    expect(doc.body).toMatch(/^## 一、租金标准$/m);
    expect(doc.body).toContain('租金按每平方米每月18元计收，每月由学校财务处从工资中代扣，不另行收取现金。');
    expect(doc.body).toContain('租住期限自入住之日起计算，最长三年。');
    const units = await answerableUnits('housing/policy.pdf', doc);
    expect(units).toContainEqual(expect.objectContaining({ text: expect.stringContaining('后勤处'), headings: expect.arrayContaining(['二、退房']) }));
  });

  it('turns a table set in columns into rows under its header row, an empty cell kept in its column', async () => {
    const table = pdf([[
      { text: '周转公寓租金', size: 18 },
      { text: '各楼栋租金如下表，按月从工资中代扣。' },
      { cells: ['楼栋', '户型', '月租金', '面积'] },
      { cells: ['澄园1号楼', '一室一厅', '每平方米18元', '45平方米'] },
      { cells: ['澄园2号楼', '两室一厅', '每平方米16元', '60平方米'] },
      { cells: ['澄园3号楼', '', '每平方米15元', '38平方米'] },
      { text: '租金标准每年九月调整一次。' },
    ]]);
    const doc = await loadPdf('housing/rent.pdf', table);
    expect(doc.body).toContain('| 楼栋 | 户型 | 月租金 | 面积 |\n| --- | --- | --- | --- |\n| 澄园1号楼 | 一室一厅 | 每平方米18元 | 45平方米 |');
    expect(doc.body).toContain('| 澄园3号楼 |  | 每平方米15元 | 38平方米 |');
    expect(doc.body).toContain('租金标准每年九月调整一次。');
    const units = await answerableUnits('housing/rent.pdf', doc);
    expect(units).toContainEqual(expect.objectContaining({ kind: 'row', text: '澄园2号楼：户型 两室一厅；月租金 每平方米16元；面积 60平方米' }));
  });

  it('names the file and says why for a PDF cut short, a password-protected one, a renamed text file and a scan', async () => {
    const cut = await failureOf('site/hr/banfa.pdf', handbook.subarray(0, 200));
    expect(cut.message).toMatch(/^site\/hr\/banfa\.pdf: /);
    expect(cut.path).toBe('site/hr/banfa.pdf');

    const locked = await failureOf('hr/locked.pdf', pdf([[{ text: '保密文件，仅限人事处内部使用。' }]], { encrypted: true }));
    expect(locked.message).toBe('hr/locked.pdf: file is password-protected; save it again without a password');

    const renamed = await failureOf('hr/notes.pdf', Buffer.from('这其实是一个文本文件，不是 PDF。'));
    expect(renamed.message).toBe('hr/notes.pdf: file is not a PDF or is damaged');

    const scan = await failureOf('hr/scan.pdf', pdf([[], []]));
    expect(scan.message).toBe('hr/scan.pdf: no text: scanned? run OCR first');
  });

  it('reads a good file after a bad one: a failure leaves nothing behind', async () => {
    await failureOf('hr/empty.pdf', Buffer.alloc(0));
    expect((await loadPdf('checkin/handbook.pdf', handbook)).body).toContain('行政楼B座217室');
  });
});
