import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCommand } from '../../src/cli/index-command.js';
import { DocumentError } from '../../src/core/errors.js';
import { loadDocuments, readBinaryDocuments, scanDirectory } from '../../src/knowledge/load-directory.js';
import { parseSideMeta } from '../../src/knowledge/side-meta.js';
import { docx, encryptedDoc, pdf, xlsx, zip } from './office-fixtures.js';

const GOOD = docx([{ text: '报到地点', style: 'Heading1' }, { text: '新进教职工到明德楼203室人事科办理报到手续。' }]);

/** The files a department really sends, each broken in its own way, beside good ones. */
async function brokenFiles(): Promise<Record<string, Buffer | string>> {
  return {
    'good.docx': GOOD,
    'rents.xlsx': xlsx([{ name: '租金', rows: [['楼栋', '租金'], ['澄园1号楼', '18元/平方米/月']] }]),
    'scanned.pdf': pdf([[], []]),
    'locked.pdf': pdf([[{ text: '保密文件' }]], { encrypted: true }),
    // What Word writes for a .docx with a password: an OLE file holding an "EncryptedPackage" stream.
    'locked.docx': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024), Buffer.from('EncryptedPackage', 'utf16le')]),
    'old-renamed.docx': await readFile(new URL('./fixtures/word97.doc', import.meta.url)),
    'locked-zip.xlsx': zip([{ name: 'xl/workbook.xml', data: '<workbook/>', encrypted: true }]),
    'locked.doc': await encryptedDoc(),
    'cut.docx': GOOD.subarray(0, Math.floor(GOOD.length / 2)),
    'bomb.docx': zip([{ name: 'word/document.xml', data: Buffer.alloc(70 * 1024 * 1024) }]),
    'renamed.pdf': '这其实是一个文本文件，不是 PDF。',
    'huge.xlsx': Buffer.alloc(20 * 1024 * 1024 + 1),
  };
}

const EXPECTED: Record<string, RegExp> = {
  'scanned.pdf': /^no text: scanned\? run OCR first$/,
  'locked.pdf': /password-protected/,
  'locked.docx': /password-protected/,
  'locked-zip.xlsx': /password-protected/,
  'locked.doc': /password-protected/,
  'old-renamed.docx': /old \(97–2003\) Office file with a new name; rename it to \.doc/,
  'cut.docx': /damaged/,
  'bomb.docx': /expands to more than 64 MiB \(a zip bomb\?\)/,
  'renamed.pdf': /not a PDF or is damaged/,
  'huge.xlsx': /file is 20\.0 MiB; the limit is 20 MiB/,
};

describe('Office and PDF files that cannot be read', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'office-bad-'));
    for (const [name, data] of Object.entries(await brokenFiles())) await writeFile(join(dir, name), data);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are each named with the reason, and the good documents load', async () => {
    const scan = await scanDirectory(dir);
    const { documents, warnings } = loadDocuments(scan.files);
    expect(documents.map((d) => d.path)).toEqual(['good.docx', 'rents.xlsx']);
    const all = [...scan.warnings, ...warnings];
    expect(all.map((w) => w.path).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const w of all) expect(w.message, w.path).toMatch(EXPECTED[w.path]!);
  });

  it('are read only when asked, so a reused index costs no parsing', async () => {
    const scan = await scanDirectory(dir, { readBinary: false });
    expect(scan.files.every((f) => f.extracted === undefined)).toBe(true);
    expect(() => loadDocuments(scan.files)).toThrow(/^bomb\.docx was not read; call readBinaryDocuments/);
    await readBinaryDocuments(scan.files);
    expect(loadDocuments(scan.files).documents.map((d) => d.path)).toEqual(['good.docx', 'rents.xlsx']);
  });

  it('make `index --strict` fail, and plain `index` go on', async () => {
    const data = await mkdtemp(join(tmpdir(), 'office-bad-data-'));
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
    try {
      expect(await indexCommand({ knowledge: dir, data, strict: true }, {})).toBe(1);
      expect(await indexCommand({ knowledge: dir, data }, {})).toBe(0);
    } finally {
      process.stdout.write = write;
      await rm(data, { recursive: true, force: true });
    }
    expect(out.join('')).toMatch(/scanned\.pdf: no text: scanned\? run OCR first/);
    expect(out.join('')).toMatch(/documents {2}2 {2}\(docx 1, xlsx 1\)/);
  });
});

