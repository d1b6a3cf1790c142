import { seededRandom } from '../core/seeded-random.js';

/** One bin of a reliability table. */
export interface ReliabilityRow {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Predicted probability against observed frequency, in equal-width bins: a calibrated model's
 * 0.8 is right four times in five.
 */
export function reliabilityTable(points: Array<{ confidence: number; correct: boolean }>, bins = 10): ReliabilityRow[] {
  const rows: ReliabilityRow[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = points.filter((p) => p.confidence >= from && (b === bins - 1 ? p.confidence <= to : p.confidence < to));
    if (inBin.length === 0) continue;
    rows.push({
      from: round3(from),
      to: round3(to),
      count: inBin.length,
      meanConfidence: round3(inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length),
      accuracy: round3(inBin.filter((p) => p.correct).length / inBin.length),
    });
  }
  return rows;
}

/** Expected calibration error: the count-weighted gap between confidence and accuracy over the bins. */
export function expectedCalibrationError(rows: ReliabilityRow[]): number {
  const total = rows.reduce((s, r) => s + r.count, 0);
  return total === 0 ? 0 : round3(rows.reduce((s, r) => s + (r.count / total) * Math.abs(r.meanConfidence - r.accuracy), 0));
}

/**
 * The expected calibration error a perfectly calibrated model would show on these confidences
 * by chance alone: the median over draws in which each question is carried with the
 * probability its confidence gives. At 150 questions it is about 0.07, so a set's ECE is read
 * against it, not against 0. A fixed seed gives the same figure every run.
 */
export function chanceCalibrationError(confidences: number[], draws = 101): number {
  const random = seededRandom(confidences.length);
  const errors: number[] = [];
  for (let d = 0; d < draws; d++) {
    errors.push(expectedCalibrationError(reliabilityTable(confidences.map((confidence) => ({ confidence, correct: random() < confidence })))));
  }
  return errors.sort((a, b) => a - b)[Math.floor(draws / 2)]!;
}

export function formatReliability(rows: ReliabilityRow[]): string {
  return [
    'confidence    n    mean   observed',
    ...rows.map((r) => `${r.from.toFixed(1)}–${r.to.toFixed(1)}  ${String(r.count).padStart(5)}  ${r.meanConfidence.toFixed(3)}  ${r.accuracy.toFixed(3)}`),
  ].join('\n');
}
