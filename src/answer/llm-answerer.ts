import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { systemClock, type Clock } from '../core/clock.js';
import type { EscalationReason } from '../core/types.js';
import type { Logger } from '../logging/logger.js';
import type { LlmPrompts } from '../prompts/templates.js';
import type { HybridRetriever, Passage } from '../retrieval/hybrid-retriever.js';
import type { Answerer, Decision, Question } from './answerer.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { comparable } from './comparable-text.js';
import { dedupeSources, sourceOf } from './format-sources.js';
import type { IntentClassifier } from './intent-classifier.js';
import { LlmOutputError, parseLlmResult, parseRewrite } from './llm-output.js';

export interface LlmAnswererOptions {
  /** The offline answerer: answers whenever the model cannot. */
  fallback: Answerer;
  /** The learned intent step the offline answerer uses too: requests for a person never reach the model. */
  intents: IntentClassifier;
  /** The retriever the offline answerer uses, so both read the same snapshot the same way. */
  retriever: HybridRetriever;
  model: BaseChatModel;
  prompts: LlmPrompts;
  topK: number;
  /** Characters of passage text sent to the model. */
  maxContextChars: number;
  /** Per model call; a call past it counts as a failure. */
  timeoutMs: number;
  breaker?: CircuitBreaker;
  log: Logger;
  clock?: Clock;
}

// Chat models give no calibrated probability; an answer that survived the citation checks
// is reported with this fixed confidence so `ask` output and eval stay comparable.
const GROUNDED_CONFIDENCE = 0.8;

// Tags that fence data in the prompts; stripped from data so a document cannot close its fence.
const FENCE_TAGS = /<\/?\s*(?:passage|question|history)\b[^>]*>/gi;

// Signs that the model followed an instruction hidden in the data instead of answering.
const OBEYED_INJECTION = [
  /系统提示|提示词|system\s*prompt/i,
  /忽略(?:之前|以上|前面|上述|所有|你的).{0,6}(?:指令|规则|提示|设定)|ignore\s+(?:all\s+)?(?:previous|prior|above|your)/i,
  /<\/?passage|"citations"\s*:/,
  // A bot command in an answer: replies are never executed, but an HR answer has no reason to name one.
  /(?<![\w/.:-])\/[a-z]{3,}\b/i,
];

// A run of this many characters shared with the system prompt means the prompt is being quoted.
const LEAK_WINDOW = 16;

/** A run of failures between two successes: logged once when it starts and once when it ends. */
interface Incident {
  kind: string;
  since: Date;
  failures: number;
  breakerLogged: boolean;
}

/**
 * Answers with a chat model, grounded in the retrieved passages, and falls back to the
 * offline answerer whenever the model fails, stalls, misbehaves or the breaker is open.
 * The model's text reaches the user only with valid citations and the passages' own sources.
 */
export class LlmAnswerer implements Answerer {
  private readonly breaker: CircuitBreaker;
  private readonly clock: Clock;
  private readonly systemPrompt: string;
  private readonly leakProbes: string[];
  private incident: Incident | undefined;

  constructor(private readonly options: LlmAnswererOptions) {
    this.clock = options.clock ?? systemClock;
    this.breaker = options.breaker ?? new CircuitBreaker({ clock: this.clock });
    this.systemPrompt = options.prompts.render('llm-system', {});
    this.leakProbes = windows(comparable(this.systemPrompt), LEAK_WINDOW);
  }

  async answer(question: Question): Promise<Decision> {
    // About the asker, not the documents: the intent step is final for these, as offline.
    const intent = this.options.intents.detect(question.text);
    if (intent) {
      const passages = await this.options.retriever.search({ text: question.text, context: question.history.slice(-1) }, 3);
      return { kind: 'escalate', reason: intent, confidence: 0, candidates: dedupeSources(passages.map((p) => sourceOf(p.chunk, p.score))) };
    }
    if (!this.breaker.tryAcquire()) return this.options.fallback.answer(question);
    try {
      const decision = await this.grounded(question);
      this.succeeded();
      return decision;
    } catch (error) {
      this.failed(error);
      return this.options.fallback.answer(question);
    }
  }

  private async grounded(question: Question): Promise<Decision> {
    const standalone = question.history.length > 0 ? await this.rewrite(question) : question.text;
    const passages = this.fit(await this.options.retriever.search({ text: standalone }, this.options.topK));
    const candidates = dedupeSources(passages.slice(0, 3).map((p) => sourceOf(p.chunk, p.score)));
    // A chat model's doubt has no calibrated probability: its escalations report none. A likely
    // request for a person names itself, as offline (`doubtReason`).
    const escalate = (reason: EscalationReason): Decision => ({
      kind: 'escalate',
      reason: this.options.intents.hinted(question.text) ?? reason,
      confidence: 0,
      candidates,
    });
    if (passages.length === 0) return escalate('no_match');

    const prompt = this.options.prompts.render('llm-answer', {
      passages: passages.map((p, i) => fencePassage(p, i + 1)).join('\n\n'),
      question: asData(standalone),
    });
    const result = parseLlmResult(await this.call([new SystemMessage(this.systemPrompt), new HumanMessage(prompt)]));
    const answer = result.answer.trim();
    if (this.misbehaves(answer)) {
      this.options.log.warn('refused a model answer that quoted its instructions or followed ones in the data');
      return this.options.fallback.answer(question);
    }
    if (!result.sufficient || answer === '') return escalate('no_match');
    const cited = [...new Set(result.citations)];
    if (cited.length === 0 || cited.some((n) => passages[n - 1] === undefined)) return escalate('low_confidence');
    const sources = dedupeSources(cited.map((n) => sourceOf(passages[n - 1]!.chunk, passages[n - 1]!.score)));
    return { kind: 'answer', text: answer, sources, confidence: GROUNDED_CONFIDENCE };
  }

