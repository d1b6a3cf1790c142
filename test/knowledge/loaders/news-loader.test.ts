import { describe, expect, it } from 'vitest';
import { isNewsArticle, loadNews, loadPlainText } from '../../../src/knowledge/loaders/news-loader.js';
import { NEWS, failureOf } from './loader-helpers.js';

describe('news articles as the HR site exports them', () => {
  it('reads title and date from the header and keeps the prose', () => {
    const doc = loadNews('news/2025-09-05.txt', NEWS);
    expect(doc).toMatchObject({ format: 'news', title: '集中报到顺利完成', updated: '2025-09-05' });
    expect(doc.body).toMatch(/^8月25日至8月29日/);
    expect(doc.body).toContain('10月10日');
    expect(doc.body).not.toMatch(/浏览次数|2156/);
  });

  it('counts the body from the line after 正文内容, so a problem in the text is reported at its line in the file', () => {
    expect(loadNews('news/a.txt', NEWS).bodyLine).toBe(5);
  });

  it('takes text on the 正文内容 line itself, full-width colons, a byte-order mark and Windows line ends', () => {
    const exported = '\uFEFF标题：岗前培训通知\r\n发布日期：2025年8月20日\r\n正文内容：岗前培训安排在9月1日，\r\n地点在图书馆报告厅。\r\n';
    expect(isNewsArticle(exported)).toBe(true);
    const doc = loadNews('news/peixun.txt', exported);
    expect(doc).toMatchObject({ title: '岗前培训通知', updated: '2025-08-20', body: '岗前培训安排在9月1日，\n地点在图书馆报告厅。' });
  });

  it('tells a news export from other text by its first line', () => {
    expect(isNewsArticle(NEWS)).toBe(true);
    expect(isNewsArticle('校园卡办理须知\n标题: 不在第一行')).toBe(false);
  });

  it('refuses an article without 正文内容', async () => {
    const error = await failureOf(() => loadNews('news/broken.txt', '标题: 通知\n发布日期: 2025-09-05\n浏览次数: 12\n这里直接开始正文。\n'));
    expect(error.path).toBe('news/broken.txt');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/正文内容/);
  });

  it('names the line of a header without a title and of an article with nothing after 正文内容', async () => {
    expect((await failureOf(() => loadNews('news/untitled.txt', '标题:\n正文内容:\n报到通知。\n'))).message).toBe('news/untitled.txt:1: news article has no "标题:" line');
    const empty = await failureOf(() => loadNews('news/empty.txt', '标题: 通知\n发布日期: 2025-09-05\n正文内容:\n\n'));
    expect(empty.message).toBe('news/empty.txt:3: news article has no text after "正文内容:"');
  });
});

describe('plain text files', () => {
  it('take their first line, cut at 60 characters, as the title', () => {
    const doc = loadPlainText('general/bus.txt', '  校车时刻表\n\n早上七点从东门发车。\n');
    expect(doc).toMatchObject({ format: 'text', title: '校车时刻表', body: '校车时刻表\n\n早上七点从东门发车。', bodyLine: 1 });
    expect(loadPlainText('general/long.txt', '班'.repeat(80)).title).toBe('班'.repeat(60));
  });
});
