import { describe, expect, it } from 'vitest';
import { quotedTextOf, splitUnits } from '../../src/answer/units.js';
import type { Chunk } from '../../src/knowledge/types.js';

const chunk = (text: string, headings: string[] = ['所需材料']): Chunk => ({ id: 1, docPath: 'a.md', title: '报到须知', headings, text });

describe('a document as replies quote it', () => {
  it('joins its units\' display text, rows named by their header and list numbers kept, and nothing of other documents', () => {
    const table: Chunk = { id: 7, docPath: 'notice.md', title: '报到通知', headings: [], text: '| 材料 | 要求 |\n| --- | --- |\n| 身份证 | 原件 |' };
    const steps: Chunk = { id: 8, docPath: 'notice.md', title: '报到通知', headings: [], text: '1. 登录**报到系统**填写信息。' };
    const other: Chunk = { id: 9, docPath: 'other.md', title: '其他', headings: [], text: '无关内容。' };
    const text = quotedTextOf([table, steps, other]);
    expect(text('notice.md')).toBe('身份证：原件\n1. 登录报到系统填写信息。');
    expect(text('missing.md')).toBe('');
  });
});

describe('splitting a chunk into answer units', () => {
  it('makes each sentence a unit, keeping its heading as context', () => {
    const units = splitUnits(chunk('集中报到在8月25日。地点为行政楼203室！请准时到场；逾期另行安排'));
    expect(units.map((u) => u.text)).toEqual(['集中报到在8月25日。', '地点为行政楼203室！', '请准时到场；', '逾期另行安排']);
    expect(units.every((u) => u.kind === 'sentence' && u.context.includes('所需材料'))).toBe(true);
    expect(units.map((u) => u.position)).toEqual([0, 1, 2, 3]);
  });

  it('makes a table row a unit named by its header, and the header row no unit', () => {
    const units = splitUnits(chunk('| 材料 | 形式 | 份数 |\n| --- | --- | --- |\n| 身份证 | 原件 | 1 |\n| 学位证 | 复印件 | 2 |'));
    expect(units.map((u) => u.text)).toEqual(['身份证：形式 原件；份数 1', '学位证：形式 复印件；份数 2']);
    expect(units.every((u) => u.kind === 'row' && u.context.includes('材料'))).toBe(true);
  });

  it('keeps an escaped "|" inside its cell', () => {
    const units = splitUnits(chunk('| 系统 | 入口 |\n| --- | --- |\n| 人事系统 | 校园网 \\| 统一身份认证 |'));
    expect(units.map((u) => u.text)).toEqual(['人事系统：校园网 | 统一身份认证']);
  });

  it('keeps list items apart and a FAQ question as the context of its answer', () => {
    const units = splitUnits(chunk('- 身份证原件\n- 近期证件照2张\n\n问：档案寄到哪里？\n答：寄到人事处档案室（行政楼305室）。', []));
    expect(units.map((u) => [u.kind, u.text])).toEqual([
      ['item', '身份证原件'],
      ['item', '近期证件照2张'],
      ['sentence', '寄到人事处档案室（行政楼305室）。'],
    ]);
    expect(units[2]!.context).toContain('档案寄到哪里');
    expect(units[0]!.context).not.toContain('档案寄到哪里');
  });

  it('drops pieces with nothing to say and splits each chunk once', () => {
    const c = chunk('。。\n**注意**：以通知为准。');
    expect(splitUnits(c).map((u) => u.text)).toEqual(['注意：以通知为准。']);
    expect(splitUnits(c)).toBe(splitUnits(c));
  });
});
