import type { Clock } from '../core/clock.js';
import type { EscalationReason } from '../core/types.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import { writeFaq } from './faq-writer.js';
import type { OfficeHours } from './office-hours.js';
import { parseAddress, type Address, type Outbox } from './outbox.js';
import { Reminders } from './reminders.js';
import type { TicketCommand } from './ticket-command.js';
import { describeAsker, type Actor, type Ticket, type TicketStore } from './ticket-store.js';

/** Someone writing to the bot, named across channels as `channel:id`. */
export type Person = Actor;

/** What became of a ticket command, and the confirmation for the secretary. */
export interface DeskResult {
  /** `done` when this command answered or closed the ticket; `claimed` when another secretary has it. */
  outcome: 'done' | 'not_found' | 'not_open' | 'claimed' | 'answer_missing';
  message: string;
  ticket?: Ticket;
}

export interface SecretaryDeskOptions {
  tickets: TicketStore;
  outbox: Outbox;
  templates: Templates;
  officeHours: OfficeHours;
  clock: Clock;
  log: Logger;
  knowledgeDir: string;
  /** People (`wechat:<contactId>`) and rooms (`wechat:<roomId>`) that receive every notice. */
  recipients: string[];
  remindAfterHours: number;
  /** Reloads the knowledge base and describes the outcome for the secretary. */
  reload: () => Promise<string>;
}

// Short labels for the notice header; the secretary reads them, the asker never does.
const REASONS: Record<EscalationReason, string> = {
  low_confidence: '（资料里没找到确切答案）',
  no_match: '（资料里没有相关内容）',
  human_request: '（提问人要求转人工）',
  personal_case: '（需要核实个人情况）',
  complaint: '（意见或投诉）',
};

/**
 * The HR secretary's side of an escalation: notices, answers relayed to the asker, FAQ,
 * reminders. Tickets are written before anyone is told, and a relay that did not reach the
 * asker is retried when their channel comes back.
 */
export class SecretaryDesk {
  private readonly relaying = new Set<string>();
  private readonly recipients: Address[];
  private readonly reminders: Reminders;

  constructor(private readonly options: SecretaryDeskOptions) {
    this.recipients = options.recipients.map((r) => parseAddress(r));
    this.reminders = new Reminders({ ...options, recipients: this.recipients });
  }

  /**
   * Tells every secretary about a new ticket at once; never throws. A notice that reached
   * nobody is sent again when a secretary's channel becomes ready.
   */
  async notify(ticket: Ticket): Promise<void> {
    const { templates } = this.options;
    const list = (lines: string[]) => (lines.length ? lines.join('\n') : templates.render('none', {}));
    const text = templates.render('secretary-notice', {
      ticket: ticket.id,
      reason: REASONS[ticket.reason],
      asker: describeAsker(ticket),
      question: ticket.question,
      history: list(ticket.history.map((h) => `· ${h}`)),
      candidates: list(ticket.candidates.slice(0, 3).map((s) => `· 《${s.title}》${s.heading ? ` ${s.heading}` : ''}（${s.path}）`)),
      draft: ticket.draft ?? templates.render('none', {}),
    });
    if ((await this.options.outbox.broadcast(this.recipients, text)) > 0) {
      this.options.tickets.markNotified(ticket.id, this.options.clock.now());
    } else {
      this.options.log.warn({ ticketId: ticket.id }, 'no secretary reached; the notice waits for their channel');
    }
  }

  /** A channel can send (again): delivers the notices and answers that could not reach it before. */
  async channelReady(channel: string): Promise<void> {
    if (this.recipients.some((r) => r.channel === channel)) {
      for (const ticket of this.options.tickets.listUnnotified()) await this.notify(ticket);
    }
    await this.retryUnrelayed(channel);
  }

  /** Carries out `#<ticket> …` from a secretary or admin (on a chat channel); returns the confirmation for them. */
  async handle(from: Person, command: TicketCommand): Promise<string> {
    return (await this.carryOut(from, command, { takeOver: true })).message;
  }

