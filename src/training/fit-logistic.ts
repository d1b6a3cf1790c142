import type { LogisticSpec } from '../answer/logistic-scorer.js';

export interface FitOptions {
  /** L2 penalty on the (standardised) weights, not on the bias. */
  l2: number;
  maxIterations?: number;
  /** Leave 0/1 features as they are, so sparse rows stay sparse (text n-grams). */
  standardize?: boolean;
  /**
   * The first `count` features are held back by this penalty instead of `l2`: a few strong,
   * rare signals among many weak ones.
   */
  leading?: { count: number; l2: number };
}

/**
 * L2-regularised logistic regression by Newton's method (IRLS). Written here because the
 * models are small (tens to a few hundred features), Newton converges to the exact optimum in
 * a few steps, and an exact optimum is what makes `npm run train` reproduce the committed
 * file byte for byte; no package on the registry offers that with no native code.
 */
export function fitLogistic(names: readonly string[], rows: ArrayLike<number>[], labels: number[], options: FitOptions): LogisticSpec {
  const d = names.length;
  const n = rows.length;
  const { mean, scale } = options.standardize === false ? { mean: new Array<number>(d).fill(0), scale: new Array<number>(d).fill(1) } : moments(rows, d);
  // Standardised rows as (index, value) lists with a leading 1 for the bias; zeros are skipped.
  const x = rows.map((r) => {
    const idx: number[] = [0];
    const val: number[] = [1];
    for (let j = 0; j < d; j++) {
      const v = (r[j]! - mean[j]!) / scale[j]!;
      if (v !== 0) {
        idx.push(j + 1);
        val.push(v);
      }
    }
    return { idx, val };
  });
  const logit = (v: Float64Array, i: number) => {
    const { idx, val } = x[i]!;
    let z = 0;
    for (let k = 0; k < idx.length; k++) z += v[idx[k]!]! * val[k]!;
    return z;
  };
  // The penalty of each weight; the bias (index 0) is never held back.
  const penalty = new Float64Array(d + 1).fill(options.l2);
  penalty[0] = 0;
  for (let j = 1; j <= Math.min(options.leading?.count ?? 0, d); j++) penalty[j] = options.leading!.l2;
  const loss = (v: Float64Array) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const z = logit(v, i);
      // log(1 + e^z) − y·z, computed without overflow.
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[i]! * z;
    }
    for (let j = 1; j <= d; j++) total += (penalty[j]! / 2) * v[j]! * v[j]!;
    return total;
  };
  const w = new Float64Array(d + 1);
  const size = d + 1;
  for (let iter = 0; iter < (options.maxIterations ?? 50); iter++) {
    const grad = new Float64Array(size);
    const hess = new Float64Array(size * size);
    for (let i = 0; i < n; i++) {
      const { idx, val } = x[i]!;
      const p = 1 / (1 + Math.exp(-logit(w, i)));
      const s = Math.max(p * (1 - p), 1e-10);
      const r = p - labels[i]!;
      for (let a = 0; a < idx.length; a++) {
        const ja = idx[a]!;
        grad[ja]! += r * val[a]!;
        for (let b = a; b < idx.length; b++) {
          const jb = idx[b]!;
          const at = ja <= jb ? ja * size + jb : jb * size + ja;
          hess[at]! += s * val[a]! * val[b]!;
        }
      }
    }
    for (let j = 1; j <= d; j++) {
      grad[j]! += penalty[j]! * w[j]!;
      hess[j * size + j]! += penalty[j]!;
    }
    // A constant column never split from the bias: keep the system solvable.
    for (let j = 0; j < size; j++) if (hess[j * size + j] === 0) hess[j * size + j] = 1;
    for (let j = 0; j < size; j++) for (let k = 0; k < j; k++) hess[j * size + k] = hess[k * size + j]!;
    const largest = descend(w, solveSymmetric(hess, grad, size), loss);
    if (largest < 1e-9) break;
  }
  return {
    features: [...names],
    mean: mean.map(round),
    scale: scale.map(round),
    weights: Array.from(w.subarray(1), round),
    bias: round(w[0]!),
  };
}

/** Mean and standard deviation of each column (1 for a constant one). */
function moments(rows: ArrayLike<number>[], d: number): { mean: number[]; scale: number[] } {
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j]! += (r[j]! - mean[j]!) ** 2 / rows.length;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  return { mean, scale };
}

/** The candidates of one question and which of them state its fact. */
export interface Group {
  rows: ArrayLike<number>[];
  labels: number[];
}

/**
 * Conditional logit (a softmax over each question's candidates) by Newton's method: learns
 * which unit of a question is the answer, not whether questions are answerable, so features
 * that are the same for every candidate of a question carry no weight. A question with several
 * answering units spreads its target evenly over them; one with none teaches nothing here.
 */
