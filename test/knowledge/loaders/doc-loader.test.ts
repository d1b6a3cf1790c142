import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDoc } from '../../../src/knowledge/loaders/doc-loader.js';
import { docx, encryptedDoc } from '../office-fixtures.js';
import { answerableUnits, failureOf } from './loader-helpers.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));

describe('the Word 97–2003 (.doc) loader', () => {
  it('reads the text of an old Word file, its short first line as the title', async () => {
    const doc = await loadDoc('forms/old.doc', await fixture('word97.doc'));
    expect(doc).toMatchObject({ format: 'doc', title: '这是一个用来测试nodejs解析Word文档.doccccc', bodyLine: 1 });
    expect(doc.body).toContain('这是一个用来测试nodejs解析Word文档');
  });

  it('turns a table into rows under its header row, and leaves a long first line out of the title', async () => {
    const doc = await loadDoc('forms/licenses.doc', await fixture('word97-table.doc'));
    expect(doc.body).toContain('| License | GPL v3.0 | LGPL v3.0 | BSD | MIT (X11) | Apache v2.0 |');
    expect(doc.title).toBeUndefined();
    const units = await answerableUnits('forms/licenses.doc', doc);
    expect(units).toContainEqual(expect.objectContaining({ kind: 'row', text: expect.stringMatching(/^Attribution\?：GPL v3\.0 Must be included/) }));
  });

  it('tells the admin to rename a .docx saved as .doc, and to save a password-protected file without one', async () => {
    const renamed = await failureOf(async () => loadDoc('forms/new.doc', docx([{ text: '报到须知' }])));
    expect(renamed.message).toBe('forms/new.doc: file is not a Word 97–2003 document; if it is a .docx, rename it');
    const locked = await failureOf(async () => loadDoc('forms/locked.doc', await encryptedDoc()));
    expect(locked.message).toBe('forms/locked.doc: file is password-protected; save it again without a password');
  });
});
