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

export function buildBm25(docs: string[][]): Bm25Data {
  const postings: Record<string, number[]> = {};
  const lengths: number[] = [];
  docs.forEach((tokens, index) => {
    lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) (postings[term] ??= []).push(index, count);
  });
  const total = lengths.reduce((a, b) => a + b, 0);
  return { docCount: docs.length, avgLength: docs.length ? total / docs.length : 0, lengths, postings };
}

export class Bm25 {
  private readonly postings: Map<string, number[]>;

  constructor(readonly data: Bm25Data) {
    this.postings = new Map(Object.entries(data.postings));
  }

  /** How many chunks contain the term. */
  df(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  idf(term: string): number {
    const n = this.df(term);
    return Math.log(1 + (this.data.docCount - n + 0.5) / (n + 0.5));
  }

  /** Chunks by score, best first. Repeated query terms count once per occurrence (weights). */
  search(terms: Map<string, number>, limit: number): Array<{ index: number; score: number }> {
    const scores = new Map<number, number>();
    for (const [term, weight] of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (let i = 0; i < list.length; i += 2) {
        const index = list[i]!;
        const tf = list[i + 1]!;
        const norm = tf + K1 * (1 - B + (B * this.data.lengths[index]!) / (this.data.avgLength || 1));
        scores.set(index, (scores.get(index) ?? 0) + weight * idf * ((tf * (K1 + 1)) / norm));
      }
    }
    return [...scores.entries()]
      .map(([index, score]) => ({ index, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
