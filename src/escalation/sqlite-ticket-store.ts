import type Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import { openDatabase, statementCache } from './open-database.js';
import { OnboardingError, TicketIdTaken } from '../core/errors.js';
import type { EscalationReason, Source } from '../core/types.js';
import type { Actor, NewTicket, Ticket, TicketStatus, TicketStore } from './ticket-store.js';

interface Row {
  id: string;
  status: TicketStatus;
  reason: EscalationReason;
  channel: string;
  conversation_id: string;
  asker_id: string;
  asker_name: string | null;
  is_group: number;
  question: string;
  history: string;
  candidates: string;
  draft: string | null;
  created_at: string;
  answered_at: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
  claimed_by: string | null;
  claimed_by_name: string | null;
  claimed_at: string | null;
  notified_at: string | null;
  relayed_at: string | null;
  relay_failed_at: string | null;
  relay_error: string | null;
  saved_as_faq: string | null;
  reminded_at: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  asker_id TEXT NOT NULL,
  asker_name TEXT,
  is_group INTEGER NOT NULL,
  question TEXT NOT NULL,
  history TEXT NOT NULL,
  candidates TEXT NOT NULL,
  created_at TEXT NOT NULL,
  answered_at TEXT,
  answer TEXT,
  answered_by TEXT,
  notified_at TEXT,
  relayed_at TEXT,
  saved_as_faq TEXT,
  reminded_at TEXT
);
CREATE INDEX IF NOT EXISTS tickets_open ON tickets (status, created_at);
-- An asker's open tickets newest first, without walking every open ticket: the index on
-- (status, created_at) alone made each question's repeat check scan them all.
DROP INDEX IF EXISTS tickets_asker;
CREATE INDEX IF NOT EXISTS tickets_asker_open ON tickets (asker_id, status, created_at);
`;

/** An asker's open ticket for the same question; a test checks its plan uses `tickets_asker_open`. */
export const FIND_OPEN = `SELECT * FROM tickets WHERE asker_id = ? AND question = ? AND status = 'open' ORDER BY created_at DESC LIMIT 1`;

const date = (s: string | null): Date | undefined => (s ? new Date(s) : undefined);

function toTicket(r: Row): Ticket {
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    channel: r.channel,
    conversationId: r.conversation_id,
    askerId: r.asker_id,
    askerName: r.asker_name ?? undefined,
    isGroup: r.is_group === 1,
    question: r.question,
    history: JSON.parse(r.history) as string[],
    candidates: JSON.parse(r.candidates) as Source[],
    draft: r.draft ?? undefined,
    createdAt: new Date(r.created_at),
    answeredAt: date(r.answered_at),
    answer: r.answer ?? undefined,
    answeredBy: r.answered_by ?? undefined,
    answeredByName: r.answered_by_name ?? undefined,
    claimedBy: r.claimed_by ?? undefined,
    claimedByName: r.claimed_by_name ?? undefined,
    claimedAt: date(r.claimed_at),
    notifiedAt: date(r.notified_at),
    relayedAt: date(r.relayed_at),
    relayFailedAt: date(r.relay_failed_at),
    relayError: r.relay_error ?? undefined,
    savedAsFaq: r.saved_as_faq ?? undefined,
    remindedAt: date(r.reminded_at),
  };
}

const actorOf = (by: string | Actor): Actor => (typeof by === 'string' ? { id: by } : by);

class TicketNotFoundError extends OnboardingError {}

/** Tickets in SQLite (WAL, synchronous=FULL): a write has reached the disk when a call returns. */
export class SqliteTicketStore implements TicketStore {
  private readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;
  private readonly commits: GroupCommit;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.sql = statementCache(this.db);
    this.db.exec(SCHEMA);
    this.commits = new GroupCommit(this.db);
    const columns = this.db.prepare('PRAGMA table_info(tickets)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'notified_at')) {
      // Databases from before notices were tracked: their tickets count as notified.
      this.db.exec('ALTER TABLE tickets ADD COLUMN notified_at TEXT; UPDATE tickets SET notified_at = created_at;');
    }
    // Databases from before drafts were kept: their tickets have none.
    if (!columns.some((c) => c.name === 'draft')) this.db.exec('ALTER TABLE tickets ADD COLUMN draft TEXT;');
    // Databases from before named accounts, claims and refused relays.
    for (const column of ['answered_by_name', 'claimed_by', 'claimed_by_name', 'claimed_at', 'relay_failed_at', 'relay_error']) {
      if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE tickets ADD COLUMN ${column} TEXT;`);
    }
  }

  async create(t: NewTicket, at: Date): Promise<Ticket> {
    await this.commits.run(() => {
      try {
        return this.sql(
          `INSERT INTO tickets (id, status, reason, channel, conversation_id, asker_id, asker_name, is_group, question, history, candidates, draft, created_at)
           VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(t.id, t.reason, t.channel, t.conversationId, t.askerId, t.askerName ?? null, t.isGroup ? 1 : 0, t.question,
          JSON.stringify(t.history), JSON.stringify(t.candidates), t.draft ?? null, at.toISOString());
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new TicketIdTaken(`ticket id ${t.id} is taken`, { cause: err });
        throw err;
      }
    });
    // What was just written, built here rather than read back: the read was a second query and
    // two JSON parses on every escalation, on the thread that answers.
    return { ...t, history: [...t.history], candidates: t.candidates.map((c) => ({ ...c })), status: 'open', createdAt: new Date(at) };
  }

  get(id: string): Ticket | undefined {
    const row = this.sql('SELECT * FROM tickets WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
    return row ? toTicket(row) : undefined;
  }

  findOpen(askerId: string, question: string): Ticket | undefined {
    const row = this.sql(FIND_OPEN)
      .get(askerId, question) as Row | undefined;
    return row ? toTicket(row) : undefined;
  }

  listOpen(): Ticket[] {
    return (this.sql(`SELECT * FROM tickets WHERE status = 'open' ORDER BY created_at`).all() as Row[]).map(toTicket);
  }

  countOpen(): number {
    return (this.sql(`SELECT count(*) AS n FROM tickets WHERE status = 'open'`).get() as { n: number }).n;
  }

  listDone(query?: string, limit = 50): Ticket[] {
    const like = `%${query ?? ''}%`;
    return (
      this.sql(
          `SELECT * FROM tickets WHERE status != 'open' AND (question LIKE ? OR IFNULL(answer, '') LIKE ?)
           ORDER BY COALESCE(answered_at, created_at) DESC LIMIT ?`,
        )
        .all(like, like, limit) as Row[]
    ).map(toTicket);
  }

  listSince(since: Date): Ticket[] {
    return (this.sql('SELECT * FROM tickets WHERE created_at >= ? ORDER BY created_at').all(since.toISOString()) as Row[]).map(toTicket);
  }

  countSince(since: Date): number {
    return (this.sql('SELECT count(*) AS n FROM tickets WHERE created_at >= ?').get(since.toISOString()) as { n: number }).n;
  }

  listByAsker(askerId: string, limit = 50): Ticket[] {
    return (this.sql('SELECT * FROM tickets WHERE asker_id = ? ORDER BY created_at DESC LIMIT ?').all(askerId, limit) as Row[]).map(toTicket);
  }

  answer(id: string, answer: string, by: string | Actor, at: Date): Ticket | undefined {
    const ticket = this.require(id);
    const who = actorOf(by);
    // The status check is in the UPDATE itself: whichever write comes second changes nothing.
    const { changes } = this.sql(`UPDATE tickets SET status = 'answered', answer = ?, answered_by = ?, answered_by_name = ?, answered_at = ? WHERE id = ? AND status = 'open'`)
      .run(answer, who.id, who.name ?? null, at.toISOString(), ticket.id);
    return changes ? this.require(ticket.id) : undefined;
  }

  claim(id: string, by: Actor, at: Date, takeOver = false): Ticket | undefined {
    const ticket = this.require(id);
    const { changes } = this.sql(
        `UPDATE tickets SET claimed_by = ?, claimed_by_name = ?, claimed_at = ?
         WHERE id = ? AND status = 'open' AND (claimed_by IS NULL OR claimed_by = ? OR ?)`,
      )
      .run(by.id, by.name ?? null, at.toISOString(), ticket.id, by.id, takeOver ? 1 : 0);
    return changes ? this.require(ticket.id) : undefined;
  }

  release(id: string, by: string): boolean {
    return (
      this.sql(`UPDATE tickets SET claimed_by = NULL, claimed_by_name = NULL, claimed_at = NULL WHERE id = ? COLLATE NOCASE AND claimed_by = ? AND status = 'open'`)
        .run(id, by).changes > 0
    );
  }

  async markNotified(id: string, at: Date): Promise<void> {
    await this.commits.run(() => this.sql('UPDATE tickets SET notified_at = ? WHERE id = ?').run(at.toISOString(), id));
  }

  listUnnotified(): Ticket[] {
    return (
      this.sql(`SELECT * FROM tickets WHERE status = 'open' AND notified_at IS NULL ORDER BY created_at`).all() as Row[]
    ).map(toTicket);
  }

  markRelayed(id: string, at: Date): void {
    this.sql('UPDATE tickets SET relayed_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  markRelayFailed(id: string, at: Date, reason: string): void {
    this.sql('UPDATE tickets SET relay_failed_at = ?, relay_error = ? WHERE id = ?').run(at.toISOString(), reason, id);
  }

  listUnrelayed(): Ticket[] {
    return (
      this.sql(`SELECT * FROM tickets WHERE status = 'answered' AND relayed_at IS NULL AND relay_failed_at IS NULL ORDER BY answered_at`)
        .all() as Row[]
    ).map(toTicket);
  }

  listUndeliverable(limit = 50): Ticket[] {
    return (
      this.sql(`SELECT * FROM tickets WHERE relay_failed_at IS NOT NULL ORDER BY relay_failed_at DESC LIMIT ?`).all(limit) as Row[]
    ).map(toTicket);
  }

  markFaq(id: string, path: string): void {
    this.sql('UPDATE tickets SET saved_as_faq = ? WHERE id = ?').run(path, id);
  }

  markReminded(id: string, at: Date): void {
    this.sql('UPDATE tickets SET reminded_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  close(id: string, by: string | Actor, at: Date): Ticket | undefined {
    const ticket = this.require(id);
    const who = actorOf(by);
    const { changes } = this.sql(`UPDATE tickets SET status = 'closed', answered_by = ?, answered_by_name = ?, answered_at = ? WHERE id = ? AND status = 'open'`)
      .run(who.id, who.name ?? null, at.toISOString(), ticket.id);
    return changes ? this.require(ticket.id) : undefined;
  }

  dispose(): void {
    if (!this.db.open) return;
    this.commits.flush();
    this.db.close();
  }

  private require(id: string): Ticket {
    const ticket = this.get(id);
    if (!ticket) throw new TicketNotFoundError(`no ticket #${id}`);
    return ticket;
  }
}
