import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage } from '@langchain/core/messages';
import type { Logger } from '../logging/logger.js';
import type { LlmPrompts, Templates } from '../prompts/templates.js';
import type { Suggestion } from './suggested-reply.js';
import type { Ticket } from './ticket-store.js';

export interface ReplyPolisherOptions {
  model: BaseChatModel;
  prompts: LlmPrompts;
  templates: Templates;
  log: Logger;
  /** Polished replies kept, newest last, so reopening the console does not ask the model again. */
  maxCached?: number;
}

// Tags that fence data in the prompt; stripped from data so a question cannot close its fence.
const FENCE_TAGS = /<\/?\s*(?:question|draft)\b[^>]*>/gi;
const FENCE_TAG = new RegExp(FENCE_TAGS.source, 'i');
const MAX_CHARS = 600;

/**
 * Rewords a suggested reply with the configured language model, for the secretary to edit.
 * Any failure, stall or odd output keeps the offline suggestion: the desk never waits on it.
 */
export class ReplyPolisher {
  private readonly cache = new Map<string, Suggestion>();

  constructor(private readonly options: ReplyPolisherOptions) {}

  async polish(ticket: Ticket, suggestion: Suggestion): Promise<Suggestion> {
    const key = `${ticket.id}\n${suggestion.sentences}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { model, prompts, templates, log } = this.options;
    try {
      const prompt = prompts.render('llm-polish', {
        question: ticket.question.replace(FENCE_TAGS, ''),
        draft: suggestion.sentences.replace(FENCE_TAGS, ''),
        sources: suggestion.sources.join('、'),
      });
      // One message, without the answering system prompt: that one asks for JSON, this asks for prose.
      const result = await model.invoke([new HumanMessage(prompt)]);
      const text = (typeof result.content === 'string' ? result.content : '').trim();
      if (!text || text.length > MAX_CHARS || text.startsWith('{') || FENCE_TAG.test(text)) {
        log.warn({ ticketId: ticket.id, chars: text.length }, 'the model gave no usable polished reply; the offline suggestion stays');
        return suggestion;
      }
      const polished = { ...suggestion, sentences: text, polished: true, text: templates.render('suggested-reply', { answer: text, sources: suggestion.sources.join('、') }) };
      this.cache.set(key, polished);
      for (const old of this.cache.keys()) {
        if (this.cache.size <= (this.options.maxCached ?? 500)) break;
        this.cache.delete(old);
      }
      return polished;
    } catch (err) {
      log.warn({ err, ticketId: ticket.id }, 'polishing the suggested reply failed; the offline suggestion stays');
      return suggestion;
    }
  }
}
