import type { Answerer, Decision } from '../../src/answer/answerer.js';

/**
 * An answerer that answers, with `reply` and high confidence, exactly the questions `known`
 * lists and escalates every other; `asked` records each question it was given, in order.
 */
export function listedAnswerer(known: Set<string>, reply: string): { answerer: Answerer; asked: string[] } {
  const asked: string[] = [];
  const answerer: Answerer = {
    async answer({ text }): Promise<Decision> {
      asked.push(text);
      return known.has(text)
        ? { kind: 'answer', text: reply, sources: [], confidence: 0.9 }
        : { kind: 'escalate', reason: 'low_confidence', confidence: 0.2, candidates: [] };
    },
  };
  return { answerer, asked };
}
