import { applySynonyms, type Synonym } from '../knowledge/synonyms.js';
import type { ScoredUnit, Unit } from './units.js';

// Where `+faq` keeps a secretary's answer: faq/<date>-<ticket>.md (src/escalation/faq-writer.ts).
const SAVED_FAQ = /^faq\/\d{4}-\d{2}-\d{2}-[A-Za-z0-9]+\.md$/;

/** A question as words: width, case, spaces and punctuation do not make it another question. */
const sameWords = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');

/**
 * The units of the answer a secretary saved for this very question (`+faq`, the console's
 * "存为常见问题"), or undefined. The secretary wrote it for these words, so it answers them
 * whatever the decision makes of its wording: the README promises the next asker gets it from
 * the bot. Only the same words: a rephrased question is judged like any other. The question
 * comes with the admin's synonyms applied, so the saved one (the asker's words) gets them too.
 */
export function savedAnswerFor(question: string, ranked: ScoredUnit[], synonyms: readonly Synonym[]): Unit[] | undefined {
  const asked = sameWords(question);
  const hit = ranked.find((s) => SAVED_FAQ.test(s.unit.chunk.docPath) && sameWords(applySynonyms(s.unit.chunk.title, synonyms)) === asked);
  if (!hit) return undefined;
  const chunk = hit.unit.chunk;
  return ranked
    .filter((s) => s.unit.chunk === chunk)
    .map((s) => s.unit)
    .sort((a, b) => a.position - b.position);
}
