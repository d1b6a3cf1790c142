import type { Clock } from '../core/clock.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import { writeFaq } from './faq-writer.js';
import type { OfficeHours } from './office-hours.js';
import type { DeliveryReport, Outbox } from './outbox.js';
import type { Relays } from './relays.js';
import { canSuggest, suggestReply, type DocumentText } from './suggested-reply.js';
import type { TicketCommand } from './ticket-command.js';
import { describeAsker, type Actor, type Ticket, type TicketStore } from './ticket-store.js';

/** What became of a ticket command, and the confirmation for the secretary. */
export interface DeskResult {
  /** `done` when this command answered or closed the ticket; `claimed` when another secretary has it. */
  outcome: 'done' | 'not_found' | 'not_open' | 'claimed' | 'answer_missing';
  message: string;
  ticket?: Ticket;
}

export interface TicketActionsOptions {
  tickets: TicketStore;
  outbox: Outbox;
  relays: Relays;
  templates: Templates;
  officeHours: OfficeHours;
  clock: Clock;
  log: Logger;
  knowledgeDir: string;
  /** How long a secretary's confirmation waits for the platform to acknowledge the relay. */
  confirmWaitMs?: number;
  /** Reloads the knowledge base and describes the outcome for the secretary. */
  reload: () => Promise<string>;
  /** The serving documents' text, to check and credit the sentences of a draft sent with `采用`. */
  documentText: () => DocumentText;
}

/** How the secretary's confirmation names the asker's channel. */
const CHANNEL_NAMES: Record<string, string> = {
  qq: 'QQ',
  wechat: '微信',
  'wechat-mp': '公众号',
  wecom: '企业微信',
  web: '网页',
  console: '终端',
};

/**
 * What a secretary's ticket commands do: answer (relayed through the durable outbox, so the
 * confirmation tells the truth), answer and keep as a FAQ, close, and the `/tickets` list.
 */
export class TicketActions {
  constructor(private readonly options: TicketActionsOptions) {}

  /**
   * Carries out a ticket command. Without `takeOver`, a ticket another secretary claimed is
   * left alone (outcome `claimed`), so the console can ask first.
   */
  async carryOut(from: Actor, command: TicketCommand, options: { takeOver: boolean }): Promise<DeskResult> {
    const { tickets, templates, clock, log, outbox, relays } = this.options;
    const ticket = tickets.get(command.ticketId);
    if (!ticket) return { outcome: 'not_found', message: templates.render('ticket-not-found', { ticket: command.ticketId }) };
    if (ticket.status !== 'open') return this.notOpen(ticket);
    if (ticket.claimedBy && ticket.claimedBy !== from.id && !options.takeOver) {
      return { outcome: 'claimed', message: this.describeClaim(ticket), ticket };
    }
    // In chat a command takes over another secretary's claim at once; the one who sent it is told whose it was.
    const takenOver = ticket.claimedBy && ticket.claimedBy !== from.id ? [this.describeClaim(ticket, 'ticket-taken-over')] : [];
    if (command.action === 'close') {
      const closed = tickets.close(ticket.id, from, clock.now());
      if (!closed) return this.notOpen(tickets.get(ticket.id)!);
      log.info({ ticketId: ticket.id, by: from.id }, 'ticket closed');
      return { outcome: 'done', message: [templates.render('ticket-closed', { ticket: ticket.id }), ...takenOver].join('\n'), ticket: closed };
    }
    // "采用": the draft as the console offers it, with the documents it comes from.
    const draft = command.useDraft ? suggestReply(ticket, this.options.documentText(), templates) : undefined;
    if (command.useDraft && !draft) {
      // A draft the documents no longer say (a reload removed or rewrote them) is not sent.
      const template = canSuggest(ticket) ? 'ticket-draft-gone' : 'ticket-no-draft';
      return { outcome: 'answer_missing', message: templates.render(template, { ticket: ticket.id }) };
    }
    const answer = draft?.text ?? command.answer;
    if (!answer) return { outcome: 'answer_missing', message: templates.render('ticket-answer-missing', { ticket: ticket.id }) };

    const answered = tickets.answer(ticket.id, answer, from, clock.now());
    // Someone else's answer was written first: this one is not sent, and the secretary is told whose went out.
    if (!answered) return this.notOpen(tickets.get(ticket.id)!);
    log.info({ ticketId: ticket.id, by: from.id, faq: command.action === 'faq', draft: draft !== undefined }, 'ticket answered');
    const report = await relays.relayWhile(answered, (stored) => outbox.whenAttempted(stored, this.options.confirmWaitMs ?? 5_000));
    if (report.state === 'failed') relays.markFailed(ticket.id, report.error ?? '');
    const lines = [this.confirmation(answered, report), ...takenOver];
    if (command.action === 'faq') {
      const path = await writeFaq(this.options.knowledgeDir, {
        ticket: answered,
        // The FAQ names its own source when the bot quotes it; the draft's "（依据：…）" line stays
        // out, also when the console sends it as the answer box was filled.
        answer: draft?.sentences ?? this.withoutSourceLine(ticket, answer),
        secretaryId: from.id,
        secretaryName: from.name,
        date: this.options.officeHours.isoDate(clock.now()),
      });
      tickets.markFaq(ticket.id, path);
      lines.push(templates.render('faq-saved', { path }), await this.options.reload());
    }
    return { outcome: 'done', message: lines.join('\n'), ticket: tickets.get(ticket.id) };
  }

