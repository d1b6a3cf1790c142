import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DocumentError, IndexError } from '../core/errors.js';
import { isBinaryDocument, loadBinaryContent, loadContent, maxBytesOf, SUPPORTED_EXTENSIONS, tooLarge } from './loaders/loader.js';
import type { ExtractedTextCache } from './extracted-text-cache.js';
import { describeFsError, listFiles } from './list-files.js';
import { parseSideMeta, SIDE_META_SUFFIX } from './side-meta.js';
import { checkCategory, type KnowledgeDocument, type LoadedContent, type LoadWarning } from './types.js';

export interface SourceFile {
  path: string;
  bytes: Buffer;
  /** sha256 of the file and of its side file, so a change to either rebuilds the index. */
  hash: string;
  /** An Office or PDF file, already read (its libraries are async), or why it could not be. */
  extracted?: LoadedContent | DocumentError;
  /** The side file `NAME.meta.yaml` beside it, not yet checked. */
  sideMeta?: { path: string; bytes: Buffer };
}

export interface ScanResult {
  files: SourceFile[];
  /** Files of types the bot does not read, listed for the report. */
  unsupported: string[];
  warnings: LoadWarning[];
}

/**
 * Lists and reads every document below `dir` (hidden files and folders skipped). Office and
 * PDF files are read into text too, unless `readBinary` is false: a caller that may reuse an
 * index built from the same bytes saves that work and calls `readBinaryDocuments` when it builds.
 */
export async function scanDirectory(dir: string, options: { readBinary?: boolean } = {}): Promise<ScanResult> {
  let info;
  try {
    info = await stat(dir);
  } catch (cause) {
    throw new IndexError(`knowledge directory ${dir} does not exist; pass --knowledge DIR or set KNOWLEDGE_DIR`, { cause });
  }
  if (!info.isDirectory()) throw new IndexError(`${dir} is not a directory`);
  const listing = await listFiles(dir);
  const result: ScanResult = { files: [], unsupported: [], warnings: listing.warnings };
  const all = listing.paths;
  const sideFiles = new Set(all.filter((p) => p.endsWith(SIDE_META_SUFFIX)));
  const paths = all.filter((p) => !sideFiles.has(p));
  for (const side of sideFiles) {
    if (!paths.includes(side.slice(0, -SIDE_META_SUFFIX.length))) {
      result.warnings.push({ path: side, message: `side file without its document: ${side.slice(0, -SIDE_META_SUFFIX.length)} does not exist` });
    }
  }
  for (const path of paths) {
    if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
      result.unsupported.push(path);
      continue;
    }
    const file = await readSource(dir, path, sideFiles.has(path + SIDE_META_SUFFIX)).catch((error: unknown) => error as Error);
    if (file instanceof Error) result.warnings.push({ path, message: `cannot be read: ${describeFsError(file)}` });
    else if (typeof file === 'string') result.warnings.push({ path, message: file });
    else result.files.push(file);
  }
  if (options.readBinary ?? true) await readBinaryDocuments(result.files);
  return result;
}

/** One document and its side file, hashed together; a string says why it is skipped. */
async function readSource(dir: string, path: string, hasSideFile: boolean): Promise<SourceFile | string> {
  const size = (await stat(join(dir, path))).size;
  if (size > maxBytesOf(path)) return tooLarge(size, path);
  const bytes = await readFile(join(dir, path));
  const hash = createHash('sha256').update(bytes);
  const file: SourceFile = { path, bytes, hash: '' };
  if (hasSideFile) {
    // A side file that cannot be read leaves its document without it, like a malformed one.
    const side = await readFile(join(dir, path + SIDE_META_SUFFIX)).catch(() => undefined);
    if (side) {
      file.sideMeta = { path: path + SIDE_META_SUFFIX, bytes: side };
      hash.update('\0').update(side);
    }
  }
  file.hash = hash.digest('hex');
  return file;
}

/**
 * Reads the Office and PDF files among `files` into text. Their libraries are async, so this
 * happens before `loadDocuments`, which stays synchronous for its callers. With a `cache`,
 * files read before with the same path and bytes are taken from it.
 */
export async function readBinaryDocuments(files: SourceFile[], cache?: ExtractedTextCache): Promise<void> {
  for (const file of files) {
    if (!isBinaryDocument(file.path) || file.extracted) continue;
    const kept = await cache?.get(file.path, file.bytes);
    file.extracted = kept ?? (await loadBinaryContent(file.path, file.bytes).catch(documentErrorOnly));
    if (cache && !kept && !(file.extracted instanceof DocumentError)) await cache.put(file.path, file.bytes, file.extracted);
  }
}

function documentErrorOnly(error: unknown): DocumentError {
  if (error instanceof DocumentError) return error;
  throw error;
}

/**
 * Loads every file; a bad one becomes a warning with its path and line, and the rest load.
 * A bad side file is a warning too, and its document loads without it.
 */
export function loadDocuments(files: SourceFile[]): { documents: KnowledgeDocument[]; warnings: LoadWarning[] } {
  const documents: KnowledgeDocument[] = [];
  const warnings: LoadWarning[] = [];
  const warn = (error: DocumentError, loaded = false) =>
    warnings.push({ path: error.path, line: error.line, message: error.message.replace(/^[^:]+(:\d+)?: /, ''), ...(loaded ? { loaded } : {}) });
  for (const file of files) {
    try {
      if (file.extracted instanceof DocumentError) throw file.extracted;
      if (!file.extracted && isBinaryDocument(file.path)) throw new IndexError(`${file.path} was not read; call readBinaryDocuments before loadDocuments`);
      const { notes, ...content } = file.extracted ?? loadContent(file.path, file.bytes);
      const doc: KnowledgeDocument = { ...content, path: file.path, title: content.title ?? file.path, hash: file.hash };
      if (file.sideMeta) {
        try {
          const meta = parseSideMeta(file.sideMeta.path, file.sideMeta.bytes);
          const category = checkCategory(meta.category, meta.categoryLine);
          if (category.note) warnings.push({ path: file.sideMeta.path, ...category.note, loaded: true });
          // The side file is the admin's (or the site's) word about the document; it wins.
          Object.assign(doc, {
            title: meta.title ?? doc.title,
            url: meta.source ?? doc.url,
            category: category.category ?? doc.category,
            updated: meta.updated ?? doc.updated,
          });
        } catch (error) {
          if (!(error instanceof DocumentError)) throw error;
          warn(error, true);
        }
      }
      for (const note of notes ?? []) warnings.push({ path: file.path, ...note, loaded: true });
      documents.push(doc);
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      warn(error);
    }
  }
  return { documents, warnings };
}
