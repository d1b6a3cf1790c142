import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiStub, userPromptOf, type ChatRequest } from '../answer/openai-stub.js';
import { Client, SECRETARY_PASSWORD, startWebFixture, type WebFixture } from '../channels/web/web-fixture.js';

const isPolish = (r: ChatRequest) => userPromptOf(r).includes('<draft>');

describe('the suggested reply, polished by the configured language model', () => {
  let stub: OpenAiStub;
  let fx: WebFixture;
  let sec: Client;
  let ticketId: string;
  beforeAll(async () => {
    stub = await OpenAiStub.start();
    // The answering calls fail, so questions go the offline way; only polishing gets a reply.
    stub.script = (r) => (isPolish(r) ? { content: '您好！集中报到的时间和地点如下，请按时前来。' } : { status: 500 });
    fx = await startWebFixture({}, { llm: { baseUrl: stub.baseUrl, model: 'stub-chat', timeoutMs: 2000 } });
    const asked = await new Client(fx.server.url).post('/api/chat', { user: 'visitor-polish-0123456789', text: '集中报道能不能周末去办' });
    ticketId = asked.data.ticketId;
    sec = new Client(fx.server.url);
    await sec.login('secretary', SECRETARY_PASSWORD);
  });
  afterAll(async () => {
    await fx?.close();
    await stub?.close();
  });

  it('rewords the candidate sentences, keeps the sources line, and asks the model once per ticket', async () => {
    const list = (await sec.get('/api/tickets')).data;
    expect(list.polish).toBe(true);
    const offline = list.tickets.find((t: { id: string }) => t.id === ticketId).suggestion;
    const res = await sec.post(`/api/tickets/${ticketId}/suggestion`);
    expect(res.data.suggestion.polished).toBe(true);
    expect(res.data.suggestion.text).toMatch(/^您好！集中报到的时间和地点如下，请按时前来。\n（依据：《/);
    expect(res.data.suggestion.sources).toEqual(offline.sources);
    const prompt = userPromptOf(stub.chats.find(isPolish)!);
    expect(prompt).toContain('集中报道能不能周末去办');
    expect(prompt).toContain(fx.app.tickets.get(ticketId)!.draft!);
    await sec.post(`/api/tickets/${ticketId}/suggestion`);
    expect(stub.chats.filter(isPolish)).toHaveLength(1);
  });

  it('keeps the offline suggestion when the model fails or answers with something odd', async () => {
    const other = (await new Client(fx.server.url).post('/api/chat', { user: 'visitor-polish-2-0123456789', text: '集中报道能不能周末去办' })).data;
    expect(other.escalated).toBe(true);
    stub.script = (r) => (isPolish(r) ? { content: '{"answer": "x"}' } : { status: 500 });
    const odd = await sec.post(`/api/tickets/${other.ticketId}/suggestion`);
    expect(odd.status).toBe(200);
    expect(odd.data.suggestion.polished).toBe(false);
    stub.script = () => ({ status: 503 });
    const failed = await sec.post(`/api/tickets/${other.ticketId}/suggestion`);
    expect(failed.data.suggestion).toMatchObject({ polished: false, text: odd.data.suggestion.text });
  });
});
