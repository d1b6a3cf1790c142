import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodePage, detectCharset } from '../../src/sync/charset.js';

const gbkPage = (meta: string) => iconv.encode(`<html><head>${meta}<title>人事处通知</title></head><body>报到须知</body></html>`, 'gb18030');

describe('the charset of a page', () => {
  it('takes the Content-Type header first, then a <meta> tag, else UTF-8', () => {
    expect(detectCharset('text/html; charset=GBK', gbkPage('<meta charset="utf-8">'))).toBe('gb18030');
    expect(detectCharset('text/html', gbkPage('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))).toBe('gb18030');
    expect(detectCharset(null, Buffer.from('<p>没有声明</p>'))).toBe('utf-8');
  });

  it('falls back to UTF-8 for a charset it does not know, and ignores a <meta> past the first 2 KB', () => {
    expect(detectCharset('text/html; charset=klingon', Buffer.from(''))).toBe('utf-8');
    const late = Buffer.concat([Buffer.from(`<!--${' '.repeat(2100)}-->`), Buffer.from('<meta charset="gbk">')]);
    expect(detectCharset(null, late)).toBe('utf-8');
  });

  it('decodes a GB2312 page and makes its <meta> say UTF-8, as the saved copy is', () => {
    const text = decodePage(null, gbkPage('<meta charset="gb2312">'));
    expect(text).toContain('<title>人事处通知</title>');
    expect(text).toContain('<meta charset="utf-8">');
    expect(text).not.toMatch(/gb2312/i);
  });
});
