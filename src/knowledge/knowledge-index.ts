import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import { LRUCache } from 'lru-cache';
import { growingBound } from '../core/lru-bound.js';
import { z } from 'zod';
import { IndexError } from '../core/errors.js';
import { TimeSlices } from '../core/time-slices.js';
import { Bm25, buildBm25, decodeBm25, encodeBm25 } from '../retrieval/bm25.js';
import { canonical, tokenize } from '../retrieval/tokenizer.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { chunkDocument, MAX_CHUNKS_PER_DOCUMENT } from './chunker.js';
import type { Chunk, KnowledgeDocument, LoadWarning } from './types.js';

// 2: chunks as JSON lines and BM25 as a binary block, so a snapshot is read in short slices.
const FORMAT_VERSION = 2;

export interface DocumentSummary {
  path: string;
  hash: string;
  format: string;
  title: string;
  category?: string;
}

const manifestSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  contentHash: z.string(),
  embeddingsId: z.string(),
  dimensions: z.number().int().positive(),
  builtAt: z.string(),
  documents: z.array(z.object({ path: z.string(), hash: z.string(), format: z.string(), title: z.string(), category: z.string().optional() })),
  warnings: z.array(z.object({ path: z.string(), line: z.number().optional(), message: z.string(), loaded: z.boolean().optional() })),
});
type Manifest = z.infer<typeof manifestSchema>;

/** The hash that decides whether an index on disk still matches the documents. */
export function contentHash(files: Array<{ path: string; hash: string }>, embeddingsId: string): string {
  const h = createHash('sha256').update(`v${FORMAT_VERSION}\n${embeddingsId}\n`);
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) h.update(`${f.path}\0${f.hash}\n`);
  return h.digest('hex');
}

/**
 * The lines of a file, read through one small buffer. Read whole, the 11 MB of a 20k-chunk base
 * stayed in memory after loading until the next full collection, which a busy bot may not reach
 * for minutes; so did the pieces of a read stream that lived across a time slice. Decoded line
 * by line: decoding a whole file at once took 50 ms.
 */
