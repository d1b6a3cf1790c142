import { load } from 'cheerio';

const ATTACHMENT_EXTENSIONS = ['.docx', '.doc', '.pdf', '.xlsx'] as const;

export interface PageLink {
  url: string;
  kind: 'pagination' | 'page' | 'attachment';
}

export interface ParsedPage {
  title?: string;
  /** Publication date as YYYY-MM-DD, when the page states one. */
  published?: string;
  links: PageLink[];
}

// List pages of the CMSs Chinese universities use (博达, 方正, WordPress …) page with these.
const PAGER_TEXT = /^(下一页|上一页|下页|上页|首页|尾页|末页|next|prev|previous|[<>«»]+|\d{1,4})$/i;
const PAGER_URL = /(?:index|list)[_-]?\d+\.s?html?$|[?&](?:page|pageno|pagenum|p)=\d+/i;
const DATE_LABEL = /(?:发布时间|发布日期|发文日期|日期|时间)[:：\s]*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/;
const META_DATE = ['PubDate', 'publishdate', 'article:published_time', 'date'];

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function attachmentExtension(url: string): string | undefined {
  const path = decodeURIComponent(new URL(url).pathname).toLowerCase();
  return ATTACHMENT_EXTENSIONS.find((ext) => path.endsWith(ext));
}

/** Title, publication date and the links of one HTML page, resolved against its URL. */
export function parsePage(html: string, pageUrl: string): ParsedPage {
  const $ = load(html);
  const base = $('base[href]').attr('href');
  const resolveAgainst = base ? new URL(base, pageUrl).href : pageUrl;
  const links: PageLink[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_, element) => {
    const href = $(element).attr('href')!.trim();
    if (/^(javascript|mailto|tel):/i.test(href) || href.startsWith('#')) return;
    let url: URL;
    try {
      url = new URL(href, resolveAgainst);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = $(element).text().trim();
    const kind = attachmentExtension(url.href) ? 'attachment' : PAGER_TEXT.test(text) || PAGER_URL.test(url.href) ? 'pagination' : 'page';
    links.push({ url: url.href, kind });
  });
  const metaTitle = $('meta[name="ArticleTitle"]').attr('content')?.trim();
  const title = metaTitle || $('h1').first().text().trim() || $('title').text().split(/\s*[-_|｜]\s*/)[0]?.trim() || undefined;
  let published: string | undefined;
  for (const name of META_DATE) {
    const value = $(`meta[name="${name}"], meta[property="${name}"]`).attr('content');
    const match = value ? /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(value) : null;
    if (match) {
      published = isoDate(match[1]!, match[2]!, match[3]!);
      break;
    }
  }
  if (!published) {
    const match = DATE_LABEL.exec($('body').text());
    if (match) published = isoDate(match[1]!, match[2]!, match[3]!);
  }
  return { title, published, links };
}
