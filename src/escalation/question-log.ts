import type { EscalationReason } from '../core/types.js';

/** One question as it was handled, for statistics and follow-up history. */
export interface QuestionEntry {
  at: Date;
  channel: string;
  conversationId: string;
  /** The asker as `channel:id`. */
  askerId: string;
  text: string;
  escalated: boolean;
  reason: EscalationReason | null;
  confidence: number;
  ticketId?: string;
}

export interface QuestionCounts {
  total: number;
  answered: number;
  escalated: number;
}

export interface FrequentQuestion {
  text: string;
  count: number;
  lastAt: Date;
}

export interface QuestionStats {
  today: QuestionCounts;
  /** Since Monday 00:00 in the office's time zone. */
  week: QuestionCounts;
}

/**
 * Every question the bot handled. The chat bot writes it; the web console and `/stats`
 * read it. A write is durable when `record` resolves; the writes of one tick share a commit.
 */
export interface QuestionLog {
  record(entry: QuestionEntry): Promise<void>;
  stats(now: Date): QuestionStats;
  /** Escalated questions of the last `days` days, most frequent first. */
  recentUnanswered(days: number, now: Date, limit?: number): FrequentQuestion[];
  /** Questions answered (not escalated) since `since` with a confidence below `below`, oldest first. */
  lowConfidenceAnswers(since: Date, below: number): Array<{ text: string; at: Date; confidence: number }>;
  /** The asker's earlier questions in one conversation since `since`, oldest first (follow-up context). */
  recentTexts(conversation: { channel: string; conversationId: string; askerId: string }, since: Date, limit: number): string[];
}
