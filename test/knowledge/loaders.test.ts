import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocuments, scanDirectory } from '../../src/knowledge/load-directory.js';
import { loadBinaryContent, loadContent } from '../../src/knowledge/loaders/loader.js';
import { NEWS, failureOf } from './loaders/loader-helpers.js';
import { docx, xlsx } from './office-fixtures.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The DocumentError a bad file raises, so a test can check the path and line it names. */
const failure = (path: string, bytes: Buffer) => failureOf(() => loadContent(path, bytes));

const GOOD_MD = `---
title: 报到须知
category: checkin
updated: 2025-07-28
source: https://hr.example.edu/baodao.html
contact: 人事秘书 0595-68123312
---

# 报到须知

## 材料

请携带身份证原件和学历认证报告。
`;

describe('Markdown loader', () => {
  it('reads title, category, updated and url from the front matter', () => {
    const doc = loadContent('checkin/notice.md', utf8(GOOD_MD));
    expect(doc).toMatchObject({
      format: 'markdown',
      title: '报到须知',
      category: 'checkin',
      updated: '2025-07-28',
      url: 'https://hr.example.edu/baodao.html',
      contact: '人事秘书 0595-68123312',
    });
    expect(doc.body).toContain('学历认证报告');
    expect(doc.body).not.toContain('category:');
  });

  it('takes the first heading as title when there is no front matter', () => {
    const doc = loadContent('plain.md', utf8('# 校园卡办理\n\n到一卡通中心领取校园卡。\n'));
    expect(doc).toMatchObject({ format: 'markdown', title: '校园卡办理' });
    expect(doc.category).toBeUndefined();
  });

  it('names the file and the line of broken YAML', async () => {
    // Line 4 is indented as if it belonged to "category".
    const indented = await failure('bad/yaml.md', utf8('---\ntitle: 报到\ncategory: checkin\n  updated: 2025-07-28\ncontact: 人事秘书\n---\n正文内容。\n'));
    expect(indented.path).toBe('bad/yaml.md');
    expect(indented.line).toBe(4);
    expect(indented.message).toMatch(/^bad\/yaml\.md:4: front matter is not valid YAML/);

    // The first key is broken: the line right after the opening '---'.
    expect((await failure('bad/first.md', utf8('---\ntitle: 报到: 须知\ncategory: checkin\n---\n正文。\n'))).line).toBe(2);
  });

  it('names the line of a key with the wrong type', async () => {
    const category = await failure('bad/category.md', utf8('---\ntitle: 报到\ncategory: 123\n---\n正文。\n'));
    expect(category.line).toBe(3);
    expect(category.message).toMatch(/bad\/category\.md:3: front matter "category"/);

    const updated = await failure('bad/updated.md', utf8('---\ntitle: 报到\ncontact: 人事秘书\nupdated: yesterday\n---\n正文。\n'));
    expect(updated.line).toBe(4);
    expect(updated.message).toMatch(/"updated".*YYYY-MM-DD/);

    // A YAML parser turns an impossible day into another one without a word (2025-13-45 is 2026-02-14).
    for (const day of ['2025-13-45', '2025-02-30', '"2025-02-30"']) {
      const impossible = await failure('bad/day.md', utf8(`---\ntitle: 报到\ncontact: 人事秘书\nupdated: ${day}\n---\n正文。\n`));
      expect(impossible.line).toBe(4);
      expect(impossible.message).toMatch(/"updated": expected a real date as YYYY-MM-DD/);
    }
    expect(loadContent('ok/day.md', utf8('---\ntitle: 报到\nupdated: 2024-02-29\n---\n正文。\n')).updated).toBe('2024-02-29');

    const script = await failure('bad/source.md', utf8('---\ntitle: 报到\nsource: "javascript:alert(1)"\n---\n正文。\n'));
    expect(script.line).toBe(3);
    expect(script.message).toMatch(/"source".*http\(s\) URL/);
  });
});

