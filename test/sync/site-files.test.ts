import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentPath, attachmentTitle, pagePath, removeDocument, saveDocument } from '../../src/sync/site-files.js';

describe('where the sync keeps what it fetched', () => {
  it('saves a page under site/<host>/<path>, as .html, with a short hash of its query', () => {
    expect(pagePath('https://hr.example.edu.cn/')).toBe('site/hr.example.edu.cn/index.html');
    expect(pagePath('https://hr.example.edu.cn/tzgg/info/1021/3301.htm')).toBe('site/hr.example.edu.cn/tzgg/info/1021/3301.htm');
    expect(pagePath('https://hr.example.edu.cn/rczp/guide.jsp')).toBe('site/hr.example.edu.cn/rczp/guide.html');
    const a = pagePath('https://hr.example.edu.cn/show.jsp?id=12');
    const b = pagePath('https://hr.example.edu.cn/show.jsp?id=13');
    expect(a).toMatch(/^site\/hr\.example\.edu\.cn\/show-[0-9a-f]{8}\.html$/);
    expect(a).not.toBe(b);
  });

  it('turns a Chinese path into readable names, and characters Windows refuses or a hidden-file dot into safe ones', () => {
    expect(pagePath('https://hr.example.edu.cn/%E9%80%9A%E7%9F%A5/%E6%8A%A5%E5%88%B0.html')).toBe('site/hr.example.edu.cn/通知/报到.html');
    expect(pagePath('https://hr.example.edu.cn/.hidden/a:b.html')).toBe('site/hr.example.edu.cn/hidden/a-b.html');
  });

  it('puts an attachment beside the page it was found on', () => {
    expect(attachmentPath('https://hr.example.edu.cn/files/%E6%8A%A5%E5%88%B0%E9%A1%BB%E7%9F%A5.docx', 'site/hr.example.edu.cn/tzgg/3301.htm'))
      .toBe('site/hr.example.edu.cn/tzgg/报到须知.docx');
  });
});

describe('writing and removing fetched documents', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'site-files-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes a document with its side file and no temporary file left behind, then names an attachment after its page', async () => {
    const page = 'site/hr.example.edu.cn/tzgg/3301.htm';
    await saveDocument(dir, page, '<h1>新进教职工报到指南</h1>', { source: 'https://hr.example.edu.cn/tzgg/3301.htm', title: '新进教职工报到指南' });
    expect(await readFile(join(dir, page), 'utf8')).toContain('报到指南');
    expect((await readdir(join(dir, 'site/hr.example.edu.cn/tzgg'))).sort()).toEqual(['3301.htm', '3301.htm.meta.yaml']);
    expect(await attachmentTitle(dir, 'site/hr.example.edu.cn/tzgg/报到须知.docx', page)).toBe('新进教职工报到指南（附件：报到须知.docx）');
    expect(await attachmentTitle(dir, 'site/hr.example.edu.cn/x/表.xlsx', 'site/hr.example.edu.cn/x/none.htm')).toBe('附件：表.xlsx');
  });

  it('refuses to write or delete anything outside site/, so a hand-written document is never touched', async () => {
    await writeFile(join(dir, 'guide.md'), '# 报到\n');
    await expect(saveDocument(dir, 'site/../guide.md', 'x', {})).rejects.toThrow(/only below site\//);
    await expect(removeDocument(dir, 'guide.md')).rejects.toThrow(/only below site\//);
    expect(await readFile(join(dir, 'guide.md'), 'utf8')).toBe('# 报到\n');
  });

  it('removes a document together with its side file', async () => {
    const page = 'site/hr.example.edu.cn/old.html';
    await saveDocument(dir, page, '<p>旧通知</p>', { title: '旧通知' });
    await removeDocument(dir, page);
    expect(await readdir(join(dir, 'site/hr.example.edu.cn'))).toEqual([]);
  });
});
