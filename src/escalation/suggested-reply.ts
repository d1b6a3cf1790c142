import type { Source } from '../core/types.js';
import type { Templates } from '../prompts/templates.js';
import type { Ticket } from './ticket-store.js';

/** A reply the desk offers the secretary to edit; never sent as it is. */
export interface Suggestion {
  /** The sentences and the line naming where they come from, as the answer box shows them. */
  text: string;
  /** The sentences alone. */
  sentences: string;
  /** "《title》 heading" of each document the sentences come from. */
  sources: string[];
  /** True once a language model has reworded it. */
  polished: boolean;
}

/** The text of a document as replies quote it, to tell which candidate a sentence of the draft came from. */
export type DocumentText = (path: string) => string;

// Escalations about the asker rather than the documents: sentences from the documents would not answer them.
const PERSONAL = new Set(['human_request', 'personal_case', 'complaint']);

const compact = (s: string) => s.replace(/\s+/g, '');

/** True when the desk has a reply to offer for the ticket: a draft from the documents, about them. */
export function canSuggest(ticket: Ticket): boolean {
  return Boolean(ticket.draft?.trim()) && !PERSONAL.has(ticket.reason) && ticket.candidates.length > 0;
}

/**
 * The best candidate sentences with their sources: the draft the answerer composed but did
 * not trust, each sentence credited to the candidate document that holds it. Undefined when
 * there is nothing worth offering, or when a sentence of the draft is in no candidate document
 * any more (a reload since removed or rewrote it): the draft might no longer be true.
 */
export function suggestReply(ticket: Ticket, documentText: DocumentText, templates: Templates): Suggestion | undefined {
  const draft = ticket.draft?.trim();
  if (!draft || !canSuggest(ticket)) return undefined;
  const sentences = draft.split(/(?<=[。！？；!?\n])/).map((s) => s.trim()).filter(Boolean);
  const texts = new Map(ticket.candidates.map((c) => [c.path, compact(documentText(c.path))]));
  const used = new Set<Source>();
  for (const sentence of sentences) {
    // Replies quote units whole, so each sentence of a draft the documents still say is found
    // whole (its end mark aside); one that is not was rewritten or removed since.
    const probe = compact(sentence).replace(/[。！？；!?]$/, '');
    const holders = ticket.candidates.filter((c) => probe && texts.get(c.path)?.includes(probe));
    if (holders.length === 0) return undefined;
    // "可以。" is found anywhere: only a sentence long enough to tell documents apart names one.
    if ([...probe].length >= 6) used.add(holders[0]!);
  }
  const named = used.size ? ticket.candidates.filter((c) => used.has(c)) : ticket.candidates.slice(0, 1);
  const sources = named.map((c) => `《${c.title}》${c.heading ? ` ${c.heading}` : ''}`);
  return {
    text: templates.render('suggested-reply', { answer: draft, sources: sources.join('、') }),
    sentences: draft,
    sources,
    polished: false,
  };
}
