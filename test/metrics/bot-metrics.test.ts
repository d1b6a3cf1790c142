import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/channels/web/web-server.js';
import { Client, startWebFixture, type WebFixture } from '../channels/web/web-fixture.js';

const TOKEN = 'metrics-token-0123456789';

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
