import { describe, expect, it } from 'vitest';
import { isTypeWord, labelMatch, questionTypes, specificTypes, typeEvidence, typeHints } from '../../src/answer/question-type.js';

describe('what kind of fact a question asks for', () => {
  it('reads the kind from the way new staff phrase it', () => {
    expect(questionTypes('报到什么时候截止？')).toContain('when');
    expect(questionTypes('人事处在哪栋楼')).toContain('where');
    // "电话多少" asks for a number to dial, "多少天" for a duration, not an amount.
    expect(questionTypes('社保中心电话多少')).toEqual(['contact']);
    expect(questionTypes('人事秘书的手机号是多少')).toEqual(['contact']);
    expect(questionTypes('产假有多少天')).toEqual(['duration']);
    expect(questionTypes('试用期多少个月')).toEqual(['duration']);
    expect(questionTypes('周转公寓一个月多少钱')).toContain('amount');
    expect(questionTypes('调档函开出来要多久')).toContain('duration');
    expect(questionTypes('报到要带什么材料？')).toContain('materials');
    expect(questionTypes('家属能不能一起住？')).toContain('yesno');
    expect(questionTypes('医保卡怎么办理')).toContain('how');
  });

  it('reads a yes/no question from a verb, 不 or 没 and the verb again', () => {
    for (const q of ['学校有没有通勤班车', '以前的工龄算不算', '体检还用不用做', '能不能带家属', '可不可以晚点报到']) expect(questionTypes(q), q).toContain('yesno');
    expect(questionTypes('差不多多少钱')).not.toContain('yesno');
    // … and from a 不 that ends it; "到了没" asks after one's own case, not yes or no.
    expect(questionTypes('体检报告还能用不？')).toContain('yesno');
    expect(questionTypes('我的档案到了没')).not.toContain('yesno');
  });

  it('takes full-width letters as their plain form (ＱＱ群 asks for a contact)', () => {
    expect(questionTypes('新教工有ＱＱ群吗')).toContain('contact');
  });

  it('does not read "when" into a date field mentioned without a question word', () => {
    expect(questionTypes('出生日期写错了')).not.toContain('when');
    expect(questionTypes('报到日期是哪天')).toContain('when');
  });

  it('keeps only the kinds that name a specific thing', () => {
    expect(specificTypes(['how', 'when', 'yesno', 'where'])).toEqual(['when', 'where']);
  });
});

describe('whether a sentence carries the asked kind of fact', () => {
  it('tells an explicit fact from a vague mention and from none', () => {
    expect(typeEvidence(['when'], '请于9月1日到人事处报到。')).toBe('strong');
    expect(typeEvidence(['when'], '每年集中办理一次。')).toBe('weak');
    expect(typeEvidence(['when'], '报到需本人到场。')).toBe('none');
    expect(typeEvidence([], '报到需本人到场。')).toBe('unasked');
  });

  it('finds phone numbers and amounts as the answers to contact and amount questions', () => {
    expect(typeEvidence(['contact'], '咨询电话 0571-88881234')).toBe('strong');
    expect(typeEvidence(['amount'], '租金每月800元。')).toBe('strong');
    expect(typeEvidence(['amount'], '按学校标准执行。')).toBe('weak');
  });

  it('matches a heading or column that labels the asked field', () => {
    expect(labelMatch(['where'], '办理地点')).toBe(true);
    expect(labelMatch(['when'], '办理地点')).toBe(false);
  });

  it('knows the words that only say what is asked, and widens retrieval with field names', () => {
    expect(isTypeWord(['where'], '地址')).toBe(true);
    expect(isTypeWord(['where'], '公寓')).toBe(false);
    expect(typeHints(['when', 'how'])).toEqual(['时间', '日期']);
  });
});
