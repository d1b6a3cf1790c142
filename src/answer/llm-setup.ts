import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../logging/logger.js';
import { loadLlmPrompts } from '../prompts/templates.js';
import type { HybridRetriever } from '../retrieval/hybrid-retriever.js';
import type { Answerer } from './answerer.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { IntentClassifier } from './intent-classifier.js';
import { LlmAnswerer } from './llm-answerer.js';

export interface LanguageModelSetup {
  config: Config['llm'];
  topK: number;
  promptsDir: string;
  log: Logger;
  clock: Clock;
  /** Replaces the OpenAI-compatible model (tests). */
  model?: BaseChatModel;
}

/**
 * The offline answerer alone, or wrapped in an `LlmAnswerer` when `llm.baseUrl` and
 * `llm.model` are set. The LLM prompts are loaded and checked here, so a broken prompt
 * file fails at start.
 */
export async function withLanguageModel(
  offline: Answerer & { readonly retriever: HybridRetriever; readonly intents: IntentClassifier },
  setup: LanguageModelSetup,
): Promise<Answerer> {
  const { config, log } = setup;
  if (!config.baseUrl || !config.model) {
    if (config.baseUrl) log.warn('LLM_BASE_URL is set but LLM_MODEL is empty; set LLM_MODEL (e.g. deepseek-chat) to answer with the model. Answering offline.');
    return offline;
  }
  const prompts = loadLlmPrompts(setup.promptsDir);
  log.info({ model: config.model, baseUrl: withoutCredentials(config.baseUrl) }, 'answering with a language model; offline answers are the fallback');
  return new LlmAnswerer({
    fallback: offline,
    intents: offline.intents,
    retriever: offline.retriever,
    model: setup.model ?? (await createChatModel(config)),
    prompts,
    topK: setup.topK,
    maxContextChars: config.maxContextChars,
    timeoutMs: config.timeoutMs,
    breaker: new CircuitBreaker({ clock: setup.clock }),
    log,
    clock: setup.clock,
  });
}

/**
 * An OpenAI-compatible chat model. The chat-completions flavour of ChatOpenAI, because it is
 * the one API that DeepSeek, DashScope, Ollama and vLLM all serve; retries are off since a
 * failed call falls back to the offline answer at once. The client library is loaded only
 * here: it costs about 40 MB of memory that an offline bot does not need.
 */
export async function createChatModel(config: Config['llm']): Promise<BaseChatModel> {
  const { ChatOpenAICompletions } = await import('@langchain/openai');
  return new ChatOpenAICompletions({
    model: config.model,
    // Local servers (Ollama, vLLM) take no key, but the client insists on one.
    apiKey: config.apiKey || 'not-needed',
    temperature: config.temperature,
    timeout: config.timeoutMs,
    maxRetries: 0,
    configuration: { baseURL: config.baseUrl },
  });
}

function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}
