import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/retrieval/tokenizer.js';
import { HOUSING, smallIndex } from '../answer/small-index.js';

describe('the index snapshot', () => {
  it('tells whether a text occurs anywhere, the same when asked again', async () => {
    const { index } = await smallIndex({ 'housing/apartment.md': HOUSING });
    for (let round = 0; round < 2; round++) {
      expect(index.mentions(canonical('周转公寓'))).toBe(true);
      expect(index.mentions(canonical('停车月卡'))).toBe(false);
    }
  });
});
