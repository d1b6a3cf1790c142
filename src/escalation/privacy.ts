import type Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';
import { openDatabase } from './open-database.js';

/**
 * What a person wrote, and what was written back to them, lives in three tables of
 * `tickets.db`: the question log, the tickets and the web inboxes. These two functions blank
 * that text and keep every row, so counts, statistics and ticket numbers stay true.
 */
export interface Erased {
  questions: number;
  tickets: number;
  inbox: number;
}

const BLANK = '';

/** Blanks every text older than `before`: the retention limit (privacy.retainDays). */
export function eraseTextsBefore(db: Database.Database, before: Date): Erased {
  const at = before.toISOString();
  return db.transaction(() => ({
    questions: db.prepare(`UPDATE questions SET text = ? WHERE at < ? AND text <> ?`).run(BLANK, at, BLANK).changes,
    // A ticket still open keeps its question: the secretary has yet to answer it.
    tickets: db
      .prepare(
        `UPDATE tickets SET question = ?, history = '[]', answer = CASE WHEN answer IS NULL THEN NULL ELSE ? END, draft = NULL
         WHERE created_at < ? AND status <> 'open' AND question <> ?`,
      )
      .run(BLANK, BLANK, at, BLANK).changes,
    inbox: hasTable(db, 'web_inbox') ? db.prepare(`DELETE FROM web_inbox WHERE at < ?`).run(at).changes : 0,
  }))();
}

/** Blanks everything one person (`channel:id`) wrote or was sent, whatever its age. */
export function erasePerson(db: Database.Database, person: string): Erased {
  const [channel, ...rest] = person.split(':');
  const id = rest.join(':');
  return db.transaction(() => ({
    questions: db.prepare(`UPDATE questions SET text = ? WHERE asker = ? AND text <> ?`).run(BLANK, person, BLANK).changes,
    tickets: db
      .prepare(
        `UPDATE tickets SET question = ?, history = '[]', asker_name = NULL, answer = CASE WHEN answer IS NULL THEN NULL ELSE ? END, draft = NULL
         WHERE asker_id = ?`,
      )
      .run(BLANK, BLANK, person).changes,
    inbox: channel === 'web' && hasTable(db, 'web_inbox') ? db.prepare(`DELETE FROM web_inbox WHERE user = ?`).run(id).changes : 0,
  }))();
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * Applies privacy.retainDays: at start and once a day, blanks what is older. Returns the
 * function that stops it (and closes its connection).
 */
export function startRetention(options: { file: string; days: number; now: () => Date; log: Logger }): () => void {
  const db = openDatabase(options.file);
  const run = () => {
    try {
      const erased = eraseTextsBefore(db, new Date(options.now().getTime() - options.days * 86_400_000));
      if (erased.questions + erased.tickets + erased.inbox > 0) options.log.info({ ...erased, retainDays: options.days }, 'old message texts blanked');
    } catch (err) {
      options.log.error({ err }, 'blanking old message texts failed; will try again tomorrow');
    }
  };
  run();
  const timer = setInterval(run, 86_400_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    db.close();
  };
}
