/** What an outbox message is for; the desk reacts to relays that settle, the console groups by it. */
export type OutboxKind = 'relay' | 'notice' | 'digest' | 'reminder' | 'reply' | 'undeliverable';

/** `pending` until the platform acknowledged it (`delivered`) or refused it for good (`failed`). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed';

/** One message the bot sends on its own, as stored before anyone is told about it. */
export interface OutboxMessage {
  /** Rises with every message; one conversation's messages go out in this order. */
  id: number;
  kind: OutboxKind;
  channel: string;
  conversationId: string;
  text: string;
  mentionUserId?: string;
  ticketId?: string;
  status: OutboxStatus;
  /** Failed attempts so far; the next one waits about twice as long as the last. */
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  settledAt?: Date;
  /** Why the last attempt failed (the platform's words, never the message text). */
  lastError?: string;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'kind' | 'channel' | 'conversationId' | 'text' | 'mentionUserId' | 'ticketId'>;

/** How many messages wait or failed, per channel, for the console. */
export interface OutboxBacklog {
  channel: string;
  pending: number;
  failed: number;
  /** When the oldest pending message was queued. */
  oldestPendingAt?: Date;
}

/**
 * Where the outbox keeps its messages. Rows are the truth: what is pending is whatever the
 * store says, across restarts and crashes. Writes resolve once they are on disk.
 */
export interface OutboxStore {
  /** Stores the messages in one write, in order; resolves to them with their ids once durable. */
  add(messages: NewOutboxMessage[], at: Date): Promise<OutboxMessage[]>;
  /** The oldest pending message of every conversation (the only one that may go next). */
  heads(): OutboxMessage[];
  /** The next pending message of one conversation after `afterId`. */
  nextInConversation(channel: string, conversationId: string, afterId: number): OutboxMessage | undefined;
  get(id: number): OutboxMessage | undefined;
  markDelivered(id: number, at: Date): Promise<void>;
  /** Counts a failed attempt and sets when to try again. */
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, at: Date, error: string): Promise<void>;
  /** Makes every pending message of the channel due now (it has just connected). */
  makeDue(channel: string, at: Date): Promise<void>;
  /** The messages about one ticket, of one kind, oldest first. */
  forTicket(ticketId: string, kind: OutboxKind): OutboxMessage[];
  /** Pending and failed messages, newest first, for the console. */
  listUndelivered(limit: number): OutboxMessage[];
  backlog(): OutboxBacklog[];
  close(): void;
}
