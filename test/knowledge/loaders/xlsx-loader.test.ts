import { describe, expect, it } from 'vitest';
import { loadXlsx } from '../../../src/knowledge/loaders/xlsx-loader.js';
import { docx, xlsx, zip } from '../office-fixtures.js';
import { answerableUnits, failureOf } from './loader-helpers.js';

describe('the Excel (.xlsx) loader', () => {
  const rents = xlsx(
    [
      { name: '周转公寓租金', rows: [['2025年周转公寓租金表'], ['楼栋', '户型', '月租金（元/平方米）'], ['澄园1号楼', '一室一厅', 18], ['澄园2号楼', '两室一厅', 16]] },
      { name: '报到材料', rows: [['材料', '要求'], ['身份证', '原件及复印件']] },
    ],
    { title: '住房与报到一览', modified: '2025-08-15T00:00:00Z' },
  );

  it('makes each sheet a section and each row a unit with its column names', async () => {
    const doc = await loadXlsx('housing/rents.xlsx', rents);
    expect(doc).toMatchObject({ format: 'xlsx', title: '住房与报到一览', updated: '2025-08-15' });
    expect(doc.body).toMatch(/^## 周转公寓租金$/m);
    expect(doc.body).toMatch(/^## 报到材料$/m);
    const units = await answerableUnits('housing/rents.xlsx', doc);
    expect(units).toContainEqual({ kind: 'row', text: '澄园2号楼：户型 两室一厅；月租金（元/平方米） 16', headings: ['周转公寓租金'] });
    expect(units).toContainEqual({ kind: 'row', text: '身份证：原件及复印件', headings: ['报到材料'] });
  });

  it('keeps a caption above the header row as text, not as column names', async () => {
    expect((await loadXlsx('housing/rents.xlsx', rents)).body).toContain('2025年周转公寓租金表\n\n| 楼栋 | 户型 | 月租金（元/平方米） |');
  });

  it('leaves out an empty sheet and blank rows, and writes numbers as the sheet shows them', async () => {
    const fees = xlsx([
      { name: '空白', rows: [] },
      { name: '费用', rows: [['项目', '金额（元）'], [], ['', ''], ['安家费', 100000], ['体检费', 120.5]] },
    ]);
    expect((await loadXlsx('payroll/fees.xlsx', fees)).body).toBe(
      '## 费用\n\n| 项目 | 金额（元） |\n| --- | --- |\n| 安家费 | 100000 |\n| 体检费 | 120.5 |',
    );
  });

  it('names the file and says why for a Word file saved as .xlsx and a workbook cut down to its index', async () => {
    const word = await failureOf(() => loadXlsx('payroll/notice.xlsx', docx([{ text: '报到须知' }])));
    expect(word.message).toBe('payroll/notice.xlsx: file is not an Excel workbook (no xl/workbook.xml inside)');
    const partial = await failureOf(() => loadXlsx('payroll/partial.xlsx', zip([{ name: 'xl/workbook.xml', data: '<workbook/>' }])));
    expect(partial.message).toMatch(/^payroll\/partial\.xlsx: Excel workbook cannot be read: /);
  });
});
