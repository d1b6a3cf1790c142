/**
 * Okapi BM25 over pre-tokenised chunks. Written here rather than taken from a package
 * because the answerer needs the same IDF for sentence scoring and coverage, and the
 * postings must serialise into the index snapshot.
 */
export interface Bm25Data {
  docCount: number;
  avgLength: number;
  lengths: Int32Array;
  terms: string[];
  /** The postings of `terms[t]` are `ids` and `tfs` from `offsets[t]` to `offsets[t + 1]`. */
  offsets: Int32Array;
  ids: Int32Array;
  tfs: Int32Array;
}

const K1 = 1.2;
const B = 0.75;

/** Takes the chunks' tokens one at a time (any iterable), so a caller need not hold them all. */
export function buildBm25(docs: Iterable<string[]>): Bm25Data {
  const postings = new Map<string, number[]>();
  const lengths: number[] = [];
  let index = 0;
  for (const tokens of docs) {
    lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(index, count);
    }
    index++;
  }
  // One array per field for all terms: a hundred thousand small typed arrays cost more memory
  // in headers than in postings, and a flat layout is written and read as one block.
  let total = 0;
  for (const list of postings.values()) total += list.length / 2;
  const offsets = new Int32Array(postings.size + 1);
  const ids = new Int32Array(total);
  const tfs = new Int32Array(total);
  let at = 0;
  let t = 0;
  for (const list of postings.values()) {
    offsets[t++] = at;
    for (let i = 0; i < list.length; i += 2) {
      ids[at] = list[i]!;
      tfs[at++] = list[i + 1]!;
    }
  }
  offsets[t] = at;
  const sum = lengths.reduce((a, b) => a + b, 0);
  return { docCount: index, avgLength: index ? sum / index : 0, lengths: Int32Array.from(lengths), terms: [...postings.keys()], offsets, ids, tfs };
}

/** The snapshot form: a small JSON header (counts and terms) and one binary block of the arrays. */
export function encodeBm25(data: Bm25Data): { header: string; block: Buffer } {
  const arrays = [data.lengths, data.offsets, data.ids, data.tfs];
  const header = JSON.stringify({ docCount: data.docCount, avgLength: data.avgLength, postings: data.ids.length, terms: data.terms });
  return { header, block: Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))) };
}

/** Reads what `encodeBm25` wrote; throws when the two parts do not fit together. */
export function decodeBm25(header: string, block: Buffer): Bm25Data {
  const head = JSON.parse(header) as { docCount: number; avgLength: number; postings: number; terms: string[] };
  const sizes = [head.docCount, head.terms.length + 1, head.postings, head.postings];
  if (block.byteLength !== sizes.reduce((a, b) => a + b, 0) * 4) throw new Error('bm25 block size does not match its header');
  // Int32Array views need 4-byte alignment; copy once when the buffer is not aligned.
  const bytes = block.byteOffset % 4 === 0 ? block : Buffer.from(block);
  let offset = bytes.byteOffset;
  const [lengths, offsets, ids, tfs] = sizes.map((n) => {
    const view = new Int32Array(bytes.buffer, offset, n);
    offset += n * 4;
    return view;
  }) as [Int32Array, Int32Array, Int32Array, Int32Array];
  for (let t = 0; t < head.terms.length; t++) {
    if (offsets[t]! > offsets[t + 1]!) throw new Error('bm25 block has postings out of order');
  }
  if (offsets[0] !== 0 || offsets[head.terms.length] !== head.postings) throw new Error('bm25 block offsets do not span its postings');
  return { docCount: head.docCount, avgLength: head.avgLength, lengths, terms: head.terms, offsets, ids, tfs };
}

/** Something that lets other work run now and then during a long job (`TimeSlices`). */
export interface Pauses {
  due(): boolean;
  pause(): Promise<void>;
}

/** The length-normalised term weight of postings `start` to `end`. */
function weigh(data: Bm25Data, weights: Float32Array, start: number, end: number): void {
  const { lengths, ids, tfs } = data;
  const avg = data.avgLength || 1;
  for (let i = start; i < end; i++) {
    const tf = tfs[i]!;
    weights[i] = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[ids[i]!]!) / avg));
  }
}

export class Bm25 {
  private readonly termIds = new Map<string, number>();
  private readonly weights: Float32Array;
  private readonly idfs: Float64Array;
  // Reused between searches (JavaScript runs one search at a time): no per-question garbage.
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  /** Ready to search; `weights` are the postings' weights when already computed (see `open`). */
  constructor(
    private readonly data: Bm25Data,
    weights?: Float32Array,
  ) {
    const { docCount, terms, offsets, ids } = data;
    if (!weights) {
      weights = new Float32Array(ids.length);
      weigh(data, weights, 0, ids.length);
    }
    this.weights = weights;
    this.idfs = new Float64Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      const n = offsets[t + 1]! - offsets[t]!;
      this.idfs[t] = Math.log(1 + (docCount - n + 0.5) / (n + 0.5));
      this.termIds.set(terms[t]!, t);
    }
    this.scores = new Float64Array(docCount);
    this.touched = new Int32Array(docCount);
  }

  /** As the constructor, with the weights computed in blocks between which `pauses` may give way. */
  static async open(data: Bm25Data, pauses: Pauses): Promise<Bm25> {
    const weights = new Float32Array(data.ids.length);
    for (let start = 0; start < weights.length; start += 65_536) {
      const end = Math.min(weights.length, start + 65_536);
      // Read from disk, so checked: an id past the chunks would weigh nothing and name nothing.
      for (let i = start; i < end; i++) {
        if (!(data.ids[i]! >= 0 && data.ids[i]! < data.docCount)) throw new Error('bm25 block names a chunk it does not count');
      }
      weigh(data, weights, start, end);
      if (pauses.due()) await pauses.pause();
    }
    return new Bm25(data, weights);
  }

  /** The serialisable form, as `buildBm25` made it. */
  toData(): Bm25Data {
    return this.data;
  }

  /** How many chunks contain the term. */
  df(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.data.offsets[t + 1]! - this.data.offsets[t]!;
  }

  idf(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? Math.log(1 + (this.data.docCount + 0.5) / 0.5) : this.idfs[t]!;
  }

  /** The best `limit` chunks, best first; each query term counts with its weight. */
  search(terms: Map<string, number>, limit: number): Array<{ index: number; score: number }> {
    const { scores, touched, weights } = this;
    const { offsets, ids } = this.data;
    let count = 0;
    for (const [term, weight] of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || weight <= 0) continue;
      const factor = weight * this.idfs[t]!;
      for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
        const id = ids[i]!;
        if (scores[id] === 0) touched[count++] = id;
        scores[id]! += factor * weights[i]!;
      }
    }
    // Keep the top `limit` in two small sorted arrays instead of sorting every touched chunk;
    // objects are made only for the ones returned (this loop was a tenth of answering's garbage).
    const topIds = new Int32Array(limit);
    const topScores = new Float64Array(limit);
    let size = 0;
    for (let i = 0; i < count; i++) {
      const id = touched[i]!;
      const score = scores[id]!;
      scores[id] = 0;
      if (size === limit && score <= topScores[size - 1]!) continue;
      let at = Math.min(size, limit - 1);
      while (at > 0 && topScores[at - 1]! < score) {
        topIds[at] = topIds[at - 1]!;
        topScores[at] = topScores[at - 1]!;
        at--;
      }
      topIds[at] = id;
      topScores[at] = score;
      if (size < limit) size++;
    }
    return Array.from({ length: size }, (_, i) => ({ index: topIds[i]!, score: topScores[i]! }));
  }
}
