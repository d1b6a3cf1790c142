import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/core/hash.js';

describe('the FNV-1a hash', () => {
  it('gives the published 32-bit FNV-1a values for ASCII text', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('gives Chinese text the values the saved index and intent model were built with', () => {
    // Hashed by UTF-16 code unit, not UTF-8 byte: changing that would silently scramble the
    // local embeddings on disk and the intent buckets in models/answerer.json.
    expect(fnv1a('周转公寓')).toBe(0x7bde81ac);
    expect(fnv1a('报到须知')).toBe(0x7823281c);
  });

  it('is always an unsigned 32-bit integer, so it can index a bucket with %', () => {
    for (const text of ['报', '报到', '新进教职工岗前培训', 'x'.repeat(1000)]) {
      const h = fnv1a(text);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32, text).toBe(true);
    }
  });
});
