import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import MarkdownIt from 'markdown-it';
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

// CommonMark with GFM tables: the parser says which lines are headings, table delimiter rows
// and rules; every other line is kept as written, so a table row keeps its escaped `\|`.
const markdown = new MarkdownIt('commonmark').enable('table');

interface Structure {
  /** ATX headings (`#` … `######`) by line. */
  headings: Map<number, { level: number; text: string }>;
  /** Lines that carry no words: table delimiter rows, thematic breaks, setext underlines. */
  markup: Set<number>;
}

function structureOf(body: string): Structure {
  const headings = new Map<number, { level: number; text: string }>();
  const markup = new Set<number>();
  const tokens = markdown.parse(body, {});
  tokens.forEach((token, i) => {
    if (!token.map) return;
    const [first, end] = token.map;
    if (token.type === 'heading_open' && token.markup.startsWith('#')) {
      const text = (tokens[i + 1]?.content ?? '').replace(/\*\*/g, '').trim();
      if (text) headings.set(first, { level: token.markup.length, text });
    } else if (token.type === 'heading_open') {
      // A setext heading ("标题" over "---") stays text, as in the documents' plain-text formats.
      if (token.markup === '-') markup.add(end - 1);
    } else if (token.type === 'thead_open') {
      markup.add(end);
    } else if (token.type === 'hr') {
      markup.add(first);
    }
  });
  return { headings, markup };
}

function headingOf(line: string, index: number, structure: Structure): { level: number; text: string } | undefined {
  const md = structure.headings.get(index);
  if (md) return md;
  const bare = line.replace(/^\*\*(.+)\*\*$/, '$1').trim();
  if (CHINESE_HEADING.test(bare)) return { level: 3, text: bare };
  return undefined;
}

function sections(body: string): Section[] {
  const out: Section[] = [];
  const path: Array<{ level: number; text: string }> = [];
  const structure = structureOf(body);
  let current: Section = { headings: [], lines: [] };
  for (const [index, line] of body.split('\n').entries()) {
    if (structure.markup.has(index)) continue;
    const h = headingOf(line, index, structure);
    if (h) {
      if (current.lines.some((l) => l.trim())) out.push(current);
      while (path.length && path[path.length - 1]!.level >= h.level) path.pop();
      path.push(h);
      current = { headings: path.map((p) => p.text), lines: [] };
      continue;
    }
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
 * Cuts a document into chunks that respect its headings, paragraphs, table rows and Chinese
 * sentence ends; every chunk carries the document's title, its heading path, URL and date.
 */
export async function chunkDocument(doc: KnowledgeDocument, firstId: number): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const section of sections(doc.body)) {
    // The top heading usually repeats the title; it adds nothing to a citation.
    const headings = section.headings.filter((h) => h !== doc.title);
    const text = section.lines.join('\n').trim();
    const parts = text.length <= TARGET_CHARS ? [text] : repeatTableHeaders(text, reattachPunctuation(await splitter.splitText(text)));
    for (const part of parts) {
      const clean = part.trim();
      if (!clean) continue;
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
