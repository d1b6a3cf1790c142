import { basename, extname } from 'node:path';
import { DocumentError } from '../../core/errors.js';
import type { LoadedContent } from '../types.js';
import { loadHtml } from './html-loader.js';
import { loadMarkdown } from './markdown-loader.js';
import { isNewsArticle, loadNews, loadPlainText } from './news-loader.js';

/**
 * Office and PDF files: binary, read by a library each, and larger than text by nature. The
 * libraries are loaded on the first such file: the process answering questions never needs them.
 */
const BINARY_LOADERS: Record<string, (path: string, bytes: Buffer) => Promise<LoadedContent>> = {
  '.docx': async (path, bytes) => (await import('./docx-loader.js')).loadDocx(path, bytes),
  '.doc': async (path, bytes) => (await import('./doc-loader.js')).loadDoc(path, bytes),
  '.pdf': async (path, bytes) => (await import('./pdf-loader.js')).loadPdf(path, bytes),
  '.xlsx': async (path, bytes) => (await import('./xlsx-loader.js')).loadXlsx(path, bytes),
};

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.docx', '.doc', '.pdf', '.xlsx'] as const;

export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** Office and PDF files carry pictures and fonts besides their text, so they may be larger. */
export const MAX_BINARY_DOCUMENT_BYTES = 20 * 1024 * 1024;

export function isBinaryDocument(path: string): boolean {
  return Object.hasOwn(BINARY_LOADERS, extname(path).toLowerCase());
}

/** The size limit for a file of this type. */
export function maxBytesOf(path: string): number {
  return isBinaryDocument(path) ? MAX_BINARY_DOCUMENT_BYTES : MAX_DOCUMENT_BYTES;
}

/** The warning for a file over its type's limit. */
export function tooLarge(size: number, path: string): string {
  return `file is ${(size / 1048576).toFixed(1)} MiB; the limit is ${maxBytesOf(path) / 1048576} MiB`;
}

/**
 * An Office or PDF document, read by the library of its format (hence async); a file
 * without a title of its own is named after the file.
 */
export async function loadBinaryContent(path: string, bytes: Buffer): Promise<LoadedContent> {
  const load = BINARY_LOADERS[extname(path).toLowerCase()];
  if (!load) throw new DocumentError(path, undefined, `${extname(path) || 'a file without extension'} is not an Office or PDF format`);
  if (bytes.length === 0) throw new DocumentError(path, undefined, 'file is empty');
  if (bytes.length > MAX_BINARY_DOCUMENT_BYTES) throw new DocumentError(path, undefined, tooLarge(bytes.length, path));
  const content = await load(path, bytes);
  if (content.body.replace(/[#|\-\s]/g, '') === '') throw new DocumentError(path, undefined, 'document has no text');
  return { ...content, title: content.title ?? basename(path, extname(path)) };
}

/** Decodes and checks the bytes of a text document, then hands the text to the loader of its format. */
export function loadContent(path: string, bytes: Buffer): LoadedContent {
  if (bytes.length === 0) throw new DocumentError(path, undefined, 'file is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(path, undefined, tooLarge(bytes.length, path));
  }
  if (bytes.subarray(0, 8000).includes(0)) throw new DocumentError(path, undefined, 'file is binary, not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    const line = firstBadLine(bytes);
    throw new DocumentError(path, line, 'file is not UTF-8 text; save it as UTF-8', { cause });
  }
  if (text.trim() === '') throw new DocumentError(path, undefined, 'file has no text');
  const ext = extname(path).toLowerCase();
  const content =
    ext === '.html' || ext === '.htm'
      ? loadHtml(path, text)
      : ext === '.txt'
        ? isNewsArticle(text)
          ? loadNews(path, text)
          : loadPlainText(path, text)
        : loadMarkdown(path, text);
  if (content.body.replace(/[#\s]/g, '') === '') throw new DocumentError(path, content.bodyLine, 'document has no text besides its header');
  return content;
}

function firstBadLine(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
