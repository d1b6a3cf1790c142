import { inflateRawSync } from 'node:zlib';
import { DocumentError } from '../../core/errors.js';

/** What an Office file may expand to; beyond it the file is treated as a zip bomb. */
export const MAX_EXPANDED_BYTES = 64 * 1024 * 1024;

const END_OF_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The first bytes of an OLE compound file: a Word 97–2003 file, or an Office file saved with a password. */
export const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Opens an Office (zip) container and expands every entry itself before any library sees it,
 * counting the real output rather than the sizes the archive claims: a zip bomb, an encrypted
 * entry or a broken archive becomes a DocumentError naming the file, not a crash or an out-of-memory.
 * Returns the expanded entries by name.
 */
export function openZip(path: string, bytes: Buffer): Map<string, Buffer> {
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    // Word and Excel keep a password-protected .docx/.xlsx as an encrypted package inside an OLE file;
    // any other OLE file is an old .doc/.xls under a new name.
    if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
      throw new DocumentError(path, undefined, 'file is password-protected; save it again without a password');
    }
    throw new DocumentError(path, undefined, 'file is an old (97–2003) Office file with a new name; rename it to .doc, or save it again as .docx/.xlsx');
  }
  if (bytes.readUInt32LE(0) !== LOCAL_HEADER) throw new DocumentError(path, undefined, 'file is not an Office document (no zip archive inside); is it damaged or misnamed?');
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > bytes.length || bytes.readUInt32LE(end) !== END_OF_DIRECTORY) {
    throw new DocumentError(path, undefined, 'file is damaged: its zip archive has no end record (cut short?)');
  }
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  let expanded = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) {
      throw new DocumentError(path, undefined, 'file is damaged: its zip directory is broken');
    }
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const packedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localAt = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new DocumentError(path, undefined, 'file is password-protected; save it again without a password');
    if (localAt + 30 > bytes.length || bytes.readUInt32LE(localAt) !== LOCAL_HEADER) {
      throw new DocumentError(path, undefined, `file is damaged: zip entry ${name} is missing`);
    }
    const dataAt = localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28);
    const packed = bytes.subarray(dataAt, dataAt + packedSize);
    if (packed.length < packedSize) throw new DocumentError(path, undefined, `file is damaged: zip entry ${name} is cut short`);
    const budget = MAX_EXPANDED_BYTES - expanded;
    let data: Buffer;
    if (method === 0) {
      data = packed;
    } else if (method === 8) {
      try {
        data = inflateRawSync(packed, { maxOutputLength: Math.max(budget, 1) });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(path);
        throw new DocumentError(path, undefined, `file is damaged: zip entry ${name} does not decompress`, { cause });
      }
    } else {
      throw new DocumentError(path, undefined, `zip entry ${name} uses compression method ${method}, which Office does not write`);
    }
    expanded += data.length;
    if (expanded > MAX_EXPANDED_BYTES) throw bomb(path);
    entries.set(name, data);
  }
  return entries;
}

function bomb(path: string): DocumentError {
  return new DocumentError(path, undefined, `file expands to more than ${MAX_EXPANDED_BYTES / 1048576} MiB (a zip bomb?); not read`);
}
