import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { fnv1a } from '../core/hash.js';
import { canonical } from './tokenizer.js';

/** The characters embedded: Chinese characters, Latin letters and digits, one code point each. */
const CHAR = /[\p{Script=Han}a-z0-9]/gu;

/**
 * Offline embeddings: character unigrams and bigrams of the canonical text, hashed into a
 * fixed number of dimensions and L2-normalised. Cosine similarity then measures shared
 * characters and character pairs, which survives word-segmentation differences and
 * one-character typos. It knows no meaning: synonyms that share no characters
 * (工资 / 薪酬) are strangers to it. An OpenAI-compatible model can replace it.
 */
export class LocalEmbeddings extends Embeddings {
  readonly dimensions: number;

  constructor(params: EmbeddingsParams & { dimensions?: number } = {}) {
    super(params);
    this.dimensions = params.dimensions ?? 512;
  }

  /** Identifies the vector space; an index built with another one must be rebuilt. */
  get id(): string {
    return `local-char-ngram-v1-${this.dimensions}`;
  }

  // Index loops and one regex match instead of spreads and iterators: every question is
  // embedded, and the iterator garbage was a tenth of what answering allocated.
  embedSync(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    const chars = canonical(text).match(CHAR) ?? [];
    for (let i = 0; i < chars.length; i++) {
      v[fnv1a(chars[i]!) % this.dimensions]! += 0.5;
      if (i + 1 < chars.length) v[fnv1a(chars[i]! + chars[i + 1]!) % this.dimensions]! += 1;
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
    return out;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedSync(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }
}
