import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/core/errors.js';
import { parseSynonyms } from '../../src/knowledge/synonyms.js';
import { warningText } from '../../src/prompts/messages.js';

function problem(text: string): string {
  try {
    parseSynonyms(text);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return warningText({ path: 'synonyms.yaml', line: error.line, message: error.message.replace(/^[^:]+(:\d+)?: /, '') });
  }
  throw new Error('parsed');
}

describe('synonyms.yaml', () => {
  it('reads a word or a list per line, longest colloquial word first', () => {
    expect(parseSynonyms('# 注释\n附属小学: 附小\n开放时间: [开门, 几点开门]\n')).toEqual([
      { from: '几点开门', to: '开放时间' },
      { from: '附小', to: '附属小学' },
      { from: '开门', to: '开放时间' },
    ]);
    expect(parseSynonyms('')).toEqual([]);
  });

  it('names the line of each problem in plain Chinese', () => {
    expect(problem('开放时间: [开门]\n附属小学: "附小\n公积金: 住房金\n')).toBe('synonyms.yaml 第 2 行：引号没有闭合');
    expect(problem('开放时间: [开门\n附属小学: 附小\n')).toBe('synonyms.yaml 第 1 行：方括号或花括号没有闭合');
    expect(problem('开放时间: 开门\n开放时间: 开馆\n')).toBe('synonyms.yaml 第 2 行：同一个名称写了两次');
    expect(problem('开放时间: 开门\n附属小学:\n')).toMatch(/^synonyms\.yaml 第 2 行：“附属小学”/);
    expect(problem('开放时间: [开门, ""]\n')).toBe('synonyms.yaml 第 1 行：“开放时间”这一项是空的');
    expect(problem('- 开门\n- 开馆\n')).toMatch(/^synonyms\.yaml 第 1 行：应写成“开放时间: \[开门, 开馆\]”/);
  });
});
