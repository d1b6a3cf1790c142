import iconv from 'iconv-lite';

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;

/** GB2312 and GBK pages routinely use characters only GB18030 (their superset) names. */
const ALIASES: Record<string, string> = { gb2312: 'gb18030', gbk: 'gb18030', 'x-gbk': 'gb18030' };

/**
 * The charset a page declares: the Content-Type header first, then a `<meta>` in its first
 * 2 KB (where browsers look), else UTF-8.
 */
export function detectCharset(contentType: string | null, bytes: Buffer): string {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const fromMeta = META_CHARSET.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1];
  const name = (fromHeader ?? fromMeta ?? 'utf-8').toLowerCase();
  const charset = ALIASES[name] ?? name;
  return iconv.encodingExists(charset) ? charset : 'utf-8';
}

/** Decodes a page to text; saved copies are UTF-8, so their `<meta charset>` must say so. */
export function decodePage(contentType: string | null, bytes: Buffer): string {
  const text = iconv.decode(bytes, detectCharset(contentType, bytes));
  return text.replace(META_CHARSET, (tag, name: string) => tag.replace(name, 'utf-8'));
}
