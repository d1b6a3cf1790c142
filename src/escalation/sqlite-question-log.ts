import type Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import { openDatabase, statementCache } from './open-database.js';
import type { OfficeHours } from './office-hours.js';
import type { FrequentQuestion, QuestionCounts, QuestionEntry, QuestionLog, QuestionStats } from './question-log.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS questions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  channel TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  asker TEXT NOT NULL,
  text TEXT NOT NULL,
  escalated INTEGER NOT NULL,
  reason TEXT,
  confidence REAL NOT NULL,
  ticket_id TEXT
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE INDEX IF NOT EXISTS questions_asker ON questions (asker, conversation_id, at);
`;

/**
 * The question log in SQLite (WAL, synchronous=FULL). It may share its file with the
 * ticket store, so the web console reads tickets and questions from one database.
 */
export class SqliteQuestionLog implements QuestionLog {
  private readonly db: Database.Database;
  private readonly sql: (sql: string) => Database.Statement;
  private readonly commits: GroupCommit;

  /** `calendar` gives "today" and "this week" in the office's time zone. */
  constructor(file: string, private readonly calendar: Pick<OfficeHours, 'startOfDay' | 'startOfWeek'>) {
    this.db = openDatabase(file);
    this.sql = statementCache(this.db);
    this.db.exec(SCHEMA);
    this.commits = new GroupCommit(this.db);
  }

  async record(e: QuestionEntry): Promise<void> {
    await this.commits.run(() =>
      this.sql(
          `INSERT INTO questions (at, channel, conversation_id, asker, text, escalated, reason, confidence, ticket_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(e.at.toISOString(), e.channel, e.conversationId, e.askerId, e.text, e.escalated ? 1 : 0, e.reason, e.confidence, e.ticketId ?? null),
    );
  }

  stats(now: Date): QuestionStats {
    return {
      today: this.counts(this.calendar.startOfDay(now), now),
      week: this.counts(this.calendar.startOfWeek(now), now),
    };
  }

  recentUnanswered(days: number, now: Date, limit = 5): FrequentQuestion[] {
    const since = new Date(now.getTime() - days * 86_400_000);
    const rows = this.sql(
        `SELECT text, COUNT(*) AS count, MAX(at) AS last_at FROM questions
         WHERE escalated = 1 AND at >= ? AND at <= ? AND text <> ''
         GROUP BY text ORDER BY count DESC, last_at DESC LIMIT ?`,
      )
      .all(since.toISOString(), now.toISOString(), limit) as Array<{ text: string; count: number; last_at: string }>;
    return rows.map((r) => ({ text: r.text, count: r.count, lastAt: new Date(r.last_at) }));
  }

  lowConfidenceAnswers(since: Date, below: number): Array<{ text: string; at: Date; confidence: number }> {
    const rows = this.sql(`SELECT text, at, confidence FROM questions WHERE escalated = 0 AND confidence < ? AND at >= ? AND text <> '' ORDER BY at`)
      .all(below, since.toISOString()) as Array<{ text: string; at: string; confidence: number }>;
    return rows.map((r) => ({ text: r.text, at: new Date(r.at), confidence: r.confidence }));
  }

  recentTexts(c: { channel: string; conversationId: string; askerId: string }, since: Date, limit: number): string[] {
    if (limit <= 0) return [];
    const rows = this.sql(
        `SELECT text FROM questions WHERE asker = ? AND channel = ? AND conversation_id = ? AND at >= ? AND text <> ''
         ORDER BY id DESC LIMIT ?`,
      )
      .all(c.askerId, c.channel, c.conversationId, since.toISOString(), limit) as Array<{ text: string }>;
    return rows.map((r) => r.text).reverse();
  }

  dispose(): void {
    if (!this.db.open) return;
    this.commits.flush();
    this.db.close();
  }

  private counts(since: Date, until: Date): QuestionCounts {
    const row = this.sql(`SELECT COUNT(*) AS total, IFNULL(SUM(escalated), 0) AS escalated FROM questions WHERE at >= ? AND at <= ?`)
      .get(since.toISOString(), until.toISOString()) as { total: number; escalated: number };
    return { total: row.total, escalated: row.escalated, answered: row.total - row.escalated };
  }
}
