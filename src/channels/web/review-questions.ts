import type { Answerer } from '../../answer/answerer.js';
import type { QuestionLog } from '../../escalation/question-log.js';
import type { TicketStore } from '../../escalation/ticket-store.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { groupQuestions, type AskedQuestion, type QuestionGroup } from './question-groups.js';

/** Reasons of an escalation that a better document could have avoided (not a request for a person). */
const GAP_REASONS = new Set(['low_confidence', 'no_match']);
/** The reason the admin page gives an answer the bot was not sure of. */
export const LOW_ANSWER = 'low_answer';
/** Re-asking costs a retrieval per group; the page shows the most asked ones. */
const MAX_GROUPS = 40;

export interface ReviewOptions {
  tickets: TicketStore;
  questions: QuestionLog;
  answerer: Answerer;
  knowledge: KnowledgeBase;
  /** Answers below this confidence are listed too; a re-asked question counts as answered at or above it. */
  reviewBelow: number;
}

/**
 * What the documents do not yet answer well: escalated near misses and answers given with
 * little confidence, grouped by wording. Each group is asked again against the current
 * index, and dropped when it is now answered with confidence (a FAQ saved since, a new
 * document): the list shows only work still to do.
 */
export class QuestionReview {
  private cache: { index: object; answered: Map<string, boolean> } | undefined;

  constructor(private readonly options: ReviewOptions) {}

  async list(since: Date): Promise<{ groups: QuestionGroup[]; resolved: number }> {
    const { tickets, questions, reviewBelow } = this.options;
    const asked: AskedQuestion[] = [
      ...tickets.listSince(since).filter((t) => GAP_REASONS.has(t.reason)).map((t) => ({ text: t.question, at: t.createdAt, reason: t.reason })),
      ...questions.lowConfidenceAnswers(since, reviewBelow).map((q) => ({ text: q.text, at: q.at, reason: LOW_ANSWER })),
    ];
    const groups = groupQuestions(asked).slice(0, MAX_GROUPS);
    const open: QuestionGroup[] = [];
    for (const group of groups) if (!(await this.answeredNow(group.question))) open.push(group);
    return { groups: open, resolved: groups.length - open.length };
  }

  private async answeredNow(question: string): Promise<boolean> {
    const index = this.options.knowledge.current();
    if (this.cache?.index !== index) this.cache = { index, answered: new Map() };
    let answered = this.cache.answered.get(question);
    if (answered === undefined) {
      const decision = await this.options.answerer.answer({ text: question, history: [] });
      answered = decision.kind === 'answer' && decision.confidence >= this.options.reviewBelow;
      this.cache.answered.set(question, answered);
    }
    return answered;
  }
}
