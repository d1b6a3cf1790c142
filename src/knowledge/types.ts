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

/** Something wrong with one file: reported, and the file skipped. */
export interface LoadWarning {
  path: string;
  line?: number;
  message: string;
}
