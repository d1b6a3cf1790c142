import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_BYTES, OLE_MAGIC, openZip } from '../../../src/knowledge/loaders/zip-archive.js';
import { zip } from '../office-fixtures.js';

/** The offset of the central directory's first entry, from the end record. */
const directoryAt = (bytes: Buffer) => bytes.readUInt32LE(bytes.length - 22 + 16);

describe('opening an Office zip container', () => {
  it('hands back every entry expanded, by name, Chinese names included', () => {
    const entries = openZip('a.docx', zip([{ name: 'word/document.xml', data: '<w:document/>' }, { name: 'media/图片说明.txt', data: '校园卡' }]));
    expect([...entries.keys()]).toEqual(['word/document.xml', 'media/图片说明.txt']);
    expect(entries.get('media/图片说明.txt')!.toString('utf8')).toBe('校园卡');
  });

  it('reads a stored (uncompressed) entry as it is', () => {
    const bytes = zip([{ name: 'a.xml', data: 'plain' }]);
    // Rewrite the one entry as stored: method 0 and its raw bytes in place of the deflated ones.
    const stored = Buffer.concat([bytes.subarray(0, 30 + 5), Buffer.from('plain')]);
    stored.writeUInt16LE(0, 8);
    stored.writeUInt32LE(5, 18);
    const central = Buffer.from(bytes.subarray(directoryAt(bytes), bytes.length - 22));
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(5, 20);
    const end = Buffer.from(bytes.subarray(bytes.length - 22));
    end.writeUInt32LE(stored.length, 16);
    expect(openZip('a.docx', Buffer.concat([stored, central, end])).get('a.xml')!.toString()).toBe('plain');
  });

  it('counts what the entries really expand to, not what they claim, and stops a bomb spread over many entries', () => {
    const quarter = Buffer.alloc(MAX_EXPANDED_BYTES / 4 + 1);
    const many = zip([0, 1, 2, 3].map((i) => ({ name: `part${i}.xml`, data: quarter })));
    // Each entry claims to expand to 1 byte: only the real output counts.
    let at = directoryAt(many);
    for (let i = 0; i < 4; i++) {
      many.writeUInt32LE(1, at + 24);
      at += 46 + many.readUInt16LE(at + 28);
    }
    expect(() => openZip('bomb.xlsx', many)).toThrow(/^bomb\.xlsx: file expands to more than 64 MiB \(a zip bomb\?\)/);
  });

  it('names what is wrong with a damaged, foreign or locked file', () => {
    const good = zip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    expect(() => openZip('x.docx', Buffer.from('plain text, not a zip'))).toThrow(/no zip archive inside/);
    expect(() => openZip('x.docx', good.subarray(0, good.length - 10))).toThrow(/has no end record \(cut short\?\)/);
    const brokenDirectory = Buffer.from(good);
    brokenDirectory.writeUInt32LE(0, directoryAt(good));
    expect(() => openZip('x.docx', brokenDirectory)).toThrow(/its zip directory is broken/);
    // The directory says the entry is longer than what is left of the file.
    const cut = Buffer.from(good);
    cut.writeUInt32LE(1_000_000, directoryAt(good) + 20);
    expect(() => openZip('x.docx', cut)).toThrow(/zip entry word\/document\.xml is cut short/);
    const lost = Buffer.from(good);
    lost.writeUInt32LE(5, directoryAt(good) + 42);
    expect(() => openZip('x.docx', lost)).toThrow(/zip entry word\/document\.xml is missing/);
    const garbled = Buffer.from(good);
    garbled.fill(0xff, 30 + 'word/document.xml'.length, 30 + 'word/document.xml'.length + 4);
    expect(() => openZip('x.docx', garbled)).toThrow(/zip entry word\/document\.xml does not decompress/);
    const bzip = Buffer.from(good);
    bzip.writeUInt16LE(12, directoryAt(good) + 10);
    expect(() => openZip('x.docx', bzip)).toThrow(/compression method 12, which Office does not write/);
    expect(() => openZip('x.xlsx', zip([{ name: 'xl/workbook.xml', data: '<workbook/>', encrypted: true }]))).toThrow(/password-protected/);
    const ole = Buffer.concat([OLE_MAGIC, Buffer.alloc(64)]);
    expect(() => openZip('old.docx', ole)).toThrow(/old \(97–2003\) Office file with a new name; rename it to \.doc/);
    expect(() => openZip('locked.docx', Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le')]))).toThrow(/password-protected/);
  });
});
