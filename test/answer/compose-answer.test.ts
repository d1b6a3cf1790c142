import { describe, expect, it } from 'vitest';
import { composeAnswer } from '../../src/answer/compose-answer.js';
import type { QuestionType } from '../../src/answer/question-type.js';
import { splitUnits, type ScoredUnit } from '../../src/answer/units.js';
import type { Chunk } from '../../src/knowledge/types.js';

const chunk = (id: number, text: string, headings: string[] = []): Chunk => ({ id, docPath: `doc${id}.md`, title: `文档${id}`, headings, text });

/** Units of the chunks ranked by the given probabilities (by unit text), the rest at 0.01. */
function ranked(chunks: Chunk[], probabilities: Record<string, number>): ScoredUnit[] {
  return chunks
    .flatMap((c) => splitUnits(c))
    .map((unit) => {
      const probability = Object.entries(probabilities).find(([k]) => unit.text.includes(k))?.[1] ?? 0.01;
      return { unit, features: new Float64Array(), logit: Math.log(probability / (1 - probability)), probability, fusedRank: 0 };
    })
    .sort((a, b) => b.probability - a.probability);
}

const compose = (chunks: Chunk[], p: Record<string, number>, types: QuestionType[] = [], runnerUp = 0.5) => composeAnswer(ranked(chunks, p), types, 220, runnerUp);