describe('choosing the loader', () => {
  it('reads each text file by its extension, and a .txt that opens with 标题 as a news article', () => {
    const formatOf = (path: string, text: string) => loadContent(path, utf8(text)).format;
    expect(formatOf('web/card.HTM', '<html><body><p>校园卡在图书馆一楼服务台办理，带身份证即可。</p></body></html>')).toBe('html');
    expect(formatOf('news/card.txt', '标题: 校园卡办理\n正文内容:\n到图书馆一楼服务台办理。\n')).toBe('news');
    expect(formatOf('general/card.txt', '校园卡在图书馆一楼服务台办理。\n')).toBe('text');
    expect(formatOf('general/card.markdown', '# 校园卡\n\n到图书馆一楼服务台办理。\n')).toBe('markdown');
  });
});

describe('an Office or PDF file', () => {
  it('is named after the file when it has no title of its own', async () => {
    const plain = docx([{ text: '租住期限最长3年，期满须退房，逾期按市场价计租。' }]);
    expect((await loadBinaryContent('housing/周转公寓.docx', plain)).title).toBe('周转公寓');
    const bare = xlsx([{ name: 'Sheet1', rows: [['项目', '金额'], ['安家费', '10万元']] }]);
    expect((await loadBinaryContent('payroll/安家费.xlsx', bare)).title).toBe('安家费');
  });
});

describe('files no loader accepts', () => {
  it('refuses an empty file', async () => {
    expect((await failure('empty.md', Buffer.alloc(0))).message).toMatch(/empty\.md: file is empty/);
    expect((await failure('blank.md', utf8('  \n\n '))).message).toMatch(/blank\.md: file has no text/);
  });

  it('refuses a binary file', async () => {
    const bytes = Buffer.concat([utf8('# 标题\n'), Buffer.from([0x89, 0x50, 0x00, 0x00, 0x1a])]);
    expect((await failure('scan.md', bytes)).message).toMatch(/scan\.md: file is binary/);
  });

  it('names the line that is not UTF-8', async () => {
    // Line 3 is GBK: "报到" encoded as the department's old Windows machines would.
    const bytes = Buffer.concat([utf8('# 报到须知\n\n'), Buffer.from([0xb1, 0xa8, 0xb5, 0xbd, 0x0a]), utf8('其余内容。\n')]);
    const error = await failure('gbk.md', bytes);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^gbk\.md:3: file is not UTF-8/);
  });

  it('refuses a file over 2 MiB', async () => {
    const big = utf8(`# 大文件\n\n${'报到须知。'.repeat(160_000)}`);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    expect((await failure('big.md', big)).message).toMatch(/big\.md: file is 2\.\d MiB; the limit is 2 MiB/);
  });
});

describe('a knowledge directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loaders-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'good.md'), GOOD_MD);
    await writeFile(join(dir, 'sub', 'news.txt'), NEWS);
    await writeFile(join(dir, 'bad.md'), '---\ntitle: 报到\ncategory: 123\n---\n正文。\n');
    await writeFile(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]));
    await writeFile(join(dir, 'sub', 'form.odt'), 'not read');
    await writeFile(join(dir, 'huge.md'), Buffer.alloc(2 * 1024 * 1024 + 1, 0x41));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists unknown file types as unsupported without reading them', async () => {
    const scan = await scanDirectory(dir);
    expect(scan.unsupported).toEqual(['photo.png', 'sub/form.odt']);
    expect(scan.files.map((f) => f.path)).toEqual(['bad.md', 'good.md', 'sub/news.txt']);
  });

  it('reports a file over 2 MiB by its size without reading it', async () => {
    const scan = await scanDirectory(dir);
    expect(scan.files.map((f) => f.path)).not.toContain('huge.md');
    expect(scan.warnings).toEqual([{ path: 'huge.md', message: expect.stringMatching(/2\.0 MiB; the limit is 2 MiB/) }]);
  });

  it('skips a bad document with its path and line and loads the rest', async () => {
    const { documents, warnings } = loadDocuments((await scanDirectory(dir)).files);
    expect(documents.map((d) => d.path)).toEqual(['good.md', 'sub/news.txt']);
    expect(warnings).toEqual([{ path: 'bad.md', line: 3, message: expect.stringMatching(/category/) }]);
  });
});
