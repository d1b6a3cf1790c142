import { describe, expect, it } from 'vitest';
import { associationSupport, associationsSchema, isAssociable, toAssociations } from '../../src/answer/associations.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { canonical } from '../../src/retrieval/tokenizer.js';
import type { Unit } from '../../src/answer/units.js';

const unit = (text: string, context = ''): Unit => ({
  text,
  match: canonical(text),
  context: canonical(context),
  kind: 'sentence',
  position: 0,
  line: 0,
  chunk: {} as Chunk,
});

describe('association support', () => {
  const table = toAssociations({ 掏钱: [['费用', 1.2], ['结算', 0.6]], 发薪日: [['发放', 0.9]] });
  const asked = [
    { word: '掏钱', weight: 2 },
    { word: '体检', weight: 1 },
  ];

  it('gives a unit the weight of a question word it answers in other words, times the strongest association it carries', () => {
    const fee = associationSupport(asked, unit('入职体检费用由学校统一结算，个人无需支付。'), table);
    expect(fee.all).toBeCloseTo(2 * 1.2);
    // Neither the unit nor its headings say "掏钱": nothing but the association supports it.
    expect(fee.only).toBeCloseTo(2 * 1.2);
    expect(associationSupport(asked, unit('体检地点在校医院二楼。'), table)).toEqual({ all: 0, only: 0 });
  });

  it('counts a word the unit or its headings state as support, but not as support through associations only', () => {
    const stated = associationSupport(asked, unit('掏钱的费用由学校承担。'), table);
    expect(stated.all).toBeCloseTo(2.4);
    expect(stated.only).toBe(0);
    const headed = associationSupport(asked, unit('标准套餐费用全免。', '体检要掏钱吗'), table);
    expect(headed.only).toBe(0);
  });

  it('reads the table from the model file, refusing pairs without a positive strength', () => {
    expect(associationsSchema.safeParse({ 掏钱: [['费用', 1.2]] }).success).toBe(true);
    expect(associationsSchema.safeParse({ 掏钱: [['费用', 0]] }).success).toBe(false);
    expect(associationsSchema.safeParse({ 掏钱: [['费用']] }).success).toBe(false);
  });

  it('associates words of two characters or more, never a bare number', () => {
    expect(isAssociable('掏钱')).toBe(true);
    expect(isAssociable('钱')).toBe(false);
    expect(isAssociable('2025')).toBe(false);
  });
});
