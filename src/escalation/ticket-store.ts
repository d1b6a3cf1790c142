import type { EscalationReason, Source } from '../core/types.js';

export type TicketStatus = 'open' | 'answered' | 'closed';

/** A question handed to the HR secretary. */
export interface Ticket {
  id: string;
  status: TicketStatus;
  reason: EscalationReason;
  /** Where the answer must go back to. */
  channel: string;
  conversationId: string;
  /** The asker as `channel:id`. */
  askerId: string;
  askerName?: string;
  isGroup: boolean;
  question: string;
  history: string[];
  candidates: Source[];
  /** The reply the bot would have given but did not trust: a starting point for the secretary, never sent as is. */
  draft?: string;
  createdAt: Date;
  answeredAt?: Date;
  answer?: string;
  answeredBy?: string;
  /** The display name of whoever answered or closed it, when they have one (signs the relay). */
  answeredByName?: string;
  /** The secretary who said "我来处理", as `channel:id`, while the ticket is open. */
  claimedBy?: string;
  claimedByName?: string;
  claimedAt?: Date;
  /** Set once a notice reached at least one secretary. */
  notifiedAt?: Date;
  /** Set once the platform acknowledged the answer to the asker. */
  relayedAt?: Date;
  /** Set when the platform refused the answer for good ("could not be delivered"), with its reason. */
  relayFailedAt?: Date;
  relayError?: string;
  savedAsFaq?: string;
  remindedAt?: Date;
}

export type NewTicket = Omit<
  Ticket,
  | 'status' | 'createdAt' | 'answeredAt' | 'answer' | 'answeredBy' | 'answeredByName' | 'notifiedAt' | 'relayedAt'
  | 'relayFailedAt' | 'relayError' | 'savedAsFaq' | 'remindedAt' | 'claimedBy' | 'claimedByName' | 'claimedAt'
>;

/** Someone who acts on a ticket: `channel:id`, and a name to show when there is one. */
export interface Actor {
  id: string;
  name?: string;
}

/** Where tickets live. Every write is durable before the call returns (`create`: before it resolves). */
export interface TicketStore {
  /** Stores a new ticket; tickets created in the same tick share one commit. */
  create(ticket: NewTicket, at: Date): Promise<Ticket>;
  get(id: string): Ticket | undefined;
  /** The open ticket of this asker with the same question, if any. */
  findOpen(askerId: string, question: string): Ticket | undefined;
  listOpen(): Ticket[];
  /** How many tickets are open, without reading them (a metrics scrape in orientation week finds thousands). */
  countOpen(): number;
  /** Answered or closed tickets, newest first, optionally filtered by text. */
  listDone(query?: string, limit?: number): Ticket[];
  /** Every ticket created since then, oldest first (for statistics). */
  listSince(since: Date): Ticket[];
  /** How many tickets were created since then, without reading them. */
  countSince(since: Date): number;
  /**
   * Answers an open ticket; undefined when it is no longer open, so of two secretaries answering
   * at once exactly one wins.
   */
  answer(id: string, answer: string, by: string | Actor, at: Date): Ticket | undefined;
  /**
   * Marks an open ticket as taken by one secretary. Refused (undefined) when it is not open, or
   * another secretary has it and `takeOver` is not set.
   */
  claim(id: string, by: Actor, at: Date, takeOver?: boolean): Ticket | undefined;
  /** Gives up one's own claim; false when the ticket was not claimed by them. */
  release(id: string, by: string): boolean;
  /** The asker's tickets (`channel:id`), newest first. */
  listByAsker(askerId: string, limit?: number): Ticket[];
  /** Resolves once on disk; marks of one tick share a commit. */
  markNotified(id: string, at: Date): Promise<void>;
  /** Open tickets no secretary has been told about yet (their channel was down). */
  listUnnotified(): Ticket[];
  markRelayed(id: string, at: Date): void;
  /** The platform refused the answer for good: the ticket reads "could not be delivered". */
  markRelayFailed(id: string, at: Date, reason: string): void;
  /** Answered tickets neither relayed nor refused (the relay waits in the outbox, or predates it). */
  listUnrelayed(): Ticket[];
  /** Answered tickets whose answer could not be delivered, newest first. */
  listUndeliverable(limit?: number): Ticket[];
  markFaq(id: string, path: string): void;
  markReminded(id: string, at: Date): void;
  /** Closes an open ticket unanswered; undefined when it is no longer open. */
  close(id: string, by: string | Actor, at: Date): Ticket | undefined;
  /** Releases the database. */
  dispose(): void;
}

/**
 * The asker as the secretary reads them: "张老师（wechat:wxid_a）", the id alone, or for a web
 * visitor (a random browser id) "网页访客 12c30dbc", as the console names them.
 */
export function describeAsker(t: Pick<Ticket, 'askerId' | 'askerName'>): string {
  if (t.askerName) return `${t.askerName}（${t.askerId}）`;
  return t.askerId.startsWith('web:') ? `网页访客 ${t.askerId.slice(4, 12)}` : t.askerId;
}
