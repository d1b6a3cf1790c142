import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { AskInput, AskOutput, EscalationReason, Outcome, Source } from '../core/types.js';
import type { Answerer } from '../answer/answerer.js';
import { TicketIdTaken } from '../core/errors.js';
import type { NewTicket, Ticket, TicketStore } from '../escalation/ticket-store.js';
import type { TemplateName, Templates } from '../prompts/templates.js';
import type { Logger } from '../logging/logger.js';
import { formatSources } from '../answer/format-sources.js';
import { EVEN_ODDS } from '../answer/stages.js';

const ESCALATION_TEMPLATES: Record<EscalationReason, TemplateName> = {
  low_confidence: 'escalate-low-confidence',
  no_match: 'escalate-no-match',
  human_request: 'escalate-human-request',
  personal_case: 'escalate-personal-case',
  complaint: 'escalate-complaint',
};

export interface FlowResult {
  output: AskOutput;
  outcome: Outcome;
  /** The ticket, when the question was escalated (new or the asker's open one). */
  ticket?: Ticket;
  /** True when the asker already had an open ticket for this question. */
  repeated: boolean;
}

export interface QuestionFlowOptions {
  answerer: Answerer;
  tickets: TicketStore;
  templates: Templates;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  /** Extra words for escalation replies, e.g. when the office is closed. */
  officeHoursNote?: (at: Date) => string;
  /** Called after a new ticket is stored (queueing the secretaries' notice); awaited before the reply. */
  onTicket?: (ticket: Ticket) => Promise<void> | void;
}

/**
 * One question in, one reply out: the pipeline shared by `ask` and every chat channel.
 * A ticket is stored before the reply that names it is returned.
 */
export class QuestionFlow {
  constructor(private readonly options: QuestionFlowOptions) {}

  /** `isGroup` tells the relay to mention the asker in the group the question came from. */
  async ask(input: AskInput & { isGroup?: boolean }): Promise<FlowResult> {
    const started = performance.now();
    const { answerer, tickets, templates, clock } = this.options;
    const history = input.history ?? [];
    const decision = await answerer.answer({ text: input.text, history });
    const id = input.id ?? '';
    const shortSources = (sources: Source[]) => sources.map((s) => ({ path: s.path, title: s.title, score: round(s.score) }));

    if (decision.kind === 'answer') {
      const named = decision.sources.slice(0, decision.cited ?? decision.sources.length);
      const reply = templates.render('answer', { answer: decision.text, sources: formatSources(named) });
      return {
        outcome: decision,
        repeated: false,
        output: {
          id, reply, escalated: false, reason: null, confidence: round(decision.confidence),
          sources: shortSources(decision.sources), ms: Math.round(performance.now() - started),
        },
      };
    }

    const channel = input.channel ?? 'cli';
    const askerId = `${channel}:${input.userId ?? 'anonymous'}`;
    let ticket = tickets.findOpen(askerId, input.text);
    const repeated = ticket !== undefined;
    if (!ticket) {
      ticket = await this.createTicket(
        {
          reason: decision.reason,
          channel,
          conversationId: input.conversationId ?? input.userId ?? 'anonymous',
          askerId,
          askerName: input.userName,
          isGroup: input.isGroup ?? false,
          question: input.text,
          history,
          candidates: decision.candidates,
          // A draft more likely wrong than right is not kept: the console would fill the answer box
          // with it ("选课怎么退" got a sentence about checking materials, at 0.06). The related
          // documents still show the secretary where to look.
          draft: decision.confidence >= EVEN_ODDS ? decision.draft : undefined,
        },
        clock.now(),
      );
      this.options.log.info({ ticketId: ticket.id, reason: decision.reason }, 'ticket opened');
      await this.options.onTicket?.(ticket);
    }
    const reply = templates.render(ESCALATION_TEMPLATES[decision.reason], {
      ticket: ticket.id,
      office_hours_note: this.options.officeHoursNote?.(clock.now()) ?? '',
    });
    return {
      outcome: { kind: 'escalate', reason: decision.reason, ticketId: ticket.id, confidence: decision.confidence, candidates: decision.candidates, draft: decision.draft },
      ticket,
      repeated,
      output: {
        id, reply, escalated: true, reason: decision.reason, confidence: round(decision.confidence),
        sources: shortSources(decision.candidates), ms: Math.round(performance.now() - started), ticketId: ticket.id,
      },
    };
  }

  /** Stores the ticket under a fresh id, drawing again when the id is taken. */
  private async createTicket(ticket: Omit<NewTicket, 'id'>, at: Date): Promise<Ticket> {
    for (let draw = 1; ; draw++) {
      try {
        return await this.options.tickets.create({ ...ticket, id: this.options.ids.ticketId() }, at);
      } catch (err) {
        if (!(err instanceof TicketIdTaken) || draw >= ID_DRAWS) throw err;
        this.options.log.warn({ draw }, 'ticket id taken; drawing another');
      }
    }
  }
}

// Ids are five characters of 31 (28.6 million), so a busy office meets a taken one within a few
// thousand tickets; another draw is all it takes, and five in a row never all collide.
const ID_DRAWS = 5;

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
