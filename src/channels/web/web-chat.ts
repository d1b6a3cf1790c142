import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app.js';
import { Bot } from '../../bot/bot.js';
import type { FlowResult, QuestionFlow } from '../../bot/question-flow.js';
import { describeReload } from '../../bot/reload-report.js';
import type { AskOutput, Source } from '../../core/types.js';

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
}

interface Pending {
  history?: string[];
  result?: FlowResult;
}

/**
 * Web questions go through the same conversation engine as every chat channel (guards,
 * rate limit, commands, question log, tickets). The engine replies with text only, while
 * the page also wants the structured outcome, so the web gets its own `Bot` over a view of
 * the shared flow that remembers the result of the request in hand.
 */
export class WebChat {
  private readonly bot: Bot;
  private readonly pending = new AsyncLocalStorage<Pending>();

  constructor(private readonly app: App) {
    const pending = this.pending;
    // Same object underneath (same answerer, tickets, notices); only `ask` is observed.
    const flow = Object.create(app.flow) as QuestionFlow;
    flow.ask = async (input) => {
      const request = pending.getStore();
      const result = await app.flow.ask(request?.history ? { ...input, history: request.history } : input);
      if (request) request.result = result;
      return result;
    };
    const { config, templates } = app;
    this.bot = new Bot({
      flow,
      desk: app.desk,
      questions: app.questions,
      tickets: app.tickets,
      templates,
      clock: app.clock,
      log: app.log.child({ module: 'bot', channel: 'web' }),
      settings: config.bot,
      // Visitors name themselves (a browser id), so none may act as staff here; staff sign in to the console.
      admins: [],
      secretaries: [],
      // A web page shows any length; one reply keeps the answer and its sources together.
      limitFor: () => Number.MAX_SAFE_INTEGER,
      reload: async () => describeReload(templates, await app.reload()),
    });
  }

  /**
   * Answers one message from visitor `web:<visitor>`. Returns undefined when the engine
   * stays silent (the visitor is flooding).
   */
  async ask(visitor: string, text: string, options: { id?: string; history?: string[] } = {}): Promise<ChatAnswer | undefined> {
    const started = performance.now();
    const id = options.id ?? randomUUID();
    const request: Pending = { history: options.history };
    const replies = await this.pending.run(request, () =>
      this.bot.handle({
        channel: 'web',
        conversationId: visitor,
        userId: visitor,
        text,
        isGroup: false,
        mentionsBot: true,
        at: this.app.clock.now(),
        kind: 'text',
      }),
    );
    if (replies.length === 0) return undefined;
    const reply = replies.map((r) => r.text).join('\n\n');
    const ms = Math.round(performance.now() - started);
    const result = request.result;
    if (!result) return { id, reply, escalated: false, reason: null, confidence: 0, sources: [], ms };
    const { output, outcome } = result;
    const full: Source[] = outcome.kind === 'answer' ? outcome.sources : outcome.candidates;
    return {
      ...output,
      id,
      reply,
      ms,
      sources: full.map((s) => ({
        path: s.path,
        title: s.title,
        score: Math.round(s.score * 1000) / 1000,
        ...(s.heading ? { heading: s.heading } : {}),
        ...(s.url ? { url: s.url } : {}),
        ...(s.updated ? { updated: s.updated } : {}),
      })),
    };
  }
}
