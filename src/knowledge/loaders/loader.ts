import { extname } from 'node:path';
import { DocumentError } from '../../core/errors.js';
import type { LoadedContent } from '../types.js';
import { loadHtml } from './html-loader.js';
import { loadMarkdown } from './markdown-loader.js';
import { isNewsArticle, loadNews, loadPlainText } from './news-loader.js';

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm'] as const;

export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** Decodes and checks the bytes, then hands the text to the loader of its format. */
export function loadContent(path: string, bytes: Buffer): LoadedContent {
  if (bytes.length === 0) throw new DocumentError(path, undefined, 'file is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(path, undefined, `file is ${(bytes.length / 1048576).toFixed(1)} MiB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MiB`);
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
