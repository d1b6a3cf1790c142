import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { Chunk, KnowledgeDocument } from './types.js';

// A Chinese numbered heading on a line of its own: "一、适用对象", "（二）材料", "第三条 …".
const CHINESE_HEADING = /^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[条章节部分])\s*[^。；！？]{1,30}$/;

const TARGET_CHARS = 480;

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: TARGET_CHARS,
  chunkOverlap: 0,
  // Paragraphs, then lines (table rows, list items), then Chinese sentence ends.
  separators: ['\n\n', '\n', '。', '！', '？', '；', '，', ''],
  keepSeparator: true,
});

interface Section {
  headings: string[];
  lines: string[];
}

function headingOf(line: string): { level: number; text: string } | undefined {
  const md = /^(#{1,6})\s+(.+)$/.exec(line);
  if (md) return { level: md[1]!.length, text: md[2]!.replace(/\*\*/g, '').trim() };
  const bare = line.replace(/^\*\*(.+)\*\*$/, '$1').trim();
  if (CHINESE_HEADING.test(bare)) return { level: 3, text: bare };
  return undefined;
}

function sections(body: string): Section[] {
  const out: Section[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let current: Section = { headings: [], lines: [] };
  for (const line of body.split('\n')) {
    const h = headingOf(line);
    if (h) {
      if (current.lines.some((l) => l.trim())) out.push(current);
      while (path.length && path[path.length - 1]!.level >= h.level) path.pop();
      path.push(h);
      current = { headings: path.map((p) => p.text), lines: [] };
      continue;
    }
    // Markdown table separator rows and horizontal rules carry no words.
    if (/^\|?\s*:?-{3,}/.test(line) || /^(-{3,}|\*{3,})$/.test(line)) continue;
    current.lines.push(line);
  }
  if (current.lines.some((l) => l.trim())) out.push(current);
  return out;
}

/** The splitter keeps a separator at the start of the next piece; a sentence end belongs to the previous one. */
function reattachPunctuation(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const lead = /^[。！？；，]+/.exec(part)?.[0] ?? '';
    if (lead && out.length) out[out.length - 1] += lead;
    out.push(part.slice(lead.length));
  }
  return out;
}

const isRow = (line: string) => line.trim().startsWith('|');

/** A table cut across chunks keeps its column names: the header row starts every continuation. */
function repeatTableHeaders(section: string, parts: string[]): string[] {
  const lines = section.split('\n');
  const headerOf = (row: string): string | undefined => {
    const at = lines.findIndex((l) => l.trim() === row.trim());
    let start = at;
    while (start > 0 && isRow(lines[start - 1]!)) start--;
    return start >= 0 && start !== at ? lines[start] : undefined;
  };
  return parts.map((part, i) => {
    const first = part.trimStart().split('\n')[0] ?? '';
    const header = i > 0 && isRow(first) ? headerOf(first) : undefined;
    return header ? `${header}\n${part.trimStart()}` : part;
  });
}

/**
 * Most chunks one document may add. A 2 MiB file of prose makes about 1,500; far more means
 * a generated file (a heading per line) that would crowd every other document out of the index.
 */
export const MAX_CHUNKS_PER_DOCUMENT = 3000;

/**
 * Cuts a document into chunks that respect its headings, paragraphs, table rows and Chinese
 * sentence ends; every chunk carries the document's title, its heading path, URL and date.
 * Stops once `limit` chunks are made.
 */
export async function chunkDocument(doc: KnowledgeDocument, firstId: number, limit = Number.POSITIVE_INFINITY): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const section of sections(doc.body)) {
    if (chunks.length >= limit) break;
    // The top heading usually repeats the title; it adds nothing to a citation.
    const headings = section.headings.filter((h) => h !== doc.title);
    const text = section.lines.join('\n').trim();
    const parts = text.length <= TARGET_CHARS ? [text] : repeatTableHeaders(text, reattachPunctuation(await splitter.splitText(text)));
    for (const part of parts) {
      const clean = part.trim();
      if (!clean) continue;
      if (chunks.length >= limit) break;
      chunks.push({
        id: firstId + chunks.length,
        docPath: doc.path,
        title: doc.title,
        headings,
        text: clean,
        url: doc.url,
        updated: doc.updated,
        category: doc.category,
      });
    }
  }
  return chunks;
}