  private async rewrite(question: Question): Promise<string> {
    const prompt = this.options.prompts.render('llm-rewrite', {
      history: question.history.map((h, i) => `${i + 1}. ${asData(h).replace(/\s*\n\s*/g, ' ')}`).join('\n'),
      question: asData(question.text),
    });
    return parseRewrite(await this.call([new HumanMessage(prompt)]), question.text);
  }

  private async call(messages: BaseMessage[]): Promise<string> {
    const reply = await this.options.model.invoke(messages, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    return reply.text;
  }

  /** The best passages that fit the context budget; the first one is cut to fit if it must. */
  private fit(passages: Passage[]): Passage[] {
    const budget = this.options.maxContextChars;
    const kept: Passage[] = [];
    let used = 0;
    for (const p of passages) {
      const size = p.chunk.text.length;
      if (kept.length === 0 && size > budget) return [{ ...p, chunk: { ...p.chunk, text: p.chunk.text.slice(0, budget) } }];
      if (used + size > budget) break;
      kept.push(p);
      used += size;
    }
    return kept;
  }

  private misbehaves(answer: string): boolean {
    if (OBEYED_INJECTION.some((re) => re.test(answer))) return true;
    const text = comparable(answer);
    return this.leakProbes.some((probe) => text.includes(probe));
  }

  private succeeded(): void {
    this.breaker.recordSuccess();
    if (!this.incident) return;
    const { kind, since, failures } = this.incident;
    this.incident = undefined;
    const seconds = Math.round((this.clock.now().getTime() - since.getTime()) / 1000);
    this.options.log.info({ kind, failures, seconds }, 'language model answering again');
  }

  /** Logs the first failure of an incident with its cause and fix, and the breaker opening once. */
  private failed(error: unknown): void {
    const opened = this.breaker.recordFailure();
    if (!this.incident) {
      const { kind, hint } = describeFailure(error, this.options.timeoutMs);
      this.incident = { kind, since: this.clock.now(), failures: 0, breakerLogged: false };
      this.options.log.warn({ kind, hint, err: scrubKeys(error instanceof Error ? error.message : String(error)) }, 'language model failed; answering offline until it recovers');
    }
    this.incident.failures += 1;
    if (opened && !this.incident.breakerLogged) {
      this.incident.breakerLogged = true;
      this.options.log.warn({ failures: this.incident.failures }, 'circuit breaker open: pausing calls to the language model');
    }
  }
}

function describeFailure(error: unknown, timeoutMs: number): { kind: string; hint: string } {
  if (error instanceof LlmOutputError) return { kind: 'malformed_output', hint: 'the model did not return the JSON the prompt asks for; try a larger or instruction-tuned model' };
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', hint: `no reply within ${timeoutMs} ms; raise LLM_TIMEOUT_MS or use a faster model` };
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
  if (status === 401 || status === 403) return { kind: `http_${status}`, hint: 'the endpoint refused the key; check LLM_API_KEY' };
  if (status === 404) return { kind: 'http_404', hint: 'model or path not found; check LLM_MODEL and that LLM_BASE_URL ends in /v1' };
  if (status === 429) return { kind: 'http_429', hint: 'rate limited or out of quota' };
  if (status !== undefined && status >= 500) return { kind: `http_${status}`, hint: 'the endpoint has a server error' };
  if (status !== undefined && !Number.isNaN(status)) return { kind: `http_${status}`, hint: 'the endpoint rejected the request' };
  return { kind: 'unreachable', hint: 'cannot reach LLM_BASE_URL; check the address and that the server runs' };
}

// Some servers echo the key they refused; logs never hold one.
function scrubKeys(message: string): string {
  return message.replace(/(sk-|Bearer\s+)[\w.-]{4,}/gi, '$1***');
}

function fencePassage(p: Passage, n: number): string {
  const where = [`《${asData(p.chunk.title)}》`, ...p.chunk.headings.map(asData)].join(' / ');
  return `<passage id="${n}">\n来源：${where}\n${asData(p.chunk.text)}\n</passage>`;
}

function asData(text: string): string {
  return text.replace(FENCE_TAGS, '');
}

function windows(text: string, size: number): string[] {
  const out = new Set<string>();
  for (let i = 0; i + size <= text.length; i += 1) out.add(text.slice(i, i + size));
  return [...out];
}
