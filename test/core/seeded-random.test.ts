import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/seeded-random.js';

describe('seeded random numbers', () => {
  it('gives the same numbers for the same seed, others for another, all in [0, 1)', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return [...Array(1000)].map(() => random());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
    expect(draw(7).every((v) => v >= 0 && v < 1)).toBe(true);
    // Spread over the whole range: about a tenth of them in each tenth.
    const tenths = Array.from({ length: 10 }, (_, i) => draw(7).filter((v) => Math.floor(v * 10) === i).length);
    expect(Math.min(...tenths)).toBeGreaterThan(60);
  });
});
