import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../escalation/open-database.js';

/** A message the bot sent to a web visitor on its own (a relayed answer, a notice). */
export interface InboxMessage {
  /** Increases across the whole inbox and is never reused, so `after` stays a valid cursor across restarts. */
  seq: number;
  text: string;
  at: string;
}

export interface NewInboxMessage {
  user: string;
  text: string;
  at: Date;
  /** The ticket whose answer this relays; a part already stored for it is not stored again. */
  ticketId?: string;
}

/** Where the web visitors' inboxes are kept until their pages fetch them. */
export interface WebInboxStore {
  /**
   * Names this inbox. It stays the same for the life of the data, so a page's cursor outlives
   * restarts; a new inbox (an emptied data dir) gets a new one, which tells pages to start over.
   */
  readonly epoch: string;
  /**
   * Stores the message; it is on disk when this returns. Returns undefined when the same part
   * of the same ticket's relay is already stored: the sender repeated it after a crash.
   */
  add(message: NewInboxMessage): InboxMessage | undefined;
  /** The visitor's messages with a `seq` above `after`, oldest first. */
  after(user: string, after: number): InboxMessage[];
  /** Drops the messages stored before `before`; returns how many. */
  prune(before: Date): number;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS web_inbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user TEXT NOT NULL,
  at TEXT NOT NULL,
  text TEXT NOT NULL,
  ticket_id TEXT
);
CREATE INDEX IF NOT EXISTS web_inbox_user ON web_inbox (user, seq);
CREATE INDEX IF NOT EXISTS web_inbox_at ON web_inbox (at);
CREATE UNIQUE INDEX IF NOT EXISTS web_inbox_relay ON web_inbox (ticket_id, user, text);
CREATE TABLE IF NOT EXISTS web_inbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The web inboxes in SQLite (WAL, synchronous=FULL), beside the tickets in the data dir's
 * `tickets.db`. AUTOINCREMENT keeps `seq` rising even after old rows are pruned, so a pruned
 * cursor is never handed out again.
 */
export class SqliteWebInbox implements WebInboxStore {
  readonly epoch: string;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.db.exec(SCHEMA);
    this.db.prepare(`INSERT OR IGNORE INTO web_inbox_meta (key, value) VALUES ('epoch', ?)`).run(randomBytes(6).toString('hex'));
    this.epoch = (this.db.prepare(`SELECT value FROM web_inbox_meta WHERE key = 'epoch'`).get() as { value: string }).value;
    // Rows without a ticket never conflict (NULLs are distinct in a unique index).
    this.insert = this.db.prepare(
      `INSERT INTO web_inbox (user, at, text, ticket_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq, text, at`,
    );
    this.select = this.db.prepare(`SELECT seq, text, at FROM web_inbox WHERE user = ? AND seq > ? ORDER BY seq`);
  }

  add(m: NewInboxMessage): InboxMessage | undefined {
    return this.insert.get(m.user, m.at.toISOString(), m.text, m.ticketId ?? null) as InboxMessage | undefined;
  }

  after(user: string, after: number): InboxMessage[] {
    return this.select.all(user, after) as InboxMessage[];
  }

  prune(before: Date): number {
    return this.db.prepare('DELETE FROM web_inbox WHERE at < ?').run(before.toISOString()).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
