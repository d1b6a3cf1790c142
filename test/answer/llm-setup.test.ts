import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AnswerModel } from '../../src/answer/answer-model.js';
import type { Decision } from '../../src/answer/answerer.js';
import { LlmAnswerer } from '../../src/answer/llm-answerer.js';
import { createChatModel, withLanguageModel } from '../../src/answer/llm-setup.js';
import { DEFAULT_MODEL_FILE } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { systemClock } from '../../src/core/clock.js';
import type { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { CapturedLog, PROMPTS_DIR } from './llm-fixture.js';
import { OpenAiStub } from './openai-stub.js';
import { CHECKIN, smallIndex } from './small-index.js';

const llmConfig = (llm: ConfigInput['llm']) => loadConfig({ env: {}, overrides: { llm } }).llm;

let stub: OpenAiStub;
beforeAll(async () => {
  stub = await OpenAiStub.start();
});
afterAll(() => stub?.close());

describe('choosing the answerer at start', () => {
  const intents = AnswerModel.read(DEFAULT_MODEL_FILE).intents;
  let retriever: HybridRetriever;
  beforeAll(async () => {
    ({ retriever } = await smallIndex({ 'checkin.md': CHECKIN }));
  });
  const offline = () => ({ retriever, intents, answer: async (): Promise<Decision> => ({ kind: 'escalate', reason: 'no_match', confidence: 0, candidates: [] }) });
  const setup = (llm: ConfigInput['llm'], log = new CapturedLog(), promptsDir = PROMPTS_DIR) => ({
    config: llmConfig(llm), topK: 4, promptsDir, log: log.logger, clock: systemClock,
  });

  it('answers offline without a language model, and says so when an address comes without a model name', async () => {
    const answerer = offline();
    const log = new CapturedLog();
    expect(await withLanguageModel(answerer, setup({}, log))).toBe(answerer);
    expect(log.lines).toEqual([]);
    expect(await withLanguageModel(answerer, setup({ baseUrl: stub.baseUrl }, log))).toBe(answerer);
    expect(log.count(/LLM_BASE_URL is set but LLM_MODEL is empty/)).toBe(1);
  });

  it('puts the language model in front of the offline answerer when both are set, logging the address without its password', async () => {
    const log = new CapturedLog();
    const withPassword = stub.baseUrl.replace('http://', 'http://hr:hunter2@');
    const answerer = await withLanguageModel(offline(), setup({ baseUrl: withPassword, model: 'stub-model' }, log));
    expect(answerer).toBeInstanceOf(LlmAnswerer);
    expect(log.lines.find((l) => /answering with a language model/.test(l.msg ?? ''))).toMatchObject({ model: 'stub-model', baseUrl: stub.baseUrl });
    expect(log.text).not.toContain('hunter2');
  });

  it('fails at start, naming the file, when a prompt lacks a placeholder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onboarding-prompts-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await cp(PROMPTS_DIR, dir, { recursive: true });
    await writeFile(join(dir, 'llm-answer.txt'), '资料：\n{{question}}');
    await expect(withLanguageModel(offline(), setup({ baseUrl: stub.baseUrl, model: 'stub-model' }, undefined, dir))).rejects.toThrow(
      /llm-answer\.txt lacks \{\{passages\}\}/,
    );
  });
});

describe('the chat model', () => {
  it('asks the configured address for the configured model, and tries a failed call only once', async () => {
    stub.chats.length = 0;
    const model = await createChatModel(llmConfig({ baseUrl: stub.baseUrl, model: 'stub-model', timeoutMs: 5000 }));
    stub.script = () => ({ content: '你好' });
    expect((await model.invoke('报到在哪里')).text).toBe('你好');
    expect(stub.chats[0]).toMatchObject({ model: 'stub-model', messages: [{ role: 'user', content: '报到在哪里' }] });
    stub.script = () => ({ status: 503 });
    await expect(model.invoke('报到在哪里')).rejects.toThrow();
    expect(stub.chats).toHaveLength(2);
  });
});
