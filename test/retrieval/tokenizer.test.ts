import { describe, expect, it } from 'vitest';
import { canonical, tokenize } from '../../src/retrieval/tokenizer.js';

describe('tokenize', () => {
  it.each([
    ['调档函怎么开', '调档函'],
    ['周转公寓申请要多久', '周转公寓'],
    ['公积金比例是多少', '公积金'],
    ['入职体检去哪做', '入职体检'],
    ['报到证丢了', '报到证'],
  ])('keeps the domain word whole in %s', (question, word) => {
    expect(tokenize(question)).toContain(word);
  });

  it('also gives the parts of a compound, so a shorter word in a document still matches', () => {
    expect(tokenize('周转公寓')).toEqual(expect.arrayContaining(['周转', '公寓', '周转公寓']));
  });

  it('rewrites the typos new staff make', () => {
    expect(canonical('我下周去报道')).toBe('我下周去报到');
    expect(canonical('调挡函在哪开')).toBe('调档函在哪开');
    expect(tokenize('我下周去报道')).toEqual(['报到']);
    expect(tokenize('调挡函在哪开')).toContain('调档函');
    expect(tokenize('调挡函在哪开')).not.toContain('调挡函');
  });

  it('reads English words as the documents say them', () => {
    expect(tokenize('HR电话多少')).toEqual(['人事', '电话']);
  });

  it('drops stopwords and particles', () => {
    const tokens = tokenize('请问报到要带什么材料呀，谢谢哈');
    expect(tokens).toEqual(expect.arrayContaining(['报到', '材料']));
    for (const noise of ['请问', '呀', '哈', '什么', '谢谢', '要']) expect(tokens).not.toContain(noise);
    expect(tokenize('请问呀哈')).toEqual([]);
  });

  it('folds full-width letters and digits', () => {
    expect(tokenize('ＯＡ密码')).toEqual(tokenize('oa密码'));
  });
});
