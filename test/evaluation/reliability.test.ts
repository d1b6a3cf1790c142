import { describe, expect, it } from 'vitest';
import { chanceCalibrationError, expectedCalibrationError, reliabilityTable } from '../../src/evaluation/reliability.js';

describe('reliability table', () => {
  it('bins confidences and reports what was observed in each bin', () => {
    const points = [
      { confidence: 0.05, correct: false },
      { confidence: 0.15, correct: false },
      { confidence: 0.9, correct: true },
      { confidence: 0.95, correct: true },
      { confidence: 1, correct: false },
    ];
    const rows = reliabilityTable(points);
    expect(rows.map((r) => [r.from, r.count])).toEqual([
      [0, 1],
      [0.1, 1],
      [0.9, 3],
    ]);
    expect(rows.at(-1)!.accuracy).toBeCloseTo(2 / 3, 3);
  });

  it('gives zero calibration error when confidence matches the outcome rate, more when it does not', () => {
    const calibrated = [...Array(10)].map((_, i) => ({ confidence: 0.75, correct: i < 7.5 }));
    expect(expectedCalibrationError(reliabilityTable(calibrated))).toBeLessThan(0.06);
    const overconfident = [...Array(10)].map((_, i) => ({ confidence: 0.95, correct: i < 5 }));
    expect(expectedCalibrationError(reliabilityTable(overconfident))).toBeCloseTo(0.45, 2);
  });

  it('says what error a calibrated model shows by chance: sizeable on a small set, small on a large one, the same every run', () => {
    const spread = (n: number) => [...Array(n)].map((_, i) => 0.05 + (0.9 * i) / n);
    const small = chanceCalibrationError(spread(150));
    expect(small).toBeGreaterThan(0.04);
    expect(small).toBeLessThan(0.12);
    expect(chanceCalibrationError(spread(3000))).toBeLessThan(0.03);
    expect(chanceCalibrationError(spread(150))).toBe(small);
  });
});
