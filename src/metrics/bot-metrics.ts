import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AskOutput } from '../core/types.js';
import type { TicketStore } from '../escalation/ticket-store.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

export interface BotMetricsSources {
  tickets: TicketStore;
  knowledge: KnowledgeBase;
}

/**
 * What `/metrics` reports, in Prometheus format: questions, escalations and answer latency as
 * they happen; open tickets, undelivered notices and relays, and the last reload read when
 * scraped. One registry per app, so several apps in one process (tests) do not collide.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly questions: Counter<'channel' | 'outcome'>;
  private readonly escalations: Counter<'reason'>;
  private readonly latency: Histogram<'outcome'>;

  constructor({ tickets, knowledge }: BotMetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.questions = new Counter({ name: 'onboarding_questions_total', help: 'Questions handled, by channel and outcome', labelNames: ['channel', 'outcome'], registers });
    this.escalations = new Counter({ name: 'onboarding_escalations_total', help: 'Questions handed to the HR secretary, by reason', labelNames: ['reason'], registers });
    this.latency = new Histogram({
      name: 'onboarding_answer_duration_seconds',
      help: 'Time from question to reply inside the bot (tickets stored included)',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    });
    new Gauge({
      name: 'onboarding_open_tickets',
      help: 'Tickets waiting for a secretary',
      registers,
      collect() {
        this.set(tickets.countOpen());
      },
    });
    new Gauge({
      name: 'onboarding_outbox_pending',
      help: 'Messages the bot owes but has not delivered: notices to secretaries, answers to askers',
      labelNames: ['kind'],
      registers,
      collect() {
        this.set({ kind: 'notice' }, tickets.listUnnotified().length);
        this.set({ kind: 'relay' }, tickets.listUnrelayed().length);
      },
    });
    new Gauge({
      name: 'onboarding_knowledge_last_reload_timestamp_seconds',
      help: 'When the knowledge base was last loaded or reloaded',
      registers,
      collect() {
        const last = knowledge.lastReload;
        if (last) this.set(last.at.getTime() / 1000);
      },
    });
    new Gauge({
      name: 'onboarding_knowledge_last_reload_success',
      help: '1 when the last load or reload succeeded, 0 when it failed and the previous index kept serving',
      registers,
      collect() {
        const last = knowledge.lastReload;
        if (last) this.set(last.report.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'onboarding_knowledge_chunks',
      help: 'Chunks in the serving index',
      registers,
      collect() {
        const last = knowledge.lastReload;
        if (last) this.set(last.report.chunks);
      },
    });
  }

  /** One question answered or escalated on a channel. */
  questionHandled(channel: string, output: AskOutput): void {
    const outcome = output.escalated ? 'escalated' : 'answered';
    this.questions.inc({ channel, outcome });
    if (output.reason) this.escalations.inc({ reason: output.reason });
    this.latency.observe({ outcome }, output.ms / 1000);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
