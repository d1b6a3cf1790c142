import { randomUUID } from 'node:crypto';
import type { MessageHandler } from '../../core/ports.js';
import type { AskOutput } from '../../core/types.js';

/** A source as the chat page shows it: the `ask` fields plus what a link needs. */
export interface ChatSource {
  path: string;
  title: string;
  score: number;
  heading?: string;
  url?: string;
  updated?: string;
}

/** One `ask` output line, with sources carrying their URL for the page's links. */
export interface ChatAnswer extends Omit<AskOutput, 'sources'> {
  sources: ChatSource[];
  /** How many of `sources` the answer came from; the page names only these. */
  cited?: number;
  /** The answer without its source line, which the page draws as links. */
  answer?: string;
}

export interface WebChatOptions {
  /** The conversation engine the web channel was started with. */
  handler: MessageHandler;
  now?: () => Date;
}

/**
 * Web questions go through the same conversation engine as every chat channel (guards,
 * rate limit, commands, question log, tickets). The page also shows the outcome, which the
 * engine's replies carry beside their text.
 */
export class WebChat {
  private readonly handler: MessageHandler;
  private readonly now: () => Date;

  constructor(options: WebChatOptions) {
    this.handler = options.handler;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Answers one message from visitor `web:<visitor>`. Returns undefined when the engine
   * stays silent (the visitor is flooding).
   */
  async ask(visitor: string, text: string, options: { id?: string; history?: string[] } = {}): Promise<ChatAnswer | undefined> {
    const started = performance.now();
    const id = options.id ?? randomUUID();
    const replies = await this.handler.handle({
      channel: 'web',
      conversationId: visitor,
      userId: visitor,
      text,
      isGroup: false,
      mentionsBot: true,
      at: this.now(),
      kind: 'text',
      // Visitors name themselves (a browser id), so none may act as staff here; staff sign in to the console.
      selfNamed: true,
      ...(options.history ? { history: options.history } : {}),
    });
    if (replies.length === 0) return undefined;
    const reply = replies.map((r) => r.text).join('\n\n');
    const ms = Math.round(performance.now() - started);
    const answered = replies.find((r) => r.basis);
    const basis = answered?.basis;
    if (!basis) return { id, reply, escalated: false, reason: null, confidence: 0, sources: [], ms };
    return {
      id,
      reply,
      escalated: basis.escalated,
      reason: basis.reason,
      confidence: basis.confidence,
      sources: basis.sources.map((s) => ({
        path: s.path,
        title: s.title,
        score: Math.round(s.score * 1000) / 1000,
        ...(s.heading ? { heading: s.heading } : {}),
        ...(s.url ? { url: s.url } : {}),
        ...(s.updated ? { updated: s.updated } : {}),
      })),
      ms,
      ...(answered.ticketId ? { ticketId: answered.ticketId } : {}),
      ...(basis.cited !== undefined ? { cited: basis.cited } : {}),
      // A repeated question gets the "still open" text, not the answer; only a fresh answer has its own text.
      ...(basis.answer !== undefined && !basis.escalated ? { answer: basis.answer } : {}),
    };
  }
}
