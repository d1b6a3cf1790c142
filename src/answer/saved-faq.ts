import { isSavedFaq } from '../knowledge/saved-faq-path.js';
import { applySynonyms, type Synonym } from '../knowledge/synonyms.js';
import { comparable } from './comparable-text.js';
import type { ScoredUnit, Unit } from './units.js';


/**
 * The units of the answer a secretary saved for this very question (`+faq`, the console's
 * "存为常见问题"), or undefined. The secretary wrote it for these words, so it answers them
 * whatever the decision makes of its wording: the README promises the next asker gets it from
 * the bot. Only the same words: a rephrased question is judged like any other. The question
 * comes with the admin's synonyms applied, so the saved one (the asker's words) gets them too.
 */
export function savedAnswerFor(question: string, ranked: ScoredUnit[], synonyms: readonly Synonym[]): Unit[] | undefined {
  const asked = comparable(question);
  const hit = ranked.find((s) => isSavedFaq(s.unit.chunk.docPath) && comparable(applySynonyms(s.unit.chunk.title, synonyms)) === asked);
  if (!hit) return undefined;
  const chunk = hit.unit.chunk;
  return ranked
    .filter((s) => s.unit.chunk === chunk)
    .map((s) => s.unit)
    .sort((a, b) => a.position - b.position);
}
