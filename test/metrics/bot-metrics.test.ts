import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/channels/web/web-server.js';
import type { AskOutput } from '../../src/core/types.js';
import type { TicketStore } from '../../src/escalation/ticket-store.js';
import type { KnowledgeBase, ReloadReport } from '../../src/knowledge/knowledge-base.js';
import { BotMetrics } from '../../src/metrics/bot-metrics.js';
import { Client, startWebFixture, type WebFixture } from '../channels/web/web-fixture.js';

const TOKEN = 'metrics-token-0123456789';

/** What the metrics read when scraped: the counts a ticket store and a knowledge base would give, set by each test. */
function sources() {
  const state = { open: 0, unnotified: 0, unrelayed: 0, lastReload: undefined as { at: Date; report: ReloadReport } | undefined };
  const tickets = {
    countOpen: () => state.open,
    listUnnotified: () => Array.from({ length: state.unnotified }),
    listUnrelayed: () => Array.from({ length: state.unrelayed }),
  } as unknown as TicketStore;
  const knowledge = {
    get lastReload() {
      return state.lastReload;
    },
  } as unknown as KnowledgeBase;
  return { state, metrics: new BotMetrics({ tickets, knowledge }) };
}

const output = (escalated: boolean, ms: number, reason: AskOutput['reason'] = null): AskOutput => ({
  id: '', reply: '…', escalated, reason, confidence: 0.5, sources: [], ms,
});

const REPORT = { ok: true, reused: false, added: [], changed: [], removed: [], documents: 41, chunks: 612, warnings: [], skipped: [], unsupported: [], seconds: 2 };

describe('the bot\'s metrics', () => {
  it('count each question by channel and outcome, each escalation by reason, and the time it took', async () => {
    const { metrics } = sources();
    metrics.questionHandled('qq', output(false, 30));
    metrics.questionHandled('qq', output(false, 80));
    metrics.questionHandled('wechat', output(true, 1_500, 'human_request'));
    const { body } = await metrics.render();
    expect(body).toContain('onboarding_questions_total{channel="qq",outcome="answered"} 2');
    expect(body).toContain('onboarding_questions_total{channel="wechat",outcome="escalated"} 1');
    expect(body).toContain('onboarding_escalations_total{reason="human_request"} 1');
    expect(body).toContain('onboarding_answer_duration_seconds_bucket{le="0.05",outcome="answered"} 1');
    expect(body).toContain('onboarding_answer_duration_seconds_bucket{le="0.1",outcome="answered"} 2');
    expect(body).toContain('onboarding_answer_duration_seconds_sum{outcome="escalated"} 1.5');
  });

  it('read open tickets, undelivered messages and the last reload when scraped, not when made', async () => {
    const { state, metrics } = sources();
    Object.assign(state, { open: 3, unnotified: 1, unrelayed: 2, lastReload: { at: new Date('2025-09-01T08:00:00Z'), report: { ...REPORT, ok: false } } });
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('onboarding_open_tickets 3');
    expect(body).toContain('onboarding_outbox_pending{kind="notice"} 1');
    expect(body).toContain('onboarding_outbox_pending{kind="relay"} 2');
    expect(body).toContain('onboarding_knowledge_last_reload_success 0');
    expect(body).toContain(`onboarding_knowledge_last_reload_timestamp_seconds ${Date.parse('2025-09-01T08:00:00Z') / 1000}`);
    expect(body).toContain('onboarding_knowledge_chunks 612');
  });

  it('keep each app\'s counts apart when several run in one process', async () => {
    const [first, second] = [sources().metrics, sources().metrics];
    first.questionHandled('web', output(false, 10));
    expect((await first.render()).body).toContain('onboarding_questions_total{channel="web",outcome="answered"} 1');
    expect((await second.render()).body).not.toContain('onboarding_questions_total{');
  });
});

describe('/metrics', () => {
  let fx: WebFixture;
  let server: WebServer;
  beforeAll(async () => {
    fx = await startWebFixture();
    server = await startWebServer(fx.app, { host: '127.0.0.1', port: 0, metricsToken: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
    await fx?.close();
  });

  it('does not exist without a token in the settings', async () => {
    expect((await fetch(`${fx.server.url}/metrics`)).status).toBe(404);
  });

  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  it('counts questions, escalations, latency, open tickets and the last reload, in Prometheus format', async () => {
    const visitor = new Client(server.url);
    expect((await visitor.post('/api/chat', { user: 'metrics-visitor-01', text: '报到需要带哪些材料？' })).data.escalated).toBe(false);
    const escalated = (await visitor.post('/api/chat', { user: 'metrics-visitor-01', text: '我要找人工' })).data;
    expect(escalated.escalated).toBe(true);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('onboarding_questions_total{channel="web",outcome="answered"} 1');
    expect(text).toContain('onboarding_questions_total{channel="web",outcome="escalated"} 1');
    expect(text).toContain(`onboarding_escalations_total{reason="${escalated.reason}"} 1`);
    expect(text).toMatch(/onboarding_answer_duration_seconds_count\{outcome="answered"\} 1/);
    expect(text).toMatch(/onboarding_open_tickets \d+/);
    expect(text).toMatch(/onboarding_outbox_pending\{kind="relay"\} 0/);
    expect(text).toContain('onboarding_knowledge_last_reload_success 1');
    expect(text).toMatch(/onboarding_knowledge_last_reload_timestamp_seconds \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
    // The questions' words never reach the metrics.
    expect(text).not.toContain('人工');
  });
});
