import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { DocumentError } from '../core/errors.js';
import { openingLine } from './yaml-lines.js';

/** The admin's own words, kept beside the documents and reloaded with them. */
export const SYNONYMS_FILE = 'synonyms.yaml';

/** A colloquial word and the word the documents use for it. */
export interface Synonym {
  from: string;
  to: string;
}

const word = z.string().trim().min(1, 'is empty').max(30, 'is longer than 30 characters');

/** `开放时间: [开门, 开馆]` — the documents' word, then what people say instead (one word or a list). */
const synonymsSchema = z.record(word, z.union([word, z.array(word).min(1, 'lists no word')]));

/**
 * Reads `text` as a synonyms file. A problem is a DocumentError with the line it is on, so
 * the admin page can say "第 3 行：…"; the message is English for the log.
 */
export function parseSynonyms(text: string, path = SYNONYMS_FILE): Synonym[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new DocumentError(path, openingLine(text, lines.linePos(error.pos[0]).line, reason), `not valid YAML: ${reason}`);
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) throw new DocumentError(path, 1, 'expected lines like "开放时间: [开门, 开馆]"');
  const result = synonymsSchema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const node = nodeAt(doc.contents, issue.path);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    throw new DocumentError(path, line, `"${issue.path.join('.')}": ${issue.message}`);
  }
  const out: Synonym[] = [];
  for (const [to, from] of Object.entries(result.data)) {
    for (const f of Array.isArray(from) ? from : [from]) if (f !== to) out.push({ from: f, to });
  }
  // Longest first, so 附小学 is rewritten before 附小.
  return out.sort((a, b) => b.from.length - a.from.length);
}

function nodeAt(root: Node, path: PropertyKey[]): Node | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === String(key));
      // An empty or bad value points at its key's line.
      node = pair?.value ?? pair?.key;
    } else if (isSeq(node)) node = node.items[Number(key)];
    else return node as Node | undefined;
  }
  return node as Node | undefined;
}

/** The text of `knowledge/synonyms.yaml`, unchecked; empty when there is none. */
export async function readSynonymsText(knowledgeDir: string): Promise<string> {
  try {
    return await readFile(join(knowledgeDir, SYNONYMS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Reads and checks `knowledge/synonyms.yaml`; a missing file means no synonyms. */
export async function readSynonyms(knowledgeDir: string): Promise<{ text: string; synonyms: Synonym[] }> {
  const text = await readSynonymsText(knowledgeDir);
  return { text, synonyms: parseSynonyms(text) };
}

/** Rewrites the colloquial words of `text` into the documents' words. */
export function applySynonyms(text: string, synonyms: readonly Synonym[]): string {
  let out = text;
  // Words already in the documents' form stay as they are (公积金 inside 住房公积金).
  for (const s of synonyms) out = out.split(s.to).map((piece) => piece.split(s.from).join(s.to)).join(s.to);
  return out;
}
