import type { Answerer, Decision, Question } from '../answer/answerer.js';
import { applySynonyms, type Synonym } from '../knowledge/synonyms.js';

/**
 * Expands a question with the admin's synonyms (`knowledge/synonyms.yaml`) before the
 * answering core retrieves anything: 附小 → 附属小学, 开门 → 开放时间. Tickets and logs
 * keep the words the asker used; only retrieval and ranking see the expansion.
 */
export class ExpandingAnswerer implements Answerer {
  /** `synonyms` is asked on every question, so a reload takes effect at once. */
  constructor(
    private readonly inner: Answerer,
    private readonly synonyms: () => readonly Synonym[],
  ) {}

  answer(question: Question): Promise<Decision> {
    const words = this.synonyms();
    if (words.length === 0) return this.inner.answer(question);
    return this.inner.answer({
      text: applySynonyms(question.text, words),
      history: question.history.map((h) => applySynonyms(h, words)),
    });
  }
}
