import matter from 'gray-matter';
import { z } from 'zod';
import { DocumentError } from '../../core/errors.js';
import { openingLine } from '../yaml-lines.js';
import { cleanText } from '../normalize.js';
import { CATEGORIES, checkCategory, type LoadedContent } from '../types.js';
import { rolledOverDate, updatedDateSchema } from '../updated-date.js';

/** The optional YAML front matter of a Markdown document. */
const frontMatterSchema = z
  .object({
    title: z.string().min(1, 'expected a non-empty title').optional(),
    // Checked after parsing: an unknown category is a note, not a reason to drop the document.
    category: z.string({ message: `expected one of ${CATEGORIES.join(', ')}` }).trim().optional(),
    updated: updatedDateSchema.optional(),
    // Sources become links in replies and pages: only a web address may be one.
    source: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL, such as https://hr.example.edu.cn/notice/1.html' }).optional(),
    contact: z.string().optional(),
  })
  .passthrough();

function lineOfKey(frontMatter: string, key: string): number | undefined {
  const index = keyLines(frontMatter).findIndex((l) => l.startsWith(`${key}:`));
  // +2: the opening '---' is line 1 and lines are 1-based.
  return index < 0 ? undefined : index + 2;
}

/** The text after "key:" on its line, as written. */
function writtenValue(frontMatter: string, key: string): string | undefined {
  return keyLines(frontMatter).find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1);
}

// gray-matter keeps the newline after the opening '---' at the start of `matter`.
const keyLines = (frontMatter: string) => frontMatter.replace(/^\r?\n/, '').split('\n');

function firstHeading(body: string): string | undefined {
  return /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
}

export function loadMarkdown(path: string, text: string): LoadedContent {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Called without options gray-matter caches by content and returns a stale, partial
    // result for a file parsed twice; an options object turns the cache off.
    parsed = matter(text, {});
  } catch (cause) {
    const mark = (cause as { mark?: { line?: number } }).mark;
    // The YAML text starts with the rest of the opening '---' line, so its 0-based line N is file line N + 1.
    const reason = (cause as { reason?: string }).reason ?? (cause as Error).message;
    const line = mark?.line !== undefined ? openingLine(text, mark.line + 1, reason) : 1;
    throw new DocumentError(path, line, `front matter is not valid YAML: ${reason}`, { cause });
  }
  const meta = frontMatterSchema.safeParse(parsed.data ?? {});
  if (!meta.success) {
    const issue = meta.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new DocumentError(path, lineOfKey(parsed.matter, key), `front matter "${key}": ${issue.message}`);
  }
  const rolledOver = meta.data.updated ? rolledOverDate(writtenValue(parsed.matter, 'updated'), meta.data.updated) : undefined;
  if (rolledOver) throw new DocumentError(path, lineOfKey(parsed.matter, 'updated'), `front matter "updated": ${rolledOver}`);
  const body = cleanText(parsed.content);
  const bodyLine = parsed.matter ? keyLines(parsed.matter).length + 2 : 1;
  const title = meta.data.title ?? firstHeading(body);
  const category = checkCategory(meta.data.category, lineOfKey(parsed.matter, 'category'));
  return {
    format: 'markdown',
    title,
    category: category.category,
    updated: meta.data.updated,
    url: meta.data.source,
    contact: meta.data.contact,
    body,
    bodyLine,
    ...(category.note ? { notes: [category.note] } : {}),
  };
}
