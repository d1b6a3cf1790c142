import { describe, expect, it } from 'vitest';
import { splitReply, splitText } from '../../src/core/split-text.js';

describe('splitting long replies', () => {
  it('cuts after sentences and keeps every part within the limit', () => {
    const text = '第一句话比较长一些。第二句！第三句？第四句；最后一句没有标点';
    const parts = splitText(text, 12);
    expect(parts).toEqual(['第一句话比较长一些。', '第二句！第三句？第四句；', '最后一句没有标点']);
    expect(parts.join('')).toBe(text);
  });

  it('cuts at the limit when a sentence is longer than it', () => {
    expect(splitText('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('leaves a short reply alone', () => {
    expect(splitText('你好。', 2000)).toEqual(['你好。']);
  });

  it('names the asker in the first part only and keeps the ticket on every part', () => {
    const parts = splitReply({ conversationId: 'g1', text: '第一句。第二句。', mentionUserId: 'u1', ticketId: 'K7Q2M' }, 4);
    expect(parts.map((p) => [p.text, p.mentionUserId, p.ticketId])).toEqual([
      ['第一句。', 'u1', 'K7Q2M'],
      ['第二句。', undefined, 'K7Q2M'],
    ]);
  });
});
