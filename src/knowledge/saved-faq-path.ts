/**
 * Where `+faq` keeps a secretary's answer in the knowledge directory, `faq/<date>-<ticket>.md`:
 * written by the FAQ writer, and told apart by the answerer from FAQ pages the office wrote itself.
 */
export function savedFaqPath(date: string, ticketId: string): string {
  return `faq/${date}-${ticketId}.md`;
}

const SAVED_FAQ = /^faq\/\d{4}-\d{2}-\d{2}-[A-Za-z0-9]+\.md$/;

/** True for a path `savedFaqPath` makes. */
export function isSavedFaq(path: string): boolean {
  return SAVED_FAQ.test(path);
}
