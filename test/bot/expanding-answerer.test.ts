import { describe, expect, it } from 'vitest';
import type { Answerer, Question } from '../../src/answer/answerer.js';
import { ExpandingAnswerer } from '../../src/bot/expanding-answerer.js';
import { parseSynonyms } from '../../src/knowledge/synonyms.js';

function recording(): { answerer: Answerer; asked: Question[] } {
  const asked: Question[] = [];
  return {
    asked,
    answerer: {
      async answer(q) {
        asked.push(q);
        return { kind: 'escalate', reason: 'no_match', confidence: 0, candidates: [] };
      },
    },
  };
}

describe('ExpandingAnswerer', () => {
  it('asks the core in the documents’ words and takes new synonyms at once', async () => {
    const { answerer, asked } = recording();
    let words = parseSynonyms('开放时间: [开门, 开馆]\n附属小学: 附小\n');
    const expanding = new ExpandingAnswerer(answerer, () => words);
    await expanding.answer({ text: '附小几点开门', history: ['图书馆开馆吗'] });
    expect(asked[0]).toEqual({ text: '附属小学几点开放时间', history: ['图书馆开放时间吗'] });

    words = [];
    await expanding.answer({ text: '附小几点开门', history: [] });
    expect(asked[1]!.text).toBe('附小几点开门');
  });

  it('leaves a word already in the documents’ form alone', async () => {
    const { answerer, asked } = recording();
    const expanding = new ExpandingAnswerer(answerer, () => parseSynonyms('住房公积金: 公积金\n'));
    await expanding.answer({ text: '住房公积金和公积金一样吗', history: [] });
    expect(asked[0]!.text).toBe('住房公积金和住房公积金一样吗');
  });
});
