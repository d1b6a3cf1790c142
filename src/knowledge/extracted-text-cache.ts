import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { LoadedContent } from './types.js';

/** The libraries whose output is the extracted text; a new version of one reads every file anew. */
const LIBRARIES = ['pdfjs-dist', 'mammoth', 'read-excel-file', 'word-extractor', 'html-to-text'];

const entrySchema = z.object({
  format: z.enum(['docx', 'doc', 'pdf', 'xlsx']),
  title: z.string().optional(),
  category: z.string().optional(),
  updated: z.string().optional(),
  url: z.string().optional(),
  contact: z.string().optional(),
  body: z.string(),
  bodyLine: z.number().int(),
  notes: z.array(z.object({ line: z.number().int().optional(), message: z.string() })).optional(),
});

/**
 * The text read out of Office and PDF files, kept on disk by the file's path and bytes (a file
 * without a title is named after its path), so a rebuild reads again only the files that
 * changed: a build thread that has not read a PDF yet spends about a second loading pdfjs, and
 * a long PDF takes seconds to read. Entries live in a
 * folder named after the loaders' own code and their libraries' versions, so a changed loader
 * or an upgrade reads every file anew. Only texts read without error are kept.
 */
export class ExtractedTextCache {
  private readonly used = new Set<string>();

  private constructor(
    private readonly root: string,
    private readonly dir: string,
  ) {}

  static async open(root: string): Promise<ExtractedTextCache> {
    return new ExtractedTextCache(root, join(root, await loadersFingerprint()));
  }

  async get(path: string, bytes: Buffer): Promise<LoadedContent | undefined> {
    const key = keyOf(path, bytes);
    this.used.add(key);
    try {
      return entrySchema.parse(JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  }

  async put(path: string, bytes: Buffer, content: LoadedContent): Promise<void> {
    const key = keyOf(path, bytes);
    this.used.add(key);
    // Written aside and renamed, so a reader in another process never sees half an entry. An
    // entry that cannot be written costs the next build time, nothing else: the build goes on.
    const file = join(this.dir, `${key}.json`);
    await mkdir(this.dir, { recursive: true })
      .then(() => writeFile(`${file}.${process.pid}.tmp`, JSON.stringify(content)))
      .then(() => rename(`${file}.${process.pid}.tmp`, file))
      .catch(() => undefined);
  }

  /** Drops the entries of files no longer among the documents, and those of other loader versions. */
  async prune(): Promise<void> {
    const stale = [
      ...(await readdir(this.root).catch(() => [])).map((name) => join(this.root, name)).filter((path) => path !== this.dir),
      ...(await readdir(this.dir).catch(() => [])).filter((name) => !this.used.has(name.replace(/\.json$/, ''))).map((name) => join(this.dir, name)),
    ];
    // Left behind, a stale entry only takes room until the next build tries again.
    for (const path of stale) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

function keyOf(path: string, bytes: Buffer): string {
  return createHash('sha256').update(`${path}\0`).update(bytes).digest('hex');
}

let fingerprint: Promise<string> | undefined;

/** A hash of the loaders' source files (and the text cleaning they share) and their libraries' versions. */
function loadersFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const require = createRequire(import.meta.url);
    const hash = createHash('sha256');
    for (const name of LIBRARIES) {
      const { version } = JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
      hash.update(`${name}@${version}\n`);
    }
    const loaders = join(here, 'loaders');
    const sources = (await readdir(loaders)).filter((n) => /\.[jt]s$/.test(n) && !n.endsWith('.d.ts')).sort();
    for (const file of [...sources.map((n) => join(loaders, n)), ...['normalize.js', 'normalize.ts'].map((n) => join(here, n))]) {
      const text = await readFile(file).catch(() => undefined);
      if (text) hash.update(file.slice(here.length)).update(text);
    }
    return hash.digest('hex').slice(0, 16);
  })();
  return fingerprint;
}