  /** The answer without the line naming the draft's documents, when it ends with the one the desk offered. */
  private withoutSourceLine(ticket: Ticket, answer: string): string {
    const offered = suggestReply(ticket, this.options.documentText(), this.options.templates);
    const sourceLine = offered?.text.slice(offered.sentences.length).trim();
    const text = answer.trimEnd();
    return sourceLine && text.endsWith(sourceLine) ? text.slice(0, -sourceLine.length).trimEnd() : answer;
  }

  /** "工单 #X 已由 王老师 在处理（…认领）", or with `ticket-taken-over` that the claim passed to the sender. */
  describeClaim(ticket: Ticket, template: 'ticket-claimed' | 'ticket-taken-over' = 'ticket-claimed'): string {
    return this.options.templates.render(template, {
      ticket: ticket.id,
      by: ticket.claimedByName ?? ticket.claimedBy ?? '',
      at: ticket.claimedAt ? this.options.officeHours.describe(ticket.claimedAt) : '',
    });
  }

  /** "工单 #X 已经处理过了（王老师 于 …）" */
  describeDone(ticket: Ticket): string {
    return this.options.templates.render('ticket-not-open', {
      ticket: ticket.id,
      by: ticket.answeredByName ?? ticket.answeredBy ?? '',
      at: ticket.answeredAt ? this.options.officeHours.describe(ticket.answeredAt) : '',
    });
  }

  private notOpen(ticket: Ticket): DeskResult {
    return { outcome: 'not_open', message: this.describeDone(ticket), ticket };
  }

  /** `/tickets`: the open tickets, oldest first, and the answers that could not be delivered. */
  listOpen(): string {
    const { templates, officeHours, tickets } = this.options;
    const open = tickets.listOpen();
    const failed = tickets.listUndeliverable(20);
    const parts: string[] = [];
    if (open.length === 0) parts.push(templates.render('tickets-none', {}));
    else {
      const list = open.map((t) => `#${t.id} ${describeAsker(t)}：${t.question}（${officeHours.describe(t.createdAt)}）`).join('\n');
      parts.push(templates.render('tickets-list', { count: open.length, list }));
    }
    if (failed.length > 0) {
      const list = failed.map((t) => `#${t.id} ${describeAsker(t)}：${t.relayError ?? ''}`).join('\n');
      parts.push(templates.render('tickets-undeliverable', { count: failed.length, list }));
    }
    return parts.join('\n\n');
  }

  private confirmation(ticket: Ticket, report: DeliveryReport): string {
    const values = { ticket: ticket.id, asker: describeAsker(ticket), channel: CHANNEL_NAMES[ticket.channel] ?? ticket.channel };
    const { templates, outbox } = this.options;
    if (report.state === 'delivered') return templates.render('answer-confirmed', values);
    if (report.state === 'failed') return templates.render('relay-failed', { ...values, reason: report.error ?? '' });
    return templates.render(outbox.isConnected(ticket.channel) ? 'relay-retrying' : 'relay-pending', values);
  }
}
