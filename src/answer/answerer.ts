import type { EscalationReason, Source } from '../core/types.js';

/** A question as the answering core sees it: channel and person already stripped. */
export interface Question {
  text: string;
  /** Earlier messages of the same person, oldest first. */
  history: string[];
}

/** The answering core's verdict, before any ticket exists. */
export type Decision =
  | {
      kind: 'answer';
      text: string;
      /** The documents the text came from first, then related ones. */
      sources: Source[];
      confidence: number;
      /** How many of `sources` the text came from (all when absent); only these are named in the reply. */
      cited?: number;
    }
  | {
      kind: 'escalate';
      reason: EscalationReason;
      confidence: number;
      candidates: Source[];
      /** The reply the bot would have given, when it had one: a starting point for the secretary. */
      draft?: string;
    };

/** Turns a question into an answer with sources, or a reasoned escalation. */
export interface Answerer {
  answer(question: Question): Promise<Decision>;
}
