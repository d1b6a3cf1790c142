import { isMap, parseDocument } from 'yaml';
import { z } from 'zod';
import { updatedDateSchema } from './updated-date.js';
import { DocumentError } from '../core/errors.js';
import { CATEGORIES } from './types.js';

/** A document's side file: `报到须知.docx.meta.yaml` beside `报到须知.docx`. */
export const SIDE_META_SUFFIX = '.meta.yaml';

/**
 * What a side file may say about the document beside it. Office and PDF files cannot hold
 * front matter, and an attachment's web page is known only to whoever saved it.
 * Keys not listed here are ignored, so a tool may record more.
 */
export const sideMetaSchema = z.object({
  title: z.string().trim().min(1, 'expected a non-empty title').optional(),
  source: z
    .url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' })
    .optional(),
  // Checked by the directory loader: an unknown category loads the document as general.
  category: z.string({ message: `expected one of ${CATEGORIES.join(', ')}` }).trim().optional(),
  updated: updatedDateSchema.optional(),
});
export type SideMeta = z.infer<typeof sideMetaSchema>;

/** Parses and checks a side file; a problem is a DocumentError naming the side file and line. */
export function parseSideMeta(path: string, bytes: Buffer): SideMeta & { categoryLine?: number } {
  const text = bytes.toString('utf8');
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    throw new DocumentError(path, error.linePos?.[0]?.line, `not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  const result = sideMetaSchema.safeParse(data);
  if (result.success) return { ...result.data, categoryLine: lineOf(doc, text, 'category') };
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const line = lineOf(doc, text, key);
  throw new DocumentError(path, line, key ? `"${key}": ${issue.message}` : `expected keys such as title, source, category, updated: ${issue.message}`);
}

function lineOf(doc: ReturnType<typeof parseDocument>, text: string, key: string): number | undefined {
  const node = isMap(doc.contents) ? doc.contents.items.find((pair) => String((pair.key as { value?: unknown } | null)?.value) === key) : undefined;
  const offset = (node?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}
