import { describe, expect, it } from 'vitest';
import { LlmOutputError, parseLlmResult, parseRewrite } from '../../src/answer/llm-output.js';

describe('parseLlmResult', () => {
  it('reads plain JSON, a fenced block and JSON after words', () => {
    const expected = { answer: '带身份证。', citations: [2], sufficient: true };
    expect(parseLlmResult(JSON.stringify(expected))).toEqual(expected);
    expect(parseLlmResult(`\`\`\`json\n${JSON.stringify(expected)}\n\`\`\``)).toEqual(expected);
    expect(parseLlmResult(`<think>看第2段</think>结果如下：${JSON.stringify({ ...expected, citations: ['2'] })}`)).toEqual(expected);
  });

  it('rejects what is not the asked-for JSON', () => {
    expect(() => parseLlmResult('报到要带身份证。')).toThrow(LlmOutputError);
    expect(() => parseLlmResult('{"answer": "x", "citations": [1]}')).toThrow(/sufficient/);
    expect(() => parseLlmResult('{"answer": "x", "citations": ["第一段"], "sufficient": true}')).toThrow(LlmOutputError);
  });
});

describe('parseRewrite', () => {
  it('keeps the first line without quotes or a label, and the original when the rewrite is empty or rambles', () => {
    expect(parseRewrite('改写后的问题：“入职体检在哪里做？”\n解释：……', '那在哪做？')).toBe('入职体检在哪里做？');
    expect(parseRewrite('  \n', '那在哪做？')).toBe('那在哪做？');
    expect(parseRewrite('很'.repeat(300), '那在哪做？')).toBe('那在哪做？');
  });
});
