import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { DocumentError, IndexError } from '../core/errors.js';
import { loadContent, MAX_DOCUMENT_BYTES, SUPPORTED_EXTENSIONS } from './loaders/loader.js';
import type { KnowledgeDocument, LoadWarning } from './types.js';

export interface SourceFile {
  path: string;
  bytes: Buffer;
  hash: string;
}

export interface ScanResult {
  files: SourceFile[];
  /** Files of types the bot does not read, listed for the report. */
  unsupported: string[];
  warnings: LoadWarning[];
}

const SKIPPED = /(^|\/)(\.|_|node_modules\/)/;

/** Lists and reads every document below `dir` (hidden files and folders skipped). */
export async function scanDirectory(dir: string): Promise<ScanResult> {
  let info;
  try {
    info = await stat(dir);
  } catch (cause) {
    throw new IndexError(`knowledge directory ${dir} does not exist; pass --knowledge DIR or set KNOWLEDGE_DIR`, { cause });
  }
  if (!info.isDirectory()) throw new IndexError(`${dir} is not a directory`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const result: ScanResult = { files: [], unsupported: [], warnings: [] };
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => !SKIPPED.test(p))
    .sort();
  for (const path of paths) {
    if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
      result.unsupported.push(path);
      continue;
    }
    const size = (await stat(join(dir, path))).size;
    if (size > MAX_DOCUMENT_BYTES) {
      result.warnings.push({ path, message: `file is ${(size / 1048576).toFixed(1)} MiB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MiB` });
      continue;
    }
    const bytes = await readFile(join(dir, path));
    result.files.push({ path, bytes, hash: createHash('sha256').update(bytes).digest('hex') });
  }
  return result;
}

/** Loads every file; a bad one becomes a warning with its path and line, and the rest load. */
export function loadDocuments(files: SourceFile[]): { documents: KnowledgeDocument[]; warnings: LoadWarning[] } {
  const documents: KnowledgeDocument[] = [];
  const warnings: LoadWarning[] = [];
  for (const file of files) {
    try {
      const content = loadContent(file.path, file.bytes);
      documents.push({
        ...content,
        path: file.path,
        title: content.title ?? file.path,
        hash: file.hash,
      });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      warnings.push({ path: error.path, line: error.line, message: error.message.replace(/^[^:]+(:\d+)?: /, '') });
    }
  }
  return { documents, warnings };
}
