/**
 * What a secretary asked for in a `#<ticket> …` message. `useDraft`: send the reply the bot drafted
 * but did not trust (the notice shows it), as checked, instead of an answer of one's own.
 */
export type TicketCommand =
  | { ticketId: string; action: 'answer' | 'faq'; answer: string; useDraft?: true }
  | { ticketId: string; action: 'close' };

const TICKET = /#([A-Za-z0-9]{2,12})(?![A-Za-z0-9])/;
// WeChat renders a quoted message as 「name：quoted text」, a dashed rule, then the new text.
const QUOTE = /^「([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\s*\n([\s\S]*)$/;
// "采用" alone is never an answer to a new employee's question; as the whole reply it means "send the draft".
const USE_DRAFT = /^(?:采用|采用草稿|用草稿)[\s\p{P}]*$/u;

/**
 * Reads `#ABC12 answer`, `#ABC12 +faq answer`, `#ABC12 close`, `#ABC12 采用` (send the bot's
 * draft; `+faq 采用` keeps it as a FAQ too), or a quoted notice followed by
 * any of them without the `#ABC12` (the ticket id is taken from the quote).
 * Returns undefined when the text is not about a ticket.
 */
export function parseTicketCommand(text: string): TicketCommand | undefined {
  const trimmed = text.trim();
  let ticketId: string | undefined;
  let body: string;
  const quote = QUOTE.exec(trimmed);
  if (quote) {
    body = quote[2]!.trim();
    const own = new RegExp(`^${TICKET.source}`).exec(body);
    if (own) {
      ticketId = own[1];
      body = body.slice(own[0].length);
    } else {
      ticketId = TICKET.exec(quote[1]!)?.[1];
    }
  } else {
    const own = new RegExp(`^${TICKET.source}`).exec(trimmed);
    ticketId = own?.[1];
    body = own ? trimmed.slice(own[0].length) : '';
  }
  if (!ticketId) return undefined;
  body = body.trim();
  if (/^(close|关闭)$/i.test(body)) return { ticketId, action: 'close' };
  const faq = /^\+faq(?:\s+|$)([\s\S]*)$/i.exec(body);
  const action = faq ? 'faq' : 'answer';
  const answer = faq ? faq[1]!.trim() : body;
  return USE_DRAFT.test(answer) ? { ticketId, action, answer: '', useDraft: true } : { ticketId, action, answer };
}
