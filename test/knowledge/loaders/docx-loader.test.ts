import { describe, expect, it } from 'vitest';
import { loadDocx } from '../../../src/knowledge/loaders/docx-loader.js';
import { docx, zip } from '../office-fixtures.js';
import { answerableUnits, failureOf } from './loader-helpers.js';

describe('the Word (.docx) loader', () => {
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
    expect(await loadDocx('checkin/notice.docx', notice)).toMatchObject({ format: 'docx', title: '新教工报到须知', updated: '2025-07-28', bodyLine: 1 });
  });

  it('keeps numbered and styled headings, list items and table rows', async () => {
    const { body } = await loadDocx('checkin/notice.docx', notice);
    expect(body).toMatch(/^## 一、报到时间$/m);
    expect(body).toMatch(/^# 二、报到材料$/m);
    expect(body).toMatch(/^- 身份证原件$/m);
    expect(body).toContain('| 近期一寸彩色照片 | 4张 | 白底 |');
  });

  it('answers from a sentence under its heading and from a row with its column names', async () => {
    const units = await answerableUnits('checkin/notice.docx', await loadDocx('checkin/notice.docx', notice));
    expect(units).toContainEqual(expect.objectContaining({ text: expect.stringContaining('明德楼203室'), headings: expect.arrayContaining(['一、报到时间']) }));
    expect(units).toContainEqual(expect.objectContaining({ kind: 'row', text: '近期一寸彩色照片：份数 4张；规格 白底', headings: ['二、报到材料'] }));
  });

  it('falls back to the first heading for the title, and leaves it to the caller when there is none', async () => {
    const untitled = docx([{ text: '周转公寓申请', style: 'Heading1' }, { text: '租住期限最长3年，期满须退房。' }]);
    expect((await loadDocx('housing/apply.docx', untitled)).title).toBe('周转公寓申请');
    const plain = docx([{ text: '租住期限最长3年，期满须退房，逾期按市场价计租。' }]);
    expect(await loadDocx('housing/plain.docx', plain)).toMatchObject({ title: undefined, updated: undefined, body: '租住期限最长3年，期满须退房，逾期按市场价计租。' });
  });

  it('names the file and says why for a zip that is no Word document and a document Word could not have written', async () => {
    const workbook = await failureOf(() => loadDocx('forms/rents.docx', zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }])));
    expect(workbook.message).toBe('forms/rents.docx: file is not a Word document (no word/document.xml inside)');
    const broken = await failureOf(() => loadDocx('forms/broken.docx', zip([{ name: 'word/document.xml', data: '<w:document><w:body><w:p>' }])));
    expect(broken.message).toMatch(/^forms\/broken\.docx: Word document cannot be read: /);
  });
});
