import { describe, expect, it } from 'vitest';
import { savedAnswerFor } from '../../src/answer/saved-faq.js';
import { splitUnits, type ScoredUnit } from '../../src/answer/units.js';
import type { Chunk } from '../../src/knowledge/types.js';

const faqChunk = (id: number, docPath: string, title: string, answer: string): Chunk => ({
  id, docPath, title, headings: [title], text: `**问：${title}**\n\n答：${answer}`,
});

/** Every unit of the chunks, the first chunk's ranked first. */
const ranked = (chunks: Chunk[]): ScoredUnit[] =>
  chunks.flatMap((c) => splitUnits(c)).map((unit, i) => ({ unit, features: new Float64Array(), logit: -i, probability: 0.5 / (i + 1), fusedRank: i }));

describe('the answer a secretary saved for a question', () => {
  const saved = faqChunk(1, 'faq/2026-11-25-AB12C.md', '周转公寓怎么申请？', '在人事服务平台提交申请。住房管理科审核后通知选房。');
  const guide = faqChunk(2, 'housing/guide.md', '周转公寓申请指南', '申请须在报到后三个月内提交。');

  it('answers the same words, whatever their spaces, width and punctuation, with all of its sentences in order', () => {
    const units = savedAnswerFor('周转公寓 怎么申请?', ranked([guide, saved]), []);
    expect(units?.map((u) => u.text)).toEqual(['在人事服务平台提交申请。', '住房管理科审核后通知选房。']);
  });

  it('does not answer other words, nor a FAQ page the office wrote itself under faq/', () => {
    expect(savedAnswerFor('周转公寓咋申请', ranked([saved]), [])).toBeUndefined();
    const page = faqChunk(3, 'faq/housing.md', '周转公寓怎么申请？', '见住房管理科通知。');
    expect(savedAnswerFor('周转公寓怎么申请？', ranked([page]), [])).toBeUndefined();
  });

  it('compares the saved question with the admin\'s synonyms applied, as the asked one arrives', () => {
    const colloquial = faqChunk(4, 'faq/2026-11-26-CD34E.md', '周转房怎么申请？', '在人事服务平台提交申请。');
    const asked = '周转公寓怎么申请？';
    expect(savedAnswerFor(asked, ranked([colloquial]), [{ from: '周转房', to: '周转公寓' }])).toHaveLength(1);
    expect(savedAnswerFor(asked, ranked([colloquial]), [])).toBeUndefined();
  });
});