describe('a side file NAME.meta.yaml', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'office-meta-'));
    await mkdir(join(dir, 'checkin'));
    await writeFile(join(dir, 'checkin', '报到须知.docx'), GOOD);
    await writeFile(
      join(dir, 'checkin', '报到须知.docx.meta.yaml'),
      'title: 2025年报到须知\nsource: https://hr.qingyu.example.edu/tzgg/1024.htm\ncategory: checkin\nupdated: 2025-07-30\nfetched_by: sync\n',
    );
    await writeFile(join(dir, 'form.docx'), GOOD);
    await writeFile(join(dir, 'form.docx.meta.yaml'), 'title: 申请表\nsource: ftp://files.example.edu/form.docx\n');
    await writeFile(join(dir, 'gone.pdf.meta.yaml'), 'title: 已删除的附件\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the title, source page, category and date', async () => {
    const { documents } = loadDocuments((await scanDirectory(dir)).files);
    expect(documents.find((d) => d.path === 'checkin/报到须知.docx')).toMatchObject({
      title: '2025年报到须知',
      url: 'https://hr.qingyu.example.edu/tzgg/1024.htm',
      category: 'checkin',
      updated: '2025-07-30',
    });
  });

  it('is named with its line when wrong, and its document loads without it', async () => {
    const scan = await scanDirectory(dir);
    const { documents, warnings } = loadDocuments(scan.files);
    const form = documents.find((d) => d.path === 'form.docx');
    expect(form?.title).toBe('报到地点');
    expect(form?.url).toBeUndefined();
    expect(warnings).toEqual([{ path: 'form.docx.meta.yaml', line: 2, message: expect.stringMatching(/"source": expected an http:\/\/ or https:\/\/ URL/), loaded: true }]);
    expect(scan.warnings).toEqual([{ path: 'gone.pdf.meta.yaml', message: expect.stringMatching(/gone\.pdf does not exist/) }]);
  });

  it('with an unknown category loads its document as general, with a note naming the line', async () => {
    await writeFile(join(dir, 'form.docx.meta.yaml'), 'title: 申请表\ncategory: forms\n');
    const { documents, warnings } = loadDocuments((await scanDirectory(dir)).files);
    expect(documents.find((d) => d.path === 'form.docx')).toMatchObject({ title: '申请表', category: 'general' });
    expect(warnings).toEqual([{ path: 'form.docx.meta.yaml', line: 2, message: expect.stringMatching(/^unknown category "forms"; loaded as general/), loaded: true }]);
  });

  it('changes the index when it changes', async () => {
    const before = (await scanDirectory(dir)).files.find((f) => f.path === 'form.docx')!.hash;
    await writeFile(join(dir, 'form.docx.meta.yaml'), 'title: 申请表\n');
    const after = (await scanDirectory(dir)).files.find((f) => f.path === 'form.docx')!.hash;
    expect(after).not.toBe(before);
  });

  it('names the line of broken YAML and of a bad date', () => {
    const failure = (text: string) => {
      try {
        parseSideMeta('a.pdf.meta.yaml', Buffer.from(text));
      } catch (error) {
        expect(error).toBeInstanceOf(DocumentError);
        return error as DocumentError;
      }
      throw new Error('accepted');
    };
    expect(failure('title: 报到\nsource: [https://x\n').message).toMatch(/^a\.pdf\.meta\.yaml:\d+: not valid YAML/);
    expect(failure('title: 报到\ncategory: checkin\nupdated: 下周一\n').message).toMatch(/^a\.pdf\.meta\.yaml:3: "updated": expected a real date as YYYY-MM-DD/);
    expect(failure('title: 报到\nupdated: 2025-02-30\n').message).toMatch(/^a\.pdf\.meta\.yaml:2: "updated": expected a real date/);
  });
});
