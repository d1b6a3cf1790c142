import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OnboardingError } from '../../core/errors.js';
import { isBinaryDocument, loadBinaryContent, loadContent, MAX_BINARY_DOCUMENT_BYTES, maxBytesOf, SUPPORTED_EXTENSIONS } from '../../knowledge/loaders/loader.js';
import { SITE_DIR } from '../../sync/site-files.js';
import type { LoadedContent } from '../../knowledge/types.js';

/** An upload the admin must fix: a bad path, type or size, or a file that exists. */
export class UploadError extends OnboardingError {
  constructor(
    readonly status: 400 | 409 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The largest body the upload route reads; each type's own limit (the loader's) is checked after. */
export const MAX_UPLOAD_BYTES = MAX_BINARY_DOCUMENT_BYTES;

// Letters, digits, Chinese characters, dot, dash, underscore; no leading dot or underscore,
// because the knowledge loader skips such files and the admin would wonder where theirs went.
const SEGMENT = /^[\p{Script=Han}A-Za-z0-9][\p{Script=Han}A-Za-z0-9._-]{0,99}$/u;
const MAX_DEPTH = 4;

/**
 * Checks a path relative to the knowledge directory, e.g. `housing/rent.md`, and returns it
 * in canonical form. Refuses anything that could leave the directory or hide from the loader.
 */
export function checkDocumentPath(path: string): string {
  const p = path.trim();
  if (p === '') throw new UploadError(400, 'path is empty; give a path inside knowledge/, e.g. "housing/rent.md"');
  if (isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.startsWith('/') || p.startsWith('\\')) {
    throw new UploadError(400, `path "${p}" is absolute; give a path inside knowledge/, e.g. "housing/rent.md"`);
  }
  if (p.includes('\\')) throw new UploadError(400, `path "${p}" contains "\\"; separate folders with "/"`);
  const segments = p.split('/');
  if (segments.some((s) => s === '..' || s === '.')) throw new UploadError(400, `path "${p}" contains "." or ".."; it must stay inside knowledge/`);
  if (segments.length > MAX_DEPTH) throw new UploadError(400, `path "${p}" is nested deeper than ${MAX_DEPTH} levels`);
  for (const s of segments) {
    if (!SEGMENT.test(s)) {
      throw new UploadError(400, `path "${p}": "${s}" may only hold letters, digits, Chinese characters, ".", "-" and "_", and must not start with "." or "_"`);
    }
  }
  const ext = extname(p).toLowerCase();
  // What the loader reads is what may be uploaded: the admin page's file picker offers the same list.
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UploadError(415, `"${p}" is not a ${SUPPORTED_EXTENSIONS.slice(0, -1).join(', ')} or ${SUPPORTED_EXTENSIONS.at(-1)} file`);
  }
  // The website sync owns site/ and rewrites or deletes what is there; a hand-written document would be lost.
  if (segments[0] === SITE_DIR) {
    throw new UploadError(400, `path "${p}" is inside ${SITE_DIR}/, which the website sync keeps; save hand-written documents in another folder`);
  }
  return segments.join('/');
}

export interface SavedDocument {
  path: string;
  replaced: boolean;
  title?: string;
  bytes: number;
}

/**
 * Validates the document with the knowledge loaders, then writes it under `knowledgeDir`
 * through a hidden temporary file and a rename, so a reload never reads half a file.
 * Throws UploadError or DocumentError (naming file and line); nothing is written then.
 */
export async function saveDocument(knowledgeDir: string, path: string, bytes: Buffer, replace: boolean): Promise<SavedDocument> {
  const clean = checkDocumentPath(path);
  const limit = maxBytesOf(clean);
  if (bytes.length > limit) throw new UploadError(413, `file is larger than ${limit / 1048576} MiB, the limit for ${extname(clean)} files`);
  const content: LoadedContent = isBinaryDocument(clean) ? await loadBinaryContent(clean, bytes) : loadContent(clean, bytes);

  const root = await realpath(knowledgeDir);
  const target = resolve(root, clean);
  if (!isInside(root, target)) throw new UploadError(400, `path "${clean}" leaves knowledge/`);
  // A linked folder inside knowledge/ could point elsewhere: follow the part that exists
  // before creating anything, and again once the folders exist.
  const outside = async (dir: string) => !isInside(root, join(await realpath(dir), 'x'));
  if (await outside(await deepestExisting(dirname(target), root))) {
    throw new UploadError(400, `path "${clean}" leads outside knowledge/ through a link`);
  }
  await mkdir(dirname(target), { recursive: true });
  const realDir = await realpath(dirname(target));
  if (await outside(realDir)) throw new UploadError(400, `path "${clean}" leads outside knowledge/ through a link`);
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile()) throw new UploadError(409, `"${clean}" exists and is not a regular file`);
  if (existing && !replace) throw new UploadError(409, `"${clean}" already exists; choose "replace" to overwrite it`);

  const tmp = join(realDir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, join(realDir, clean.split('/').pop()!));
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { path: clean, replaced: existing !== undefined, title: content.title, bytes: bytes.length };
}

async function deepestExisting(dir: string, root: string): Promise<string> {
  let current = dir;
  while (current !== root && !(await lstat(current).catch(() => undefined))) current = dirname(current);
  return current;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}
