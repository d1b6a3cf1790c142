import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Logger } from '../logging/logger.js';
import { LRUCache } from 'lru-cache';

export interface CachedEmbeddingsParams extends EmbeddingsParams {
  inner: Embeddings;
  /** Names the vector space (model and endpoint); part of every cache key. */
  space: string;
  /** SQLite file holding the cache; created when missing. */
  file: string;
  log?: Logger;
  /** Recent questions kept in memory, since the offline and LLM answerers embed the same text. */
  queryCacheSize?: number;
}

/**
 * Remembers document vectors on disk by vector space and sha256 of the text, so a reload
 * or a rebuilt index sends only new and changed chunks to a remote embeddings endpoint.
 * Questions are cached in memory only: they are personal and rarely repeat.
 */
export class CachedEmbeddings extends Embeddings {
  /** Vectors served from the cache and fetched from the endpoint, since construction. */
  readonly stats = { cached: 0, embedded: 0 };
  private readonly inner: Embeddings;
  private readonly space: string;
  private readonly file: string;
  private readonly log: Logger | undefined;
  private readonly queries: LRUCache<string, number[]>;

  constructor(params: CachedEmbeddingsParams) {
    super(params);
    this.inner = params.inner;
    this.space = params.space;
    this.file = params.file;
    this.log = params.log;
    this.queries = new LRUCache({ max: params.queryCacheSize ?? 64 });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const keys = texts.map(sha256);
    const db = this.open();
    try {
      const found = new Map<string, number[]>();
      const select = db.prepare<[string, string], { vector: Buffer }>('SELECT vector FROM embeddings WHERE space = ? AND hash = ?');
      const missing = new Map<string, string>();
      keys.forEach((key, i) => {
        if (found.has(key) || missing.has(key)) return;
        const row = select.get(this.space, key);
        if (row) found.set(key, fromBlob(row.vector));
        else missing.set(key, texts[i]!);
      });
      if (missing.size > 0) {
        const vectors = await this.inner.embedDocuments([...missing.values()]);
        if (vectors.length !== missing.size) {
          throw new Error(`the embeddings endpoint returned ${vectors.length} vectors for ${missing.size} texts`);
        }
        const insert = db.prepare('INSERT OR REPLACE INTO embeddings (space, hash, vector) VALUES (?, ?, ?)');
        const missingKeys = [...missing.keys()];
        db.transaction(() => {
          missingKeys.forEach((key, i) => {
            insert.run(this.space, key, toBlob(vectors[i]!));
            found.set(key, vectors[i]!);
          });
        })();
      }
      const embedded = missing.size;
      const cached = texts.length - embedded;
      this.stats.cached += cached;
      this.stats.embedded += embedded;
      this.log?.info({ cached, embedded }, 'embedded documents (cached vectors reused)');
      return keys.map((key) => found.get(key)!);
    } finally {
      db.close();
    }
  }

  async embedQuery(text: string): Promise<number[]> {
    const hit = this.queries.get(text);
    if (hit) return hit;
    const vector = await this.inner.embedQuery(text);
    this.queries.set(text, vector);
    return vector;
  }

  // Opened per call: index builds are rare, and no handle outlives them.
  private open(): Database.Database {
    mkdirSync(dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS embeddings (space TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (space, hash))');
    return db;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// Float32 like the vector index itself: a quarter of JSON's size, no precision the index keeps.
function toBlob(vector: number[]): Buffer {
  return Buffer.from(new Float32Array(vector).buffer);
}

function fromBlob(blob: Buffer): number[] {
  // Copied first: a Float32Array view needs a 4-byte aligned offset, which a Buffer need not have.
  return Array.from(new Float32Array(new Uint8Array(blob).buffer));
}
