import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { randomIds } from '../../src/core/ids.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { silentLogger } from '../../src/logging/logger.js';
import { BotMetrics } from '../../src/metrics/bot-metrics.js';
import { MeteredQuestionFlow } from '../../src/metrics/metered-flow.js';
import { loadTemplates } from '../../src/prompts/templates.js';
import { listedAnswerer } from '../answer/listed-answerer.js';

const KNOWN = '周转公寓最长能住几年？';
const PROMPTS = fileURLToPath(new URL('../../prompts', import.meta.url));

/** The question flow over an answerer that knows one question, counting into fresh metrics. */
function meteredFlow() {
  const tickets = new SqliteTicketStore(':memory:');
  onTestFinished(() => tickets.dispose());
  // No reload happens here; the metrics only ask the knowledge base for the last one.
  const metrics = new BotMetrics({ tickets, knowledge: { lastReload: undefined } as KnowledgeBase });
  const flow = new MeteredQuestionFlow(
    {
      answerer: listedAnswerer(new Set([KNOWN]), '最长3年。').answerer,
      tickets,
      templates: loadTemplates(PROMPTS),
      clock: fixedClock(new Date('2025-09-03T02:00:00Z')),
      ids: randomIds,
      log: silentLogger(),
    },
    metrics,
  );
  return { flow, scrape: async () => (await metrics.render()).body };
}

describe('the metered question flow', () => {
  it('counts an answered question on its channel, and a question from the command line as cli', async () => {
    const { flow, scrape } = meteredFlow();
    expect((await flow.ask({ text: KNOWN, userId: 'u1', channel: 'wecom' })).output.escalated).toBe(false);
    await flow.ask({ text: KNOWN });
    const body = await scrape();
    expect(body).toContain('onboarding_questions_total{channel="wecom",outcome="answered"} 1');
    expect(body).toContain('onboarding_questions_total{channel="cli",outcome="answered"} 1');
  });

  it('counts an escalated question with its reason, once the ticket it names is stored', async () => {
    const { flow, scrape } = meteredFlow();
    const { output, ticket } = await flow.ask({ text: '我的人事档案寄到了吗？', userId: 'u2', channel: 'qq' });
    expect(ticket?.id).toBe(output.ticketId);
    const body = await scrape();
    expect(body).toContain('onboarding_questions_total{channel="qq",outcome="escalated"} 1');
    expect(body).toContain(`onboarding_escalations_total{reason="${output.reason}"} 1`);
    expect(body).toContain('onboarding_open_tickets 1');
  });
});
