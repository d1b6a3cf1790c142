import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { growingBound } from '../../src/core/lru-bound.js';

describe('a cache bounded by count on growing storage', () => {
  it('keeps at most that many entries, dropping the least recently used', () => {
    const cache = new LRUCache<string, number>(growingBound(3));
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    cache.get('a');
    cache.set('d', 3);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 1_000; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(3);
  });
});
