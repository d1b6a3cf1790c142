import hnswlib from 'hnswlib-node';

/** Approximate nearest neighbours by cosine similarity, persisted as one file. */
export class VectorIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
  ) {}

  /** An empty index for `capacity` items, filled batch by batch with `add`, so all vectors are never held at once. */
  static create(dimensions: number, capacity: number): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex(Math.max(1, capacity), 16, 200, 42);
    index.setEf(64);
    return new VectorIndex(index, dimensions);
  }

  /** Adds vectors as items `firstId`, `firstId + 1` … */
  add(vectors: number[][], firstId: number): void {
    vectors.forEach((v, i) => this.index.addPoint(v, firstId + i));
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
