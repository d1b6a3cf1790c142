import { describe, expect, it } from 'vitest';
import { LogisticScorer } from '../../src/answer/logistic-scorer.js';
import { fitLogistic } from '../../src/training/fit-logistic.js';

/** A seeded generator, so the data and the fit are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe('logistic regression by Newton', () => {
  const rand = random(7);
  const rows = Array.from({ length: 2000 }, () => [rand() * 4 - 2, rand() * 10, rand()]);
  // The truth: log-odds 2·x0 − 0.5·x1 + 1; x2 is noise.
  const labels = rows.map((r) => Number(rand() < 1 / (1 + Math.exp(-(2 * r[0]! - 0.5 * r[1]! + 1)))));

  it('recovers the weights that made the data, on the original scale', () => {
    const spec = fitLogistic(['x0', 'x1', 'x2'], rows, labels, { l2: 0.01 });
    const raw = spec.weights.map((w, i) => w / spec.scale[i]!);
    expect(raw[0]).toBeCloseTo(2, 0);
    expect(raw[1]).toBeCloseTo(-0.5, 0);
    expect(Math.abs(raw[2]!)).toBeLessThan(0.5);
  });

  it('holds a few leading features back by their own, lighter penalty: a rule that alone marks the class gets a large, finite weight', () => {
    // x0 is a precise rule: it fires on a fifth of the positives and on nothing else.
    const ruleRows = rows.map((r, i) => [Number(labels[i] === 1 && i % 5 === 0), r[2]!]);
    const fit = (leading?: { count: number; l2: number }) =>
      fitLogistic(['rule', 'noise'], ruleRows, labels, { l2: 1, standardize: false, ...(leading ? { leading } : {}) }).weights;
    const light = fit({ count: 1, l2: 0.01 });
    const even = fit();
    expect(Number.isFinite(light[0])).toBe(true);
    expect(light[0]).toBeGreaterThan(even[0]! + 2);
    // The other features keep the common penalty.
    expect(light[1]).toBeCloseTo(even[1]!, 1);
  });

  it('gives calibrated probabilities: predicted and observed rates agree', () => {
    const scorer = new LogisticScorer(fitLogistic(['x0', 'x1', 'x2'], rows, labels, { l2: 0.01 }));
    const predicted = rows.reduce((s, r) => s + scorer.probability(r), 0);
    const observed = labels.reduce((s, l) => s + l, 0);
    expect(Math.abs(predicted - observed) / rows.length).toBeLessThan(0.01);
  });

  it('is deterministic to the digit, and a stronger penalty shrinks the weights', () => {
    const a = fitLogistic(['x0', 'x1', 'x2'], rows, labels, { l2: 1 });
    expect(JSON.stringify(fitLogistic(['x0', 'x1', 'x2'], rows, labels, { l2: 1 }))).toBe(JSON.stringify(a));
    const shrunk = fitLogistic(['x0', 'x1', 'x2'], rows, labels, { l2: 1000 });
    expect(Math.abs(shrunk.weights[0]!)).toBeLessThan(Math.abs(a.weights[0]!));
  });

  it('survives a constant feature and separable data without blowing up', () => {
    const spec = fitLogistic(['c', 'x'], [[1, 0], [1, 1], [1, 2], [1, 3]], [0, 0, 1, 1], { l2: 1 });
    expect([...spec.weights, spec.bias].every(Number.isFinite)).toBe(true);
    expect(spec.scale[0]).toBe(1);
  });
});
