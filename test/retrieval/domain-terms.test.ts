import { describe, expect, it } from 'vitest';
import { DOMAIN_WORDS, REWRITES } from '../../src/retrieval/domain-terms.js';

/** The rewrites applied in their order, as the tokenizer applies them to documents and questions alike. */
const rewrite = (text: string) => REWRITES.reduce((out, [pattern, to]) => out.replace(pattern, to), text);

describe('the HR vocabulary and its rewrites', () => {
  it.each([
    ['下周一去报道', '下周一去报到'],
    ['调挡函在哪开', '调档函在哪开'],
    ['博后进站要什么材料', '博士后进站要什么材料'],
    ['周转房能住几年', '周转公寓能住几年'],
    ['公基金比例', '公积金比例'],
    ['医疗保险和社会保险', '医保和社保'],
    ['没收到offer', '没有收到录用通知'],
    ['第一个月的工资什么时候发', '首月工资什么时候发'],
    ['什么时候开始算工资', '什么时候起薪 '],
    ['新老师去哪个房间', '新教工 去哪个室 '],
  ])('turn how new staff write "%s" into the words of the documents', (asked, meant) => {
    expect(rewrite(asked)).toBe(meant);
  });

  it('tell an associate professor from a professor, and leave words that only contain one alone', () => {
    expect(rewrite('副教授有安家费吗')).toBe('副高级职称有安家费吗');
    expect(rewrite('教授有安家费吗')).toBe('正高级职称有安家费吗');
    expect(rewrite('副高')).toBe('副高级职称');
    for (const kept of ['教授级高级工程师', '副高级职称', '正高级职称']) expect(rewrite(kept)).toBe(kept);
  });

  it('read 带 before what is brought as 携带, but not inside another word', () => {
    expect(rewrite('报到要带什么')).toBe('报到要携带什么');
    expect(rewrite('要带上身份证')).toBe('要携带上身份证');
    for (const kept of ['需携带什么', '带薪休假', '连带责任']) expect(rewrite(kept)).toBe(kept);
  });

  it('do not start counting salary where the question already says 起薪', () => {
    expect(rewrite('工资从入职开始计算，起薪呢')).toBe('起薪 ，起薪呢');
    expect(rewrite('工资计算到几号起薪')).toBe('工资计算到几号起薪');
  });

  it('change nothing a second time, so a document and a question meet whichever was rewritten', () => {
    const samples = [...DOMAIN_WORDS, '下周一去报道', '副教授', '要带什么', '第一个月的工资', '新入职的老师', 'hr和email'];
    for (const text of samples) expect(rewrite(rewrite(text)), text).toBe(rewrite(text));
  });

  it('keep a domain word a domain word, so the dictionary holds every word the segmenter is given', () => {
    for (const word of DOMAIN_WORDS) expect(DOMAIN_WORDS, word).toContain(rewrite(word).trim());
  });

  it('replace every occurrence, and carry no flag beyond g: the tokenizer tests all patterns at once by their source', () => {
    for (const [pattern] of REWRITES) expect(pattern.flags, String(pattern)).toBe('g');
    expect(rewrite('报道前后都要报道')).toBe('报到前后都要报到');
  });

  it('list each domain word once', () => {
    expect(new Set(DOMAIN_WORDS).size).toBe(DOMAIN_WORDS.length);
  });
});
