import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/analysis.js';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { CHECKIN, HOUSING, smallIndex } from './small-index.js';

describe('question analysis', () => {
  let index: KnowledgeIndex;
  beforeAll(async () => {
    ({ index } = await smallIndex({ 'housing.md': HOUSING, 'checkin.md': CHECKIN }));
  });
  const analyze = (text: string, history: string[] = []) => analyzeQuestion(index, { text, history });

  it('reads the kind of fact asked and the words that say what about', () => {
    const a = analyze('周转公寓押金多少钱');
    expect(a.types).toContain('amount');
    expect(a.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['周转公寓', '押金']));
    expect(a.unknown).toEqual([]);
    expect(a.followUp).toBe(false);
  });

  it('sets apart a thing no document names: the sign of a near miss', () => {
    const a = analyze('周转公寓能养猫吗');
    expect(a.unknown.map((u) => u.word)).toContain('养猫');
    expect(a.unknown.find((u) => u.word === '养猫')?.strong).toBe(true);
  });

  it('leans on the last message when the question cannot stand alone', () => {
    const a = analyze('那押金呢', ['周转公寓怎么申请']);
    expect(a.followUp).toBe(true);
    const fromHistory = a.terms.filter((t) => t.fromHistory).map((t) => t.term);
    expect(fromHistory).toContain('周转公寓');
    // Earlier words steer; they never outweigh the question's own.
    const own = a.terms.filter((t) => !t.fromHistory).reduce((s, t) => s + t.weight * t.idf, 0);
    const earlier = a.terms.filter((t) => t.fromHistory).reduce((s, t) => s + t.weight * t.idf, 0);
    expect(earlier).toBeLessThanOrEqual(own);
  });

  it('asks the last question again about something else when a follow-up ends in 呢', () => {
    expect(analyze('押金呢？', ['周转公寓租金多少']).types).toEqual(['amount']);
    expect(analyze('押金呢～', ['周转公寓租金多少']).types).toEqual(['amount']);
    expect(analyze('那博士后呢，已婚的话', ['周转公寓在哪里']).types).toEqual(['where']);
    expect(analyze('那第一个月呢？我是25号报到的', ['工资几号发']).types).toEqual(['when']);
    // Back through an earlier ellipsis to the question that named the kind.
    expect(analyze('水电费呢？', ['周转公寓租金多少', '押金呢？']).types).toEqual(['amount']);
    // A phrase that names its kind asks that ("报到时间" a date).
    expect(analyze('那报到时间呢？', ['周转公寓在哪里']).types).toEqual(['when']);
  });

  it('does not take 呢 for an ellipsis when the question asks in its own words', () => {
    expect(analyze('押金什么时候退呢', ['周转公寓租金多少']).types).toEqual(['when']);
    expect(analyze('那是为什么呢？', ['周转公寓租金多少']).types).toEqual([]);
    expect(analyze('那押金是不是不退呢', ['周转公寓租金多少']).types).toEqual(['yesno']);
    // Without a last message there is nothing to carry over.
    expect(analyze('押金呢？').types).toEqual([]);
  });

  it('weighs each clause of a two-part question on its own', () => {
    const a = analyze('押金多少，办理地点在哪');
    expect(a.clauses).toHaveLength(2);
    expect(a.types).toEqual(expect.arrayContaining(['amount', 'where']));
  });

  it('does not take the asker describing themselves for the thing asked', () => {
    const a = analyze('我是刚来的博士后，周转公寓押金多少');
    expect(a.unknown.filter((u) => u.strong).map((u) => u.word)).not.toContain('博士后');
  });

  it('takes "怎么弄", "咋搞" for a way of asking how, not for a thing no document names', () => {
    const a = analyze('那要怎么弄？', ['周转公寓怎么申请']);
    expect(a.unknown).toEqual([]);
    expect(a.terms.filter((t) => t.fromHistory).map((t) => t.term)).toContain('周转公寓');
    expect(analyze('押金咋搞').unknown).toEqual([]);
  });
});
