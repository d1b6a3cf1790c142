export type DocumentFormat = 'markdown' | 'news' | 'html' | 'text' | 'docx' | 'doc' | 'pdf' | 'xlsx';

export const CATEGORIES = ['checkin', 'archives', 'housing', 'insurance', 'payroll', 'general'] as const;

/** What a format loader returns; the directory loader adds path and hash. */
export interface LoadedContent {
  format: DocumentFormat;
  title?: string;
  category?: string;
  updated?: string;
  url?: string;
  contact?: string;
  body: string;
  bodyLine: number;
  /** Problems the document loads in spite of (an unknown category), with their line. */
  notes?: Array<{ line?: number; message: string }>;
}

/** A knowledge document after loading: metadata plus its body as heading-marked plain text. */
export interface KnowledgeDocument {
  /** Path relative to the knowledge directory, with forward slashes. */
  path: string;
  format: DocumentFormat;
  title: string;
  category?: string;
  updated?: string;
  url?: string;
  contact?: string;
  /** Body text; headings are lines starting with `#`. */
  body: string;
  /** Line in the file where `body` starts, for messages that name a line. */
  bodyLine: number;
  /** sha256 of the file's bytes. */
  hash: string;
}

/** A retrievable piece of one document, carrying what a citation needs. */
export interface Chunk {
  id: number;
  docPath: string;
  title: string;
  headings: string[];
  text: string;
  url?: string;
  updated?: string;
  category?: string;
}

/** Something wrong with one file: reported, and the file skipped unless `loaded` says otherwise. */
export interface LoadWarning {
  path: string;
  line?: number;
  message: string;
  /** True when the document loaded in spite of the problem (an unknown category, a bad side file). */
  loaded?: boolean;
}

/**
 * A category outside CATEGORIES: the document still loads, as `general`, with a note saying so.
 * A typo in a category must not drop a document from the answers.
 */
export function checkCategory(category: string | undefined, line?: number): { category?: string; note?: { line?: number; message: string } } {
  if (category === undefined || (CATEGORIES as readonly string[]).includes(category)) return { category };
  return {
    category: 'general',
    note: { line, message: `unknown category "${category}"; loaded as general (expected one of ${CATEGORIES.join(', ')})` },
  };
}
