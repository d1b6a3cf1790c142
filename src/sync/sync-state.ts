import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { PageLink } from './page.js';

export const SYNC_DB = 'sync.db';

/** What the last run learned about one URL, so the next asks only for what changed. */
export const urlStateSchema = z.object({
  url: z.string(),
  kind: z.enum(['list', 'article', 'attachment']),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  hash: z.string().nullable(),
  /** The saved file, relative to the knowledge directory; lists have none. */
  path: z.string().nullable(),
  /** Links found on the page, reused when the server answers 304 Not Modified. */
  links: z.string().transform((text) => z.array(z.object({ url: z.string(), kind: z.enum(['pagination', 'page', 'attachment']) })).parse(JSON.parse(text))),
  seenRun: z.number().int(),
  /** For an attachment, the article it was linked from; null for pages and for rows of older versions. */
  page: z.string().nullable(),
});
export type UrlState = z.output<typeof urlStateSchema>;

export interface UrlStateInput extends Omit<UrlState, 'links'> {
  links: PageLink[];
}

/** `data/sync.db`: one row per URL the crawler has fetched. */
export class SyncState {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, SYNC_DB));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS urls (
      url TEXT PRIMARY KEY, kind TEXT NOT NULL, etag TEXT, last_modified TEXT, hash TEXT,
      path TEXT, links TEXT NOT NULL DEFAULT '[]', seen_run INTEGER NOT NULL, page TEXT)`);
    // A database made before attachments recorded their article gains the column.
    const columns = this.db.prepare('PRAGMA table_info(urls)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'page')) this.db.exec('ALTER TABLE urls ADD COLUMN page TEXT');
    this.db.exec('CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, report TEXT)');
  }

  beginRun(): number {
    return Number(this.db.prepare('INSERT INTO runs (started) VALUES (?)').run(new Date().toISOString()).lastInsertRowid);
  }

  finishRun(id: number, report: unknown): void {
    this.db.prepare('UPDATE runs SET report = ? WHERE id = ?').run(JSON.stringify(report), id);
  }

  get(url: string): UrlState | undefined {
    const row = this.db
      .prepare('SELECT url, kind, etag, last_modified AS lastModified, hash, path, links, seen_run AS seenRun, page FROM urls WHERE url = ?')
      .get(url);
    return row ? urlStateSchema.parse(row) : undefined;
  }

  put(state: UrlStateInput): void {
    this.db
      .prepare(`INSERT INTO urls (url, kind, etag, last_modified, hash, path, links, seen_run, page)
        VALUES (@url, @kind, @etag, @lastModified, @hash, @path, @links, @seenRun, @page)
        ON CONFLICT(url) DO UPDATE SET kind = excluded.kind, etag = excluded.etag, last_modified = excluded.last_modified,
          hash = excluded.hash, path = excluded.path, links = excluded.links, seen_run = excluded.seen_run, page = excluded.page`)
      .run({ ...state, links: JSON.stringify(state.links) });
  }

  markSeen(url: string, run: number): void {
    this.db.prepare('UPDATE urls SET seen_run = ? WHERE url = ?').run(run, url);
  }

  /** Saved documents the run did not reach: gone from the site, or out of its scope (the caller tells which). */
  unseen(run: number): UrlState[] {
    return this.db
      .prepare("SELECT url, kind, etag, last_modified AS lastModified, hash, path, links, seen_run AS seenRun, page FROM urls WHERE seen_run < ? AND path IS NOT NULL")
      .all(run)
      .map((row) => urlStateSchema.parse(row));
  }

  /** Files that URLs reached in this run hold. */
  pathsSeen(run: number): Set<string> {
    const rows = this.db.prepare('SELECT path FROM urls WHERE seen_run = ? AND path IS NOT NULL').all(run) as Array<{ path: string }>;
    return new Set(rows.map((r) => r.path));
  }

  delete(url: string): void {
    this.db.prepare('DELETE FROM urls WHERE url = ?').run(url);
  }

  close(): void {
    this.db.close();
  }
}
