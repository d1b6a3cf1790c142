import mammoth from 'mammoth';
import { DocumentError } from '../../core/errors.js';
import type { LoadedContent } from '../types.js';
import { coreProperties, firstHeading, htmlToBody } from './office-text.js';
import { openZip } from './zip-archive.js';

// Word's own title style is a heading too; mammoth leaves it as a plain paragraph by default.
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

// Pictures carry no text the bot can use; left out, they cost nothing to convert.
const noImages = mammoth.images.imgElement(async () => ({ src: '' }));

/** A Word 2007+ document: headings by style or by number, lists and tables kept. */
export async function loadDocx(path: string, bytes: Buffer): Promise<LoadedContent> {
  const entries = openZip(path, bytes);
  if (!entries.has('word/document.xml')) throw new DocumentError(path, undefined, 'file is not a Word document (no word/document.xml inside)');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP, convertImage: noImages, externalFileAccess: false })).value;
  } catch (cause) {
    throw new DocumentError(path, undefined, `Word document cannot be read: ${(cause as Error).message}`, { cause });
  }
  const body = htmlToBody(html);
  const meta = coreProperties(entries.get('docProps/core.xml'));
  return { format: 'docx', title: meta.title ?? firstHeading(body), updated: meta.updated, body, bodyLine: 1 };
}
