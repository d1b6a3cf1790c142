/** A message as every channel hands it to the bot. */
export interface Incoming {
  channel: string;
  /** Where replies go: a private chat or a group, in the channel's own ids. */
  conversationId: string;
  userId: string;
  userName?: string;
  text: string;
  isGroup: boolean;
  mentionsBot: boolean;
  at: Date;
  /** The channel's message id, for de-duplicating repeated deliveries. */
  messageId?: string;
  /** Set when the message is not text (image, voice, file …). */
  kind?: 'text' | 'non_text';
  /**
   * The sender named themselves (a web page's visitor id) rather than the platform vouching
   * for them, so they are never taken for staff.
   */
  selfNamed?: boolean;
  /** Earlier questions, when the channel keeps them itself (the web page); else the bot's log has them. */
  history?: string[];
}

/** What the bot sends back; a channel turns it into its own message. */
export interface Reply {
  conversationId: string;
  text: string;
  mentionUserId?: string;
  /** Channel of the conversation, when it differs from the incoming one (relays, notices). */
  channel?: string;
  /** The ticket this message is about: the one whose answer it relays, or the one a question opened. */
  ticketId?: string;
  /** How the bot reached its reply to a question, for channels that show more than text (the web page). */
  basis?: ReplyBasis;
}

/** What a reply to a question rests on. */
export interface ReplyBasis {
  escalated: boolean;
  reason: EscalationReason | null;
  confidence: number;
  /** The cited passages, or the candidates the secretary sees when the question was escalated. */
  sources: Source[];
  /** How many of `sources` the answer came from (the rest are related); absent on an escalation. */
  cited?: number;
  /** The answering text without the source line, for channels that draw sources themselves (the web page). */
  answer?: string;
}

/** A cited passage. */
export interface Source {
  path: string;
  title: string;
  heading?: string;
  url?: string;
  updated?: string;
  score: number;
}

export type EscalationReason =
  | 'low_confidence'
  | 'human_request'
  | 'personal_case'
  | 'complaint'
  | 'no_match';

export type Outcome =
  | { kind: 'answer'; text: string; sources: Source[]; confidence: number; cited?: number }
  | {
      kind: 'escalate';
      reason: EscalationReason;
      ticketId: string;
      confidence: number;
      candidates: Source[];
      /** The reply the bot would have given, when it had one. */
      draft?: string;
    };

/** One question of the `ask` contract. */
export interface AskInput {
  id?: string;
  text: string;
  history?: string[];
  userId?: string;
  userName?: string;
  channel?: string;
  conversationId?: string;
}

/** One output line of the `ask` contract (DESIGN.md). */
export interface AskOutput {
  id: string;
  reply: string;
  escalated: boolean;
  reason: EscalationReason | null;
  confidence: number;
  sources: Array<{ path: string; title: string; score: number }>;
  ms: number;
  ticketId?: string;
}
