import { DocumentError } from '../../core/errors.js';
import { cleanText } from '../normalize.js';
import type { LoadedContent } from '../types.js';

/**
 * Department news articles as the HR site exports them:
 * `标题:` / `发布日期: 日期：…` / `浏览次数:` header lines, then `正文内容:` and the prose.
 * No library reads this house format, so it is parsed here.
 */
const HEADER = /^(标题|发布日期|浏览次数|正文内容)\s*[:：]\s*(.*)$/;

export function isNewsArticle(text: string): boolean {
  return /^\uFEFF?标题\s*[:：]/.test(text);
}

export function loadNews(path: string, text: string): LoadedContent {
  const lines = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '').split('\n');
  const fields = new Map<string, string>();
  let bodyStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i]!.trim());
    if (!m) {
      if (fields.size > 0 && lines[i]!.trim() !== '') break;
      continue;
    }
    fields.set(m[1]!, m[2]!.trim());
    if (m[1] === '正文内容') {
      bodyStart = i;
      break;
    }
  }
  if (!fields.get('标题')) throw new DocumentError(path, 1, 'news article has no "标题:" line');
  if (bodyStart < 0) throw new DocumentError(path, fields.size + 1, 'news article has no "正文内容:" line before its text');
  const firstBodyLine = fields.get('正文内容') ?? '';
  const body = cleanText([firstBodyLine, ...lines.slice(bodyStart + 1)].join('\n'));
  if (!body) throw new DocumentError(path, bodyStart + 1, 'news article has no text after "正文内容:"');
  const date = /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(fields.get('发布日期') ?? '');
  return {
    format: 'news',
    title: fields.get('标题'),
    updated: date ? `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}` : undefined,
    body,
    bodyLine: bodyStart + 2,
  };
}

export function loadPlainText(path: string, text: string): LoadedContent {
  const body = cleanText(text);
  const title = body.split('\n')[0]?.slice(0, 60);
  return { format: 'text', title: title || path, body, bodyLine: 1 };
}
