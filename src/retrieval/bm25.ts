/**
 * Okapi BM25 over pre-tokenised chunks. Written here rather than taken from a package
 * because the answerer needs the same IDF for sentence scoring and coverage, and the
 * postings must serialise into the index snapshot.
 */
export interface Bm25Data {
  docCount: number;
  avgLength: number;
  lengths: number[];
  /** term → [chunkIndex, termFrequency] pairs, flattened. */
  postings: Record<string, number[]>;
}

const K1 = 1.2;
const B = 0.75;

/** Takes the chunks' tokens one at a time (any iterable), so a caller need not hold them all. */
export function buildBm25(docs: Iterable<string[]>): Bm25Data {
  const postings: Record<string, number[]> = {};
  const lengths: number[] = [];
  let index = 0;
  for (const tokens of docs) {
    lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) (postings[term] ??= []).push(index, count);
    index++;
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  return { docCount: index, avgLength: index ? total / index : 0, lengths, postings };
}

/** A term's postings ready for scoring: chunk ids and their length-normalised term weights. */
interface Postings {
  ids: Int32Array;
  tfs: Int32Array;
  weights: Float32Array;
  idf: number;
}

export class Bm25 {
  private readonly postings = new Map<string, Postings>();
  // Reused between searches (JavaScript runs one search at a time): no per-question garbage.
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  private readonly docCount: number;
  private readonly avgLength: number;
  private readonly lengths: number[];

  // The postings are held once, as typed arrays; the JSON form is rebuilt only to be saved.
  constructor(data: Bm25Data) {
    this.docCount = data.docCount;
    this.avgLength = data.avgLength;
    this.lengths = data.lengths;
    const avg = data.avgLength || 1;
    for (const [term, flat] of Object.entries(data.postings)) {
      const n = flat.length / 2;
      const ids = new Int32Array(n);
      const tfs = new Int32Array(n);
      const weights = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const id = flat[2 * i]!;
        const tf = flat[2 * i + 1]!;
        ids[i] = id;
        tfs[i] = tf;
        weights[i] = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * data.lengths[id]!) / avg));
      }
      this.postings.set(term, { ids, tfs, weights, idf: Math.log(1 + (data.docCount - n + 0.5) / (n + 0.5)) });
    }
    this.scores = new Float64Array(data.docCount);
    this.touched = new Int32Array(data.docCount);
  }

  /** The serialisable form, as `buildBm25` made it. */
  toData(): Bm25Data {
    const postings: Record<string, number[]> = {};
    for (const [term, p] of this.postings) {
      const flat = new Array<number>(p.ids.length * 2);
      for (let i = 0; i < p.ids.length; i++) {
        flat[2 * i] = p.ids[i]!;
        flat[2 * i + 1] = p.tfs[i]!;
      }
      postings[term] = flat;
    }
    return { docCount: this.docCount, avgLength: this.avgLength, lengths: this.lengths, postings };
  }

  /** How many chunks contain the term. */
  df(term: string): number {
    return this.postings.get(term)?.ids.length ?? 0;
  }

  idf(term: string): number {
    return this.postings.get(term)?.idf ?? Math.log(1 + (this.docCount + 0.5) / 0.5);
  }

  /** The best `limit` chunks, best first; each query term counts with its weight. */
  search(terms: Map<string, number>, limit: number): Array<{ index: number; score: number }> {
    const { scores, touched } = this;
    let count = 0;
    for (const [term, weight] of terms) {
      const p = this.postings.get(term);
      if (!p || weight <= 0) continue;
      const factor = weight * p.idf;
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        if (scores[id] === 0) touched[count++] = id;
        scores[id]! += factor * p.weights[i]!;
      }
    }
    // Keep the top `limit` in a small sorted array instead of sorting every touched chunk.
    const top: Array<{ index: number; score: number }> = [];
    for (let i = 0; i < count; i++) {
      const id = touched[i]!;
      const score = scores[id]!;
      scores[id] = 0;
      if (top.length === limit && score <= top[top.length - 1]!.score) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < score) at--;
      top.splice(at, 0, { index: id, score });
      if (top.length > limit) top.pop();
    }
    return top;
  }
}
