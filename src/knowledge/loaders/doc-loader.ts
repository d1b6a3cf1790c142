import WordExtractor from 'word-extractor';
import { DocumentError } from '../../core/errors.js';
import { cleanText } from '../normalize.js';
import type { LoadedContent } from '../types.js';
import { firstHeading, markNumberedHeadings, tableLines } from './office-text.js';
import { OLE_MAGIC } from './zip-archive.js';

/**
 * A Word 97–2003 document. The format keeps no heading styles the extractor can see, so
 * headings come from their numbers; a table row arrives as a line of cells each ending
 * in a tab and becomes a Markdown row.
 */
export async function loadDoc(path: string, bytes: Buffer): Promise<LoadedContent> {
  if (!bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new DocumentError(path, undefined, 'file is not a Word 97–2003 document; if it is a .docx, rename it');
  }
  if (isEncrypted(bytes)) throw new DocumentError(path, undefined, 'file is password-protected; save it again without a password');
  let text: string;
  try {
    text = (await new WordExtractor().extract(bytes)).getBody();
  } catch (cause) {
    throw new DocumentError(path, undefined, `Word 97–2003 document is damaged or cannot be read: ${(cause as Error).message}`, { cause });
  }
  const body = markNumberedHeadings(cleanText(rowsToTables(text.replace(/\r\n?/g, '\n'))));
  return { format: 'doc', title: firstHeading(body) ?? firstLine(body), body, bodyLine: 1 };
}

function firstLine(body: string): string | undefined {
  const line = body.split('\n')[0]?.trim();
  return line && line.length <= 40 ? line : undefined;
}

function rowsToTables(text: string): string {
  const out: string[] = [];
  let rows: string[][] = [];
  const flush = () => {
    if (rows.length) out.push('', ...tableLines(rows), '');
    rows = [];
  };
  for (const line of text.split('\n')) {
    // A cell ends in a tab and so does the row; a tab inside a line only indents.
    if (line.endsWith('\t')) {
      rows.push(line.replace(/\t+$/, '').split('\t'));
      continue;
    }
    flush();
    out.push(line);
  }
  flush();
  return out.join('\n');
}

/**
 * Word marks an encrypted file in the header (FIB) of its WordDocument stream: bit 8 of the
 * flags at offset 10. The FIB opens with the mark 0xA5EC and a Word 97+ version number; a
 * small document keeps the stream in 64-byte mini sectors, so the FIB is looked for on that
 * grid rather than by following the OLE directory.
 */
function isEncrypted(bytes: Buffer): boolean {
  for (let at = 512; at + 12 <= bytes.length; at += 64) {
    if (bytes.readUInt16LE(at) === 0xa5ec && bytes.readUInt16LE(at + 2) >= 0xc1) return (bytes.readUInt16LE(at + 10) & 0x0100) !== 0;
  }
  return false;
}