  /**
   * Carries out a ticket command. Without `takeOver`, a ticket another secretary claimed is
   * left alone (outcome `claimed`), so the console can ask first.
   */
  async carryOut(from: Person, command: TicketCommand, options: { takeOver: boolean }): Promise<DeskResult> {
    const { tickets, templates, clock, log } = this.options;
    const ticket = tickets.get(command.ticketId);
    if (!ticket) return { outcome: 'not_found', message: templates.render('ticket-not-found', { ticket: command.ticketId }) };
    if (ticket.status !== 'open') return this.notOpen(ticket);
    if (ticket.claimedBy && ticket.claimedBy !== from.id && !options.takeOver) {
      return { outcome: 'claimed', message: this.describeClaim(ticket), ticket };
    }
    if (command.action === 'close') {
      const closed = tickets.close(ticket.id, from, clock.now());
      if (!closed) return this.notOpen(tickets.get(ticket.id)!);
      log.info({ ticketId: ticket.id, by: from.id }, 'ticket closed');
      return { outcome: 'done', message: templates.render('ticket-closed', { ticket: ticket.id }), ticket: closed };
    }
    if (!command.answer) return { outcome: 'answer_missing', message: templates.render('ticket-answer-missing', { ticket: ticket.id }) };

    const answered = tickets.answer(ticket.id, command.answer, from, clock.now());
    // Someone else's answer was written first: this one is not sent, and the secretary is told whose went out.
    if (!answered) return this.notOpen(tickets.get(ticket.id)!);
    log.info({ ticketId: ticket.id, by: from.id, faq: command.action === 'faq' }, 'ticket answered');
    const relayed = await this.relay(answered);
    const lines = [templates.render(relayed ? 'answer-confirmed' : 'relay-pending', { ticket: ticket.id, asker: describeAsker(ticket) })];
    if (command.action === 'faq') {
      const path = await writeFaq(this.options.knowledgeDir, {
        ticket: answered,
        answer: command.answer,
        secretaryId: from.id,
        secretaryName: from.name,
        date: this.options.officeHours.isoDate(clock.now()),
      });
      tickets.markFaq(ticket.id, path);
      lines.push(templates.render('faq-saved', { path }), await this.options.reload());
    }
    return { outcome: 'done', message: lines.join('\n'), ticket: tickets.get(ticket.id) };
  }

  /** "工单 #X 已由 王老师 在处理（…认领）" */
  describeClaim(ticket: Ticket): string {
    return this.options.templates.render('ticket-claimed', {
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

  /** `/tickets`: the open tickets, oldest first. */
  listOpen(): string {
    const { templates, officeHours } = this.options;
    const open = this.options.tickets.listOpen();
    if (open.length === 0) return templates.render('tickets-none', {});
    const list = open.map((t) => `#${t.id} ${describeAsker(t)}：${t.question}（${officeHours.describe(t.createdAt)}）`).join('\n');
    return templates.render('tickets-list', { count: open.length, list });
  }

  private async retryUnrelayed(channel: string): Promise<void> {
    let sent = 0;
    for (const ticket of this.options.tickets.listUnrelayed()) {
      if (ticket.channel === channel && (await this.relay(ticket))) sent++;
    }
    if (sent) this.options.log.info({ channel, sent }, 'pending relays delivered');
  }

  /** Sends the reminders due at `now` (see `Reminders.check`); returns how many went out. */
  checkReminders(now: Date): Promise<number> {
    return this.reminders.check(now);
  }

  /** Checks for reminders every `everyMs` on the desk's clock until `stop()`. */
  startReminders(everyMs: number): void {
    this.reminders.start(everyMs);
  }

  async stop(): Promise<void> {
    await this.reminders.stop();
  }

  private async relay(ticket: Ticket): Promise<boolean> {
    if (this.relaying.has(ticket.id)) return false;
    this.relaying.add(ticket.id);
    try {
      const text = this.options.templates.render('relay-to-asker', {
        question: ticket.question,
        answer: ticket.answer ?? '',
        ticket: ticket.id,
        // Signed with the secretary's display name when their account has one.
        secretary: ticket.answeredByName ?? '',
      });
      const prefix = `${ticket.channel}:`;
      const askerUserId = ticket.askerId.startsWith(prefix) ? ticket.askerId.slice(prefix.length) : ticket.askerId;
      await this.options.outbox.send(
        { channel: ticket.channel, conversationId: ticket.conversationId },
        text,
        { mentionUserId: ticket.isGroup ? askerUserId : undefined, ticketId: ticket.id },
      );
      this.options.tickets.markRelayed(ticket.id, this.options.clock.now());
      return true;
    } catch (err) {
      this.options.log.warn({ err, ticketId: ticket.id }, 'relay not delivered; retried when the channel reconnects');
      return false;
    } finally {
      this.relaying.delete(ticket.id);
    }
  }
}
