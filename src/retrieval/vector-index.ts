import hnswlib from 'hnswlib-node';

/** Approximate nearest neighbours by cosine similarity, persisted as one file. */
export class VectorIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
  ) {}

  static build(vectors: number[][], dimensions: number): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, vectors.length), 16, 200, 42);
    vectors.forEach((v, i) => index.addPoint(v, i));
    index.setEf(64);
    return new VectorIndex(index, dimensions);
  }

  static async read(file: string, dimensions: number): Promise<VectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(file);
    index.setEf(64);
    return new VectorIndex(index, dimensions);
  }

  write(file: string): void {
    this.index.writeIndexSync(file);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** Nearest items with similarity in [0, 1]-ish (1 - cosine distance). */
  search(vector: number[], k: number): Array<{ index: number; score: number }> {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(vector, n);
    return neighbors.map((index, i) => ({ index, score: 1 - distances[i]! }));
  }
}