async function* jsonLines(file: string): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(65_536);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        // One line longer than the buffer: room for it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
      const bytes = buffer.subarray(0, filled);
      let start = 0;
      for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
        yield bytes.toString('utf8', start, newline);
        start = newline + 1;
      }
      buffer.copyWithin(0, start, filled);
      filled -= start;
    }
    if (filled > 0) yield buffer.toString('utf8', 0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * The chunk with its document's strings (path, title, headings, url …) replaced by the copy an
 * earlier chunk of the same document already holds: parsed, every chunk had its own, about
 * 4 MB over a 20k-chunk base.
 */
function shareStrings(chunk: Chunk, seen: Map<string, string>): Chunk {
  const one = (s: string) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
  chunk.docPath = one(chunk.docPath);
  chunk.title = one(chunk.title);
  chunk.headings = chunk.headings.map(one);
  if (chunk.url !== undefined) chunk.url = one(chunk.url);
  if (chunk.updated !== undefined) chunk.updated = one(chunk.updated);
  if (chunk.category !== undefined) chunk.category = one(chunk.category);
  return chunk;
}

/** Text a chunk is searched by: its title and headings count as part of it. */
function searchText(chunk: Chunk): string {
  return [chunk.title, ...chunk.headings, chunk.text].join('\n');
}

/** Chunk texts in matching form, joined a few hundred at a time (see `KnowledgeIndex.corpus`). */
class CorpusBlocks {
  private readonly done: string[] = [];
  private open: string[] = [];

  add(chunk: Chunk): void {
    this.open.push(canonical(searchText(chunk)));
    if (this.open.length === 256) this.close();
  }

  blocks(): string[] {
    this.close();
    return this.done;
  }

  private close(): void {
    if (this.open.length > 0) this.done.push(this.open.join('\n'));
    this.open = [];
  }
}

/**
 * An immutable snapshot of the knowledge base: chunks, BM25 postings and vectors.
 * Questions read one snapshot from start to end; a reload builds a new one.
 */
export class KnowledgeIndex {
  readonly bm25: Bm25;
  /**
   * All chunk text in matching form, to tell whether a word occurs anywhere at all; in blocks
   * of a few hundred chunks, so no single string of the whole base is built on the thread
   * that answers. A word never spans two chunks, so it never spans two blocks.
   */
  private readonly corpus: string[];
  /**
   * A miss scans the whole corpus; questions repeat their words, so the most used answers are
   * kept. Made at the first question: the cache sets aside room for all its entries when it is
   * made, and a snapshot that is built, checked or replaced before anyone asks never needs it.
   */
  private mentionCache: LRUCache<string, boolean> | undefined;

  private constructor(
    readonly manifest: Manifest,
    readonly chunks: Chunk[],
    bm25: Bm25,
    readonly vectors: VectorIndex,
    corpus: string[],
  ) {
    this.bm25 = bm25;
    this.corpus = corpus;
  }

  get documents(): DocumentSummary[] {
    return this.manifest.documents;
  }

  get warnings(): LoadWarning[] {
    return this.manifest.warnings;
  }

  get contentHash(): string {
    return this.manifest.contentHash;
  }

  get builtAt(): Date {
    return new Date(this.manifest.builtAt);
  }

  /** True when the text (already canonical) occurs somewhere in the knowledge base. */
  mentions(text: string): boolean {
    this.mentionCache ??= new LRUCache<string, boolean>(growingBound(50_000));
    let known = this.mentionCache.get(text);
    if (known === undefined) {
      known = this.corpus.some((block) => block.includes(text));
      this.mentionCache.set(text, known);
    }
    return known;
  }

  static async build(options: {
    documents: KnowledgeDocument[];
    warnings: LoadWarning[];
    contentHash: string;
    embeddings: Embeddings;
    embeddingsId: string;
    onProgress?: (done: number, total: number) => void;
  }): Promise<KnowledgeIndex> {
    const chunks: Chunk[] = [];
    const warnings = [...options.warnings];
    let done = 0;
    for (const doc of options.documents) {
      const parts = await chunkDocument(doc, chunks.length, MAX_CHUNKS_PER_DOCUMENT + 1);
      if (parts.length > MAX_CHUNKS_PER_DOCUMENT) {
        parts.length = MAX_CHUNKS_PER_DOCUMENT;
        warnings.push({ path: doc.path, loaded: true, message: `cut after ${MAX_CHUNKS_PER_DOCUMENT} chunks; the rest is not searched. Split the document into several files` });
      }
      for (const part of parts) chunks.push(part);
      options.onProgress?.(++done, options.documents.length);
    }
    // One chunk's tokens, then one batch's vectors, at a time: the build never holds them all.
    const bm25 = buildBm25((function* () {
      for (const chunk of chunks) yield tokenize(searchText(chunk));
    })());
    const batch = 256;
    let vectors: VectorIndex | undefined;
    for (let i = 0; i < chunks.length; i += batch) {
      const embedded = await options.embeddings.embedDocuments(chunks.slice(i, i + batch).map(searchText));
      vectors ??= VectorIndex.create(embedded[0]!.length, chunks.length);
      vectors.add(embedded, i);
    }
    const dimensions = vectors?.dimensions ?? (await options.embeddings.embedQuery('维度')).length;
    vectors ??= VectorIndex.create(dimensions, 0);
    const manifest: Manifest = {
      version: FORMAT_VERSION,
      contentHash: options.contentHash,
      embeddingsId: options.embeddingsId,
      dimensions,
      builtAt: new Date().toISOString(),
      documents: options.documents.map((d) => ({ path: d.path, hash: d.hash, format: d.format, title: d.title, category: d.category })),
      warnings,
    };
    const corpus = new CorpusBlocks();
    for (const chunk of chunks) corpus.add(chunk);
    return new KnowledgeIndex(manifest, chunks, new Bm25(bm25), vectors, corpus.blocks());
  }

  /** Writes the snapshot next to `dir` and renames it into place, so a crash never leaves half an index. */
  async save(dir: string): Promise<void> {
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'chunks.jsonl'), this.chunks.map((c) => JSON.stringify(c)).join('\n'));
    const bm25 = encodeBm25(this.bm25.toData());
    await writeFile(join(tmp, 'bm25.json'), bm25.header);
    await writeFile(join(tmp, 'bm25.bin'), bm25.block);
    this.vectors.write(join(tmp, 'vectors.hnsw'));
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(this.manifest, null, 1));
    const old = `${dir}.old-${process.pid}`;
    await rm(old, { recursive: true, force: true });
    await rename(dir, old).catch(() => undefined);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  }

  /** The content hash of the snapshot saved in `dir`, if there is a readable one. */
  static async storedHash(dir: string): Promise<string | undefined> {
    try {
      return manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).contentHash;
    } catch {
      return undefined;
    }
  }

  /** Reads a snapshot; undefined when there is none or it was built for other documents or embeddings. */
  static async load(dir: string, expectedHash: string): Promise<KnowledgeIndex | undefined> {
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    } catch {
      return undefined;
    }
    if (manifest.contentHash !== expectedHash) return undefined;
    try {
      // The files and the vectors are read off this thread; what is parsed on it goes in short
      // slices, because a reload happens while this thread answers questions.
      const vectors = VectorIndex.read(join(dir, 'vectors.hnsw'), manifest.dimensions);
      // Awaited last; when another part fails first, its failure must not go unhandled.
      vectors.catch(() => undefined);
      const [header, block] = await Promise.all([readFile(join(dir, 'bm25.json'), 'utf8'), readFile(join(dir, 'bm25.bin'))]);
      const slices = new TimeSlices();
      const chunks: Chunk[] = [];
      const corpus = new CorpusBlocks();
      const shared = new Map<string, string>();
      for await (const line of jsonLines(join(dir, 'chunks.jsonl'))) {
        const chunk = shareStrings(JSON.parse(line) as Chunk, shared);
        chunks.push(chunk);
        corpus.add(chunk);
        if (slices.due()) await slices.pause();
      }
      const postings = decodeBm25(header, block);
      const vectorIndex = await vectors;
      // Parts from different builds (a folder copied by hand, a crash mid-copy) must not meet:
      // a search would then name chunks that are not there.
      if (postings.docCount !== chunks.length || vectorIndex.size !== chunks.length) {
        throw new Error(`the parts disagree: ${chunks.length} chunks, ${postings.docCount} in BM25, ${vectorIndex.size} vectors`);
      }
      const bm25 = await Bm25.open(postings, slices);
      return new KnowledgeIndex(manifest, chunks, bm25, vectorIndex, corpus.blocks());
    } catch (cause) {
      throw new IndexError(`index in ${dir} is damaged; delete the folder and it will be rebuilt`, { cause });
    }
  }
}
