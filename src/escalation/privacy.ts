import type Database from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';
import { openDatabase } from './open-database.js';

/**
 * What a person wrote, and what was written back to them, lives in four tables of
 * `tickets.db`: the question log, the tickets, the web inboxes and the outbox. These two
 * functions blank that text and keep the rows of the first two, so counts, statistics and
 * ticket numbers stay true; sent messages are deleted (one still waiting to go is kept).
 */
export interface Erased {
  questions: number;
  tickets: number;
  inbox: number;
  /** Sent (or refused) outbox messages deleted: relays to the person and notices quoting them. */
  outbox: number;
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
    outbox: hasTable(db, 'outbox') ? db.prepare(`DELETE FROM outbox WHERE status != 'pending' AND created_at < ?`).run(at).changes : 0,
  }))();
}

/** Blanks everything one person (`channel:id`) wrote or was sent, whatever its age. */
export function erasePerson(db: Database.Database, person: string): Erased {
  const [channel, ...rest] = person.split(':');
  const id = rest.join(':');
  return db.transaction(() => ({
    // First, while the tickets still say whose they are: notices quoting the person, answers to them.
    outbox: hasTable(db, 'outbox')
      ? db
          .prepare(
            `DELETE FROM outbox WHERE status != 'pending' AND (
               ticket_id IN (SELECT id FROM tickets WHERE asker_id = ?)
               OR (channel = ? AND conversation_id IN (?, 'private:' || ?)))`,
          )
          .run(person, channel, id, id).changes
      : 0,
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
