import { convert, type FormatCallback, type HtmlToTextOptions } from 'html-to-text';
import { Parser } from 'htmlparser2';
import { DocumentError } from '../../core/errors.js';
import { cleanText } from '../normalize.js';
import type { LoadedContent } from '../types.js';

// Where a department page keeps its article, most specific first; the rest of the page
// (navigation, side columns, footers) is left out.
const ARTICLE_SELECTORS = ['article', '.article', '#article', '.content', '#content', 'main', 'body'];

const NOISE = ['nav', 'header', 'footer', 'aside', 'script', 'style', 'form', 'iframe', 'noscript', 'img',
  '.nav', '.crumbs', '.breadcrumb', '.share', '.footer', '.meta', '.pager'];

const heading: FormatCallback = (elem, walk, builder, options) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addInline(`${'#'.repeat(Number(options.level ?? 2))} `);
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

// Table rows become one line each, cells joined by " | ", so a row stays one answerable unit.
const row: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1 });
};
const cell: FormatCallback = (elem, walk, builder) => {
  walk(elem.children, builder);
  builder.addInline(' | ');
};

function options(base: string): HtmlToTextOptions {
  return {
    wordwrap: false,
    baseElements: { selectors: [base], returnDomByDefault: false },
    formatters: { heading, row, cell },
    selectors: [
      ...NOISE.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, format: 'heading', options: { level } })),
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'row' },
      { selector: 'td', format: 'cell' },
      { selector: 'th', format: 'cell' },
      { selector: 'ul', options: { itemPrefix: '- ' } },
    ],
  };
}

function metaContent(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1]?.trim();
}

/**
 * Deepest nesting a page may have. html-to-text walks the tree recursively and runs out of stack
 * a little beyond 2,000 levels (less in a worker thread); real pages stay below 100.
 */
export const MAX_HTML_DEPTH = 500;

/** How deep the elements nest, read by a streaming parser that keeps no tree and does not recurse. */
function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      deepest = Math.max(deepest, ++depth);
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return deepest;
}

export function loadHtml(path: string, html: string): LoadedContent {
  const depth = nestingDepth(html);
  if (depth > MAX_HTML_DEPTH) {
    throw new DocumentError(path, undefined, `HTML nests ${depth} levels deep; the limit is ${MAX_HTML_DEPTH}. Save the page as simpler HTML or Markdown`, {
      problem: { code: 'html-too-deep', values: { depth, max: MAX_HTML_DEPTH } },
    });
  }
  let body = '';
  for (const selector of ARTICLE_SELECTORS) {
    body = cleanText(convert(html, options(selector)).replace(/ \| *$/gm, ''));
    if (body.replace(/[#\s]/g, '').length >= 20) break;
  }
  if (!body) throw new DocumentError(path, 1, 'HTML page has no readable text');
  const h1 = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const pageTitle = metaContent(html, /<title[^>]*>([^<]*)<\/title>/i)?.split(/\s*[-_|｜]\s*/)[0];
  const canonical =
    metaContent(html, /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)["']/i) ??
    metaContent(html, /<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']/i);
  const date = /(?:发布时间|发布日期|日期|更新时间)[:：\s]*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(
    convert(html, { wordwrap: false }),
  );
  return {
    format: 'html',
    title: h1 ?? pageTitle,
    // Sources become links in replies and pages: only a web address may be one.
    url: canonical && /^https?:\/\//i.test(canonical) ? canonical : undefined,
    updated: date ? `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}` : undefined,
    body,
    bodyLine: 1,
  };
}
