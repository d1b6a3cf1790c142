import type Database from 'better-sqlite3';
import type { NewOutboxMessage, OutboxBacklog, OutboxKind, OutboxMessage, OutboxStatus, OutboxStore } from '../core/outbox-store.js';
import { GroupCommit } from './group-commit.js';
import { openDatabase } from './open-database.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  text TEXT NOT NULL,
  mention_user_id TEXT,
  ticket_id TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  settled_at TEXT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, channel, conversation_id, id);
CREATE INDEX IF NOT EXISTS outbox_ticket ON outbox (ticket_id, kind);
`;

interface Row {
  id: number;
  kind: OutboxKind;
  channel: string;
  conversation_id: string;
  text: string;
  mention_user_id: string | null;
  ticket_id: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  created_at: string;
  settled_at: string | null;
  last_error: string | null;
}

function toMessage(r: Row): OutboxMessage {
  return {
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    conversationId: r.conversation_id,
    text: r.text,
    mentionUserId: r.mention_user_id ?? undefined,
    ticketId: r.ticket_id ?? undefined,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at),
    createdAt: new Date(r.created_at),
    settledAt: r.settled_at ? new Date(r.settled_at) : undefined,
    lastError: r.last_error ?? undefined,
  };
}

/** The outbox in the data dir's `tickets.db` (WAL, synchronous=FULL); writes of one tick share a commit. */
export class SqliteOutboxStore implements OutboxStore {
  private readonly db: Database.Database;
  private readonly commits: GroupCommit;
  private readonly statements;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.db.exec(SCHEMA);
    this.commits = new GroupCommit(this.db);
    const db = this.db;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO outbox (kind, channel, conversation_id, text, mention_user_id, ticket_id, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ),
      heads: db.prepare(
        `SELECT * FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox WHERE status = 'pending' GROUP BY channel, conversation_id) ORDER BY id`,
      ),
      next: db.prepare(
        `SELECT * FROM outbox WHERE status = 'pending' AND channel = ? AND conversation_id = ? AND id > ? ORDER BY id LIMIT 1`,
      ),
      get: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      delivered: db.prepare(`UPDATE outbox SET status = 'delivered', settled_at = ?, last_error = NULL WHERE id = ? AND status = 'pending'`),
      retry: db.prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`),
      failed: db.prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, settled_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`),
      due: db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending' AND channel = ? AND next_attempt_at > ?`),
      forTicket: db.prepare('SELECT * FROM outbox WHERE ticket_id = ? AND kind = ? ORDER BY id'),
      undelivered: db.prepare(`SELECT * FROM outbox WHERE status != 'delivered' ORDER BY id DESC LIMIT ?`),
      backlog: db.prepare(
        `SELECT channel, SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed,
                MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest
         FROM outbox WHERE status != 'delivered' GROUP BY channel ORDER BY channel`,
      ),
    };
  }

  add(messages: NewOutboxMessage[], at: Date): Promise<OutboxMessage[]> {
    const when = at.toISOString();
    return this.commits.run(() =>
      messages.map((m) =>
        toMessage(
          this.statements.insert.get(m.kind, m.channel, m.conversationId, m.text, m.mentionUserId ?? null, m.ticketId ?? null, when, when) as Row,
        ),
      ),
    );
  }

  heads(): OutboxMessage[] {
    return (this.statements.heads.all() as Row[]).map(toMessage);
  }

  nextInConversation(channel: string, conversationId: string, afterId: number): OutboxMessage | undefined {
    const row = this.statements.next.get(channel, conversationId, afterId) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  get(id: number): OutboxMessage | undefined {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? toMessage(row) : undefined;
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await this.commits.run(() => this.statements.delivered.run(at.toISOString(), id));
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.commits.run(() => this.statements.retry.run(nextAttemptAt.toISOString(), error, id));
  }

  async markFailed(id: number, at: Date, error: string): Promise<void> {
    await this.commits.run(() => this.statements.failed.run(at.toISOString(), error, id));
  }

  async makeDue(channel: string, at: Date): Promise<void> {
    const when = at.toISOString();
    await this.commits.run(() => this.statements.due.run(when, channel, when));
  }

  forTicket(ticketId: string, kind: OutboxKind): OutboxMessage[] {
    return (this.statements.forTicket.all(ticketId, kind) as Row[]).map(toMessage);
  }

  listUndelivered(limit: number): OutboxMessage[] {
    return (this.statements.undelivered.all(limit) as Row[]).map(toMessage);
  }

  backlog(): OutboxBacklog[] {
    return (this.statements.backlog.all() as Array<{ channel: string; pending: number; failed: number; oldest: string | null }>).map((r) => ({
      channel: r.channel,
      pending: r.pending,
      failed: r.failed,
      oldestPendingAt: r.oldest ? new Date(r.oldest) : undefined,
    }));
  }

  close(): void {
    if (!this.db.open) return;
    this.commits.flush();
    this.db.close();
  }
}
