import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { DocumentError } from '../../core/errors.js';
import { cleanText } from '../normalize.js';
import type { LoadedContent } from '../types.js';
import { firstHeading, markNumberedHeadings } from './office-text.js';

const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// pdfjs-dist's legacy build (the one that runs on Node 20) installs core-js polyfills over the
// global JSON.stringify and JSON.parse, several times slower than Node's own, for the whole
// process: every log line, WebSocket frame and API response after the first PDF. Node's own
// are standard; they are put back once pdfjs (and its in-process worker) has loaded.
const NATIVE_JSON = { stringify: JSON.stringify, parse: JSON.parse };
function restoreNativeJson(): void {
  JSON.stringify = NATIVE_JSON.stringify;
  JSON.parse = NATIVE_JSON.parse;
}

/** Fewer letters than this in the whole file means there is no text layer: a scan. */
const MIN_TEXT_CHARS = 20;

/** A line is a heading when its type is this much larger than the body's most common size. */
const HEADING_RATIO = 1.2;

/** A line reaching this share of the page's widest line runs on into the next (the PDF wrapped it). */
const FULL_LINE = 0.9;

interface Line {
  text: string;
  size: number;
  /** Reaches the right margin, so the paragraph may go on in the next line. */
  full: boolean;
}

/**
 * A PDF's text layer, line by line. PDF keeps no structure, so headings are lines set in a
 * larger type than the body, or numbered ones; the title is the document's own, else the first heading.
 */
export async function loadPdf(path: string, bytes: Buffer): Promise<LoadedContent> {
  // pdfjs is large; it is loaded the first time a PDF is read, not when the bot starts.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNativeJson();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${join(PDFJS_ROOT, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_ROOT, 'standard_fonts')}/`,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const lines: Line[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      lines.push(...pageLines((await page.getTextContent()).items.filter((i): i is TextItem => 'str' in i)));
      page.cleanup();
    }
    if (lines.reduce((sum, l) => sum + l.text.replace(/\s/g, '').length, 0) < MIN_TEXT_CHARS) {
      throw new DocumentError(path, undefined, 'no text: scanned? run OCR first');
    }
    const info = ((await doc.getMetadata()).info ?? {}) as { Title?: unknown; ModDate?: unknown; CreationDate?: unknown };
    const body = markNumberedHeadings(cleanText(withHeadings(lines)));
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : firstHeading(body);
    return { format: 'pdf', title, updated: pdfDate(info.ModDate) ?? pdfDate(info.CreationDate), body, bodyLine: 1 };
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new DocumentError(path, undefined, 'file is password-protected; save it again without a password', { cause: error });
    const reason = name === 'InvalidPDFException' ? 'file is not a PDF or is damaged' : `PDF cannot be read: ${(error as Error).message}`;
    throw new DocumentError(path, undefined, reason, { cause: error });
  } finally {
    await task.destroy();
    restoreNativeJson();
  }
}

/** Text items joined into lines by their end-of-line marks, each with its largest type size. */
function pageLines(items: TextItem[]): Line[] {
  const lines: Array<Omit<Line, 'full'> & { right: number }> = [];
  let text = '';
  let size = 0;
  let right = 0;
  const end = () => {
    if (text.trim()) lines.push({ text: text.trim(), size, right });
    text = '';
    size = 0;
    right = 0;
  };
  for (const item of items) {
    text += item.str;
    if (item.str.trim()) {
      size = Math.max(size, Math.hypot(item.transform[0] ?? 0, item.transform[1] ?? 0));
      right = Math.max(right, (item.transform[4] ?? 0) + item.width);
    }
    if (item.hasEOL) end();
  }
  end();
  const widest = Math.max(0, ...lines.map((l) => l.right));
  return lines.map(({ right: r, ...l }) => ({ ...l, full: r >= widest * FULL_LINE }));
}

// A line that starts something of its own: a list item or a numbered point.
const STARTS_ITEM = /^(?:[-•·●▪]|\d{1,2}[.．、)）]|[（(]?[一二三四五六七八九十]+[、)）]|第[一二三四五六七八九十]+[条章节])/;

/**
 * Lines become the body: larger type as `#` headings, and the lines of one paragraph,
 * which the PDF wrapped at the page edge, joined again so a sentence stays one unit.
 */
function withHeadings(lines: Line[]): string {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(Math.round(l.size), (weight.get(Math.round(l.size)) ?? 0) + l.text.length);
  const bodySize = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const levels = [...new Set(lines.map((l) => Math.round(l.size)).filter((s) => s >= bodySize * HEADING_RATIO))].sort((a, b) => b - a);
  const out: string[] = [];
  // The last line pushed may go on in the next one.
  let open = false;
  for (const l of lines) {
    const level = levels.indexOf(Math.round(l.size));
    if (level >= 0 && l.text.length <= 40) {
      out.push('', `${'#'.repeat(Math.min(level + 1, 4))} ${l.text}`, '');
      open = false;
    } else if (open && !STARTS_ITEM.test(l.text)) {
      const previous = out[out.length - 1]!;
      out[out.length - 1] = /[A-Za-z0-9]$/.test(previous) && /^[A-Za-z0-9]/.test(l.text) ? `${previous} ${l.text}` : previous + l.text;
    } else {
      out.push(l.text);
    }
    open = level < 0 && l.full && !/[。！？；：:!?]$/.test(l.text);
  }
  return out.join('\n');
}

/** A PDF date, "D:20250801120000+08'00'", as YYYY-MM-DD. */
function pdfDate(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