describe('composing the reply', () => {
  it('leads with the answering sentence of a news paragraph, without the story around it', () => {
    const news = chunk(1, '今年暑期人事处组织了多场活动，受到广泛好评。新教工集中报到安排在8月26日至8月28日，地点为行政楼203室。随后举行了座谈会，校领导出席并讲话。');
    const out = compose([news], { '8月26日': 0.9 }, ['when']);
    expect(out.text).toBe('新教工集中报到安排在8月26日至8月28日，地点为行政楼203室。');
  });

  it('leads a yes/no answer with the short reply that opens its line ("可以。"), and only for a yes/no question', () => {
    const faq = chunk(1, '问：家属可以去校医院看病吗？\n答：可以。配偶和子女凭家属证在校医院挂号，按社会收费标准缴费。\n问：家属证在哪办？\n答：在工会办公室办理。');
    expect(compose([faq], { 配偶和子女: 0.9 }, ['yesno']).text).toBe('可以。配偶和子女凭家属证在校医院挂号，按社会收费标准缴费。');
    expect(compose([faq], { 配偶和子女: 0.9 }, ['how']).text).toBe('配偶和子女凭家属证在校医院挂号，按社会收费标准缴费。');
    // A short sentence in the middle of a line introduces nothing.
    const news = chunk(2, '人事处介绍了新政策。不需要。家属凭证挂号即可。');
    expect(compose([news], { 家属凭证: 0.9 }, ['yesno']).text).toBe('家属凭证挂号即可。');
  });

  it('follows a sentence ending in "：" with the list it introduces', () => {
    const c = chunk(1, '报到时请携带以下材料：\n- 居民身份证原件\n- 学历学位证书原件\n\n其他事项请咨询人事处。');
    const out = compose([c], { 以下材料: 0.8 }, ['materials']);
    expect(out.text).toBe('报到时请携带以下材料：\n居民身份证原件\n学历学位证书原件');
  });

  it('drops the number of a list item quoted apart from its list, and keeps the numbers of steps quoted together', () => {
    const steps = chunk(1, '## 办理流程\n1. 登录人事服务平台提交申请。\n2. 人事秘书在线审核材料，结果以短信通知。\n3. 审核通过后到103室领取证明。');
    expect(compose([steps], { 在线审核: 0.9 }, ['how'], 1).text).toBe('人事秘书在线审核材料，结果以短信通知。');
    // The runner-up from the line before: two steps of one list read as steps.
    expect(compose([steps], { 在线审核: 0.9, 登录人事服务平台: 0.8 }, ['how'], 0.5).text).toBe('2. 人事秘书在线审核材料，结果以短信通知。\n1. 登录人事服务平台提交申请。');
  });

  it('gives the whole materials table when asked for materials, and no other table', () => {
    const c = chunk(1, '| 序号 | 材料 | 要求 |\n| --- | --- | --- |\n| 1 | 身份证 | 原件 |\n| 2 | 学位证 | 原件及复印件 |\n\n| 项目 | 费用 |\n| --- | --- |\n| 体检 | 380元 |');
    const out = compose([c], { 身份证: 0.7 }, ['materials']);
    expect(out.text).toContain('身份证');
    expect(out.text).toContain('学位证');
    expect(out.text).not.toContain('380元');
  });

  it('adds a unit for the second kind of fact a two-part question asks', () => {
    const a = chunk(1, '社保中心电话0591-6688123。');
    const b = chunk(2, '社保中心在行政楼108室。');
    const out = compose([a, b], { 电话: 0.8, '108室': 0.6 }, ['contact', 'where']);
    expect(out.text).toContain('0591-6688123');
    expect(out.text).toContain('108室');
  });

  it('answers both halves of a two-part question, however unsure the ranker is of the second', () => {
    const a = chunk(1, '社保中心电话0591-6688123。');
    const b = chunk(2, '社保中心在行政楼108室。');
    const ranking = { 电话: 0.8, '108室': 0.05 };
    expect(composeAnswer(ranked([a, b], ranking), ['contact', 'where'], 220, 1, true).text).toContain('108室');
    // One question that only reads as two kinds keeps to units the ranker finds half as likely.
    expect(composeAnswer(ranked([a, b], ranking), ['contact', 'where'], 220, 1, false).text).not.toContain('108室');
    // Two clauses asking one kind ("你好，电话多少") are not two parts: a place the ranker doubts stays out.
    const noPhone = chunk(3, '社保中心对外办公。');
    expect(composeAnswer(ranked([noPhone, b], { 对外办公: 0.8, '108室': 0.05 }), ['where'], 220, 1, true).text).not.toContain('108室');
  });

  it('does not add a runner-up the model doubts', () => {
    const a = chunk(1, '社保中心电话0591-6688123。');
    const b = chunk(2, '图书馆在行政楼108室。');
    const out = compose([a, b], { 电话: 0.8, '108室': 0.1 }, ['contact', 'where']);
    expect(out.text).not.toContain('108室');
  });

  it('adds the runner-up from the share of the best one\'s chance the model names, the likelier first', () => {
    const a = chunk(1, '试用期一般为6个月。');
    const b = chunk(2, '转岗教师不约定试用期。');
    expect(compose([a, b], { '6个月': 0.7, 转岗: 0.2 }, [], 0.5).text).toBe('试用期一般为6个月。');
    expect(compose([a, b], { '6个月': 0.7, 转岗: 0.2 }, [], 0.25).text).toBe('试用期一般为6个月。\n转岗教师不约定试用期。');
  });

  it('leads with the answering sentence when the runner-up comes earlier in the paragraph, on a line of its own', () => {
    const news = chunk(1, '寒假期间报到系统照常开放。人事秘书在微信群里解答新教工的问题。报到审核一般在3个工作日内完成。');
    const out = compose([news], { '3个工作日': 0.6, 报到系统: 0.3 }, ['duration'], 0);
    expect(out.text).toBe('报到审核一般在3个工作日内完成。\n寒假期间报到系统照常开放。');
  });

  it('keeps sentences that follow each other in one paragraph as prose, and parts any others', () => {
    const news = chunk(1, '报到审核一般在3个工作日内完成。审核结果以短信通知。寒假期间系统照常开放。');
    expect(compose([news], { '3个工作日': 0.6, 短信: 0.3 }, ['duration'], 0).text).toBe('报到审核一般在3个工作日内完成。审核结果以短信通知。');
    // In order, but a sentence apart: two excerpts, not one passage.
    expect(compose([news], { '3个工作日': 0.6, 寒假: 0.3 }, ['duration'], 0).text).toBe('报到审核一般在3个工作日内完成。\n寒假期间系统照常开放。');
  });

  it('does not run two answers of an FAQ together as one passage', () => {
    const faq = chunk(1, '问：试用期多久？\n答：试用期一般为6个月。\n问：转岗教师呢？\n答：转岗教师不约定试用期。');
    expect(compose([faq], { '6个月': 0.6, 转岗: 0.3 }, ['duration'], 0).text).toBe('试用期一般为6个月。\n转岗教师不约定试用期。');
  });

  it('never cuts a unit and keeps to the budget', () => {
    const long = chunk(1, `${'甲'.repeat(150)}。${'乙'.repeat(150)}。`);
    const out = composeAnswer(ranked([long], { 甲: 0.9, 乙: 0.85 }), ['when'], 220, 0);
    expect(out.text).toBe(`${'甲'.repeat(150)}。`);
  });
});
