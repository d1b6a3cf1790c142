import type { Answerer } from '../../answer/answerer.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { Templates } from '../../prompts/templates.js';

/** A question the empty chat page offers to ask with one tap. */
export interface ChatExample {
  category: string;
  /** The category as people name it (报到, 住房 …). */
  label: string;
  question: string;
}

export interface ChatExamplesOptions {
  knowledge: KnowledgeBase;
  answerer: Answerer;
  templates: Templates;
  /** At most this many, one per category. */
  max?: number;
}

const LINE = /^(\S+)\s+(\S+)\s+(.+)$/;
/** "**问：工作证在哪里领？**" in an FAQ document. */
const FAQ_QUESTION = /问[:：]\s*([^\n*]{4,30}[？?])/g;

/**
 * The examples come from the knowledge base's own categories: for each category that has
 * documents, the first question of `prompts/chat-examples.txt` (then of the category's FAQ
 * lines) that the bot answers from the current index. So a tap never meets an escalation,
 * and a category the office has no documents for is not offered. Worked out once per index.
 */
export class ChatExamples {
  private cached: { index: object; examples: Promise<ChatExample[]> } | undefined;

  constructor(private readonly options: ChatExamplesOptions) {}

  list(): Promise<ChatExample[]> {
    const index = this.options.knowledge.current();
    if (this.cached?.index !== index) this.cached = { index, examples: this.build() };
    return this.cached.examples;
  }

  private async build(): Promise<ChatExample[]> {
    const index = this.options.knowledge.current();
    const present = new Set(index.documents.map((d) => d.category ?? 'general'));
    const catalogue = this.options.templates
      .render('chat-examples', {})
      .split('\n')
      .map((l) => LINE.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ category: m[1]!, label: m[2]!, question: m[3]! }));
    const labels = new Map(catalogue.map((e) => [e.category, e.label]));
    const fromDocuments = index.chunks.flatMap((c) =>
      [...c.text.matchAll(FAQ_QUESTION)].map((m) => ({ category: c.category ?? 'general', label: labels.get(c.category ?? 'general') ?? '', question: m[1]! })),
    );
    const out: ChatExample[] = [];
    for (const category of [...labels.keys(), ...present]) {
      if (!present.has(category) || out.some((e) => e.category === category)) continue;
      for (const example of [...catalogue, ...fromDocuments].filter((e) => e.category === category && e.label)) {
        const decision = await this.options.answerer.answer({ text: example.question, history: [] });
        if (decision.kind === 'answer') {
          out.push(example);
          break;
        }
      }
      if (out.length >= (this.options.max ?? 6)) break;
    }
    return out;
  }
}
