import { convert, type FormatCallback } from 'html-to-text';
import { cleanText } from '../normalize.js';

/**
 * Turning what Office and PDF files hold into the body format the chunker reads: headings as
 * `#` lines, tables as `| a | b |` rows under their header row, list items as `- ` lines.
 */

/** One table as Markdown rows; the first row names the columns, as in a Markdown table. */
export function tableLines(rows: string[][]): string[] {
  const clean = rows
    .map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '｜').trim()))
    .filter((row) => row.some((cell) => cell !== ''));
  if (clean.length === 0) return [];
  const width = Math.max(...clean.map((row) => row.length));
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, i) => row[i] ?? '').join(' | ')} |`;
  return [line(clean[0]!), `| ${Array(width).fill('---').join(' | ')} |`, ...clean.slice(1).map(line)];
}

const CHINESE_NUMBER = '[一二三四五六七八九十百]+';
// Heading-like: short, and not a sentence (no full stop, semicolon or colon with text after it).
const SHORT = '[^。；;！？!?]{1,30}';
const LEVELS: Array<[RegExp, number]> = [
  [new RegExp(`^第${CHINESE_NUMBER}[章节部分]\\s*${SHORT}$`), 2],
  [new RegExp(`^${CHINESE_NUMBER}[、.．]\\s*${SHORT}$`), 2],
  [new RegExp(`^[（(]${CHINESE_NUMBER}[）)]\\s*${SHORT}$`), 3],
  [new RegExp(`^\\d{1,2}[.．、]\\s*${SHORT}$`), 4],
];
const ARABIC_ITEM = /^\d{1,2}[.．、]/;

/**
 * Numbered headings written as plain paragraphs ("一、报到时间", "（二）材料", "1. 地点") become
 * `#` lines. "1." also starts list items, so it counts as a heading only when neither neighbour
 * line is numbered the same way: a list keeps its items, a numbered section keeps its title.
 */
export function markNumberedHeadings(body: string): string {
  const lines = body.split('\n');
  const neighbour = (i: number, step: number): string => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j]!.trim()) return lines[j]!.trim();
    return '';
  };
  return lines
    .map((raw, i) => {
      const line = raw.trim();
      if (line.startsWith('#') || line.startsWith('|')) return raw;
      const level = LEVELS.find(([pattern]) => pattern.test(line))?.[1];
      if (level === undefined) return raw;
      if (level === 4 && (ARABIC_ITEM.test(neighbour(i, -1)) || ARABIC_ITEM.test(neighbour(i, 1)) || !neighbour(i, 1))) return raw;
      return `${'#'.repeat(level)} ${line}`;
    })
    .join('\n');
}

const heading: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addInline(`${'#'.repeat(Number(options.level ?? 2))} `);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

interface Node {
  type?: string;
  name?: string;
  data?: string;
  children?: Node[];
}

const textOf = (node: Node): string =>
  node.type === 'text' ? (node.data ?? '') : (node.children ?? []).map(textOf).join(node.name === 'p' || node.name === 'br' ? ' ' : '');

/** A table is written whole, so that every row, header first, lands on a line of its own. */
const table: FormatCallback = (elem, _walk, builder) => {
  const rows = ((elem as Node).children ?? [])
    .flatMap((child) => (child.name === 'tbody' || child.name === 'thead' ? (child.children ?? []) : [child]))
    .filter((child) => child.name === 'tr')
    .map((tr) => (tr.children ?? []).filter((c) => c.name === 'td' || c.name === 'th').map((c) => textOf(c).replace(/\s+/g, ' ').trim()));
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(tableLines(rows).join('\n'));
  builder.closeBlock({ trailingLineBreaks: 2 });
};

/** The HTML a Word converter writes (headings, paragraphs, lists, tables), as a document body. */
export function htmlToBody(html: string): string {
  const text = convert(html, {
    wordwrap: false,
    formatters: { heading, table },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'heading', options: { level } })),
      { selector: 'table', format: 'table' },
      { selector: 'ul', options: { itemPrefix: '- ' } },
    ],
  });
  return markNumberedHeadings(cleanText(text));
}

/** Title and last-modified date from an Office file's docProps/core.xml. */
export function coreProperties(xml: Buffer | undefined): { title?: string; updated?: string } {
  if (!xml) return {};
  const text = xml.toString('utf8');
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(text)?.[1];
  const modified = /<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
  return { title: title ? decodeEntities(title).trim() || undefined : undefined, updated: modified };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first `#` heading of a body, the usual title of a document without one of its own. */
export function firstHeading(body: string): string | undefined {
  return /^#{1,6}\s+(.+)$/m.exec(body)?.[1]?.trim();
}