export function fitConditionalLogit(names: readonly string[], groups: Group[], options: FitOptions): LogisticSpec {
  const d = names.length;
  const useful = groups.filter((g) => g.labels.some((l) => l > 0) && g.rows.length > 1);
  const { mean, scale } = moments(useful.flatMap((g) => g.rows), d);
  // A feature the same for every candidate of a question shifts all their scores alike, which the
  // softmax ignores: it adds nothing to that question's gradient or Hessian. Each question keeps
  // only the columns that vary among its candidates; with features that only some kinds of
  // question switch on, most columns of most questions are constant, and the fit is that much faster.
  const columns = useful.map((g) => {
    const first = g.rows[0]!;
    const varying: number[] = [];
    for (let j = 0; j < d; j++) if (g.rows.some((r) => r[j] !== first[j])) varying.push(j);
    return Int32Array.from(varying);
  });
  const xs = useful.map((g, q) => g.rows.map((r) => Float64Array.from(columns[q]!, (j) => (r[j]! - mean[j]!) / scale[j]!)));
  const targets = useful.map((g) => {
    const positives = g.labels.filter((l) => l > 0).length;
    return g.labels.map((l) => (l > 0 ? 1 / positives : 0));
  });
  // Plain loops over typed arrays: the fit runs once per train corpus and once more, over some
  // 200,000 candidate rows, and array callbacks made it most of `npm run train`'s minutes.
  const scores = (rows: Float64Array[], cols: Int32Array, v: Float64Array) => {
    const z = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      let s = 0;
      for (let j = 0; j < cols.length; j++) s += x[j]! * v[cols[j]!]!;
      z[i] = s;
    }
    return z;
  };
  const loss = (v: Float64Array) => {
    let total = 0;
    for (let q = 0; q < xs.length; q++) {
      const z = scores(xs[q]!, columns[q]!, v);
      let top = -Infinity;
      for (const zv of z) top = Math.max(top, zv);
      let sum = 0;
      for (const zv of z) sum += Math.exp(zv - top);
      const log = top + Math.log(sum);
      const target = targets[q]!;
      for (let i = 0; i < z.length; i++) total += target[i]! * (log - z[i]!);
    }
    let penalty = 0;
    for (const wv of v) penalty += wv * wv;
    return total + (options.l2 / 2) * penalty;
  };
  const w = new Float64Array(d);
  const centred = new Float64Array(d);
  for (let iter = 0; iter < (options.maxIterations ?? 50); iter++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let q = 0; q < xs.length; q++) {
      const rows = xs[q]!;
      const cols = columns[q]!;
      const n = cols.length;
      const target = targets[q]!;
      const z = scores(rows, cols, w);
      let top = -Infinity;
      for (const zv of z) top = Math.max(top, zv);
      const p = new Float64Array(z.length);
      let sum = 0;
      for (let i = 0; i < z.length; i++) {
        p[i] = Math.exp(z[i]! - top);
        sum += p[i]!;
      }
      for (let i = 0; i < p.length; i++) p[i] = p[i]! / sum;
      const meanX = new Float64Array(n);
      for (let i = 0; i < rows.length; i++) {
        const x = rows[i]!;
        for (let j = 0; j < n; j++) meanX[j]! += p[i]! * x[j]!;
      }
      for (let i = 0; i < rows.length; i++) {
        const x = rows[i]!;
        const pi = p[i]!;
        const r = pi - target[i]!;
        for (let k = 0; k < n; k++) centred[k] = x[k]! - meanX[k]!;
        for (let j = 0; j < n; j++) {
          grad[cols[j]!]! += r * x[j]!;
          const cj = centred[j]!;
          if (cj === 0) continue;
          const weight = pi * cj;
          // Columns are in increasing order, so this fills the upper triangle as before.
          const at = cols[j]! * d;
          for (let k = j; k < n; k++) hess[at + cols[k]!]! += weight * centred[k]!;
        }
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j]! += options.l2 * w[j]!;
      hess[j * d + j]! += options.l2;
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[j * d + k] = hess[k * d + j]!;
    const largest = descend(w, solveSymmetric(hess, grad, d), loss);
    if (largest < 1e-9) break;
  }
  return { features: [...names], mean: mean.map(round), scale: scale.map(round), weights: Array.from(w, round), bias: 0 };
}

/**
 * Takes the Newton step, halved until the loss goes down (a full step can overshoot far from
 * the optimum); returns the largest change made, 0 when no step helped.
 */
function descend(w: Float64Array, step: Float64Array, loss: (v: Float64Array) => number): number {
  const before = loss(w);
  for (let factor = 1; factor > 1e-6; factor /= 2) {
    const next = w.map((v, j) => v - factor * step[j]!);
    if (loss(next) <= before) {
      let largest = 0;
      for (let j = 0; j < w.length; j++) largest = Math.max(largest, Math.abs(next[j]! - w[j]!));
      w.set(next);
      return largest;
    }
  }
  return 0;
}

/** Six significant digits: enough for the model, and stable across machines. */
function round(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(6));
}

/** Cholesky solve of a symmetric positive definite system (the penalised Hessian is one). */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const out = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * out[k]!;
    out[i] = sum / l[i * n + i]!;
  }
  return out;
}
