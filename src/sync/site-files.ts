import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { stringify } from 'yaml';
import { parseSideMeta, SIDE_META_SUFFIX, type SideMeta } from '../knowledge/side-meta.js';

/** Everything the sync writes lives below this folder of the knowledge directory, and nothing else. */
export const SITE_DIR = 'site';

// Characters Windows or the loader (hidden "." and "_" files are skipped) would trip on.
function safeSegment(segment: string): string {
  const clean = segment.replace(/[<>:"\\|?*\u0000-\u001f]/g, '-').replace(/^[._]+/, '');
  return clean || 'index';
}

/**
 * Where a page is saved: `site/<host>/<its path>`, `.html` added when the path has no such
 * ending, a short hash of the query when there is one (`show.jsp?id=12`).
 * An attachment goes beside the page it was found on.
 */
export function pagePath(url: string): string {
  const u = new URL(url);
  const segments = decodeURIComponent(u.pathname).split('/').filter(Boolean).map(safeSegment);
  if (u.pathname.endsWith('/') || segments.length === 0) segments.push('index.html');
  let name = segments.pop()!;
  if (u.search) name = `${name.replace(/\.\w+$/, '')}-${createHash('sha1').update(u.search).digest('hex').slice(0, 8)}${/\.\w+$/.exec(name)?.[0] ?? ''}`;
  if (!/\.html?$/i.test(name)) name = `${name.replace(/\.(jsp|php|aspx?|shtml)$/i, '')}.html`;
  return posix.join(SITE_DIR, safeSegment(u.host), ...segments, name);
}

export function attachmentPath(url: string, pageFile: string): string {
  const name = safeSegment(decodeURIComponent(posix.basename(new URL(url).pathname)));
  return posix.join(posix.dirname(pageFile), name);
}

/**
 * An attachment's title names the file and the page it hangs on, "新进教职工报到指南（附件：报到须知.docx）",
 * so a reply's source tells the asker which attachment of which notice to open. The page's
 * title is read from its side file, written before its attachments are fetched (and kept when
 * the page answers 304).
 */
export async function attachmentTitle(knowledgeDir: string, relPath: string, pageFile: string): Promise<string> {
  const name = posix.basename(relPath);
  const side = `${pageFile}${SIDE_META_SUFFIX}`;
  const bytes = await readFile(join(knowledgeDir, side)).catch(() => undefined);
  let page: string | undefined;
  try {
    page = bytes ? parseSideMeta(side, bytes).title : undefined;
  } catch {
    page = undefined;
  }
  return page ? `${page}（附件：${name}）` : `附件：${name}`;
}

/** Writes a document and its side file atomically (temp file + rename), so a reload never sees half. */
export async function saveDocument(knowledgeDir: string, relPath: string, bytes: Buffer | string, meta: SideMeta): Promise<void> {
  assertInSite(relPath);
  const target = join(knowledgeDir, relPath);
  await mkdir(dirname(target), { recursive: true });
  await writeAtomic(target, bytes);
  const side = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
  await writeAtomic(`${target}${SIDE_META_SUFFIX}`, stringify(side));
}

export async function removeDocument(knowledgeDir: string, relPath: string): Promise<void> {
  assertInSite(relPath);
  const target = join(knowledgeDir, relPath);
  await rm(target, { force: true });
  await rm(`${target}${SIDE_META_SUFFIX}`, { force: true });
}

// A hand-written document outside site/ must never be overwritten or deleted, whatever a URL says.
function assertInSite(relPath: string): void {
  const normal = posix.normalize(relPath);
  if (!normal.startsWith(`${SITE_DIR}/`) || normal.split('/').includes('..')) {
    throw new Error(`refusing to write ${relPath}: the sync writes only below ${SITE_DIR}/`);
  }
}

async function writeAtomic(target: string, data: Buffer | string): Promise<void> {
  const tmp = join(dirname(target), `.${posix.basename(target)}.${process.pid}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, target);
}
