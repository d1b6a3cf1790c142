import { describe, expect, it } from 'vitest';
import type { QuestionLog } from '../../../src/escalation/question-log.js';
import type { Ticket, TicketStore } from '../../../src/escalation/ticket-store.js';
import type { KnowledgeBase } from '../../../src/knowledge/knowledge-base.js';
import { LOW_ANSWER, QuestionReview } from '../../../src/channels/web/review-questions.js';
import { listedAnswerer } from '../../answer/listed-answerer.js';

const AT = new Date('2026-11-25T02:00:00Z');
const ticket = (question: string, reason: Ticket['reason']) => ({ question, reason, createdAt: AT }) as Ticket;

/** A review over fixed tickets and answers, with an answerer that answers what `known` lists. */
function review(options: { known: Set<string> }) {
  let index = {};
  const { answerer, asked } = listedAnswerer(options.known, '见《报到须知》。');
  const tickets = {
    listSince: () => [
      ticket('周转公寓押金多少', 'low_confidence'),
      ticket('周转公寓押金多少？', 'low_confidence'),
      ticket('我要找人工', 'human_request'),
      ticket('停车证去哪办', 'no_match'),
    ],
  } as unknown as TicketStore;
  const questions = { lowConfidenceAnswers: () => [{ text: '医保卡什么时候能用', at: AT, confidence: 0.5 }] } as unknown as QuestionLog;
  const knowledge = { current: () => index } as unknown as KnowledgeBase;
  return {
    review: new QuestionReview({ tickets, questions, answerer, knowledge, reviewBelow: 0.7 }),
    asked,
    reload: () => void (index = {}),
  };
}

describe('what the documents do not answer well yet', () => {
  it('lists near misses and unsure answers grouped by wording, never a request for a person', async () => {
    const { review: r } = review({ known: new Set() });
    const { groups, resolved } = await r.list(new Date(0));
    expect(groups.map((g) => [g.question, g.count])).toEqual(
      expect.arrayContaining([['周转公寓押金多少', 2], ['停车证去哪办', 1], ['医保卡什么时候能用', 1]]),
    );
    expect(groups).toHaveLength(3);
    expect(groups.find((g) => g.question === '医保卡什么时候能用')?.reasons).toEqual({ [LOW_ANSWER]: 1 });
    expect(resolved).toBe(0);
  });

  it('drops what the current documents now answer with confidence, and counts it as resolved', async () => {
    const { review: r } = review({ known: new Set(['停车证去哪办']) });
    const { groups, resolved } = await r.list(new Date(0));
    expect(groups.map((g) => g.question)).not.toContain('停车证去哪办');
    expect(resolved).toBe(1);
  });

  it('asks each group again once per index, and again after a reload', async () => {
    const { review: r, asked, reload } = review({ known: new Set() });
    await r.list(new Date(0));
    await r.list(new Date(0));
    expect(asked).toHaveLength(3);
    reload();
    await r.list(new Date(0));
    expect(asked).toHaveLength(6);
  });
});
