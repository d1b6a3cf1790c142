import type { Clock } from '../core/clock.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import type { OfficeHours } from './office-hours.js';
import { parseAddress, type Address, type Outbox } from './outbox.js';
import { Relays } from './relays.js';
import { Reminders } from './reminders.js';
import { SecretaryNotices } from './secretary-notices.js';
import type { DocumentText } from './suggested-reply.js';
import { TicketActions, type DeskResult } from './ticket-actions.js';
import type { TicketCommand } from './ticket-command.js';
import type { Actor, Ticket, TicketStore } from './ticket-store.js';

/** Someone writing to the bot, named across channels as `channel:id`. */
export type Person = Actor;

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
  /** Addresses that get the notices of new tickets (and digests) but no reminders: the WeCom group robot. */
  noticeOnly?: string[];
  remindAfterHours: number;
  /** New tickets a minute that each get their own notice; beyond it, one digest a minute. */
  noticesPerMinute: number;
  /** How long a secretary's confirmation waits for the platform to acknowledge the relay. */
  confirmWaitMs?: number;
  /** Reloads the knowledge base and describes the outcome for the secretary. */
  reload: () => Promise<string>;
  /** The serving documents' text, to check and credit the sentences of a draft sent with `采用`. */
  documentText: () => DocumentText;
}

/**
 * The HR secretary's side of an escalation, wired in one place: the notices of new tickets
 * (SecretaryNotices), the ticket commands (TicketActions), the relays they send (Relays) and
 * the reminders (Reminders). Tickets are written before anyone is told, and everything sent
 * goes through the durable outbox.
 */
export class SecretaryDesk {
  private readonly recipients: Address[];
  private readonly reminders: Reminders;
  private readonly notices: SecretaryNotices;
  private readonly relays: Relays;
  private readonly actions: TicketActions;

  constructor(options: SecretaryDeskOptions) {
    this.recipients = options.recipients.map((r) => parseAddress(r));
    this.reminders = new Reminders({ ...options, recipients: this.recipients });
    this.notices = new SecretaryNotices({ ...options, recipients: [...this.recipients, ...(options.noticeOnly ?? []).map((r) => parseAddress(r))] });
    this.relays = new Relays(options);
    this.actions = new TicketActions({ ...options, relays: this.relays });
  }

  /** Queues the notice of a new ticket (or holds it for the minute's digest); never throws. */
  notify(ticket: Ticket): Promise<void> {
    return this.notices.notify(ticket);
  }

  /** At start: stores the notices and relays an older version or a crash left unsent. */
  async recover(): Promise<void> {
    await this.notices.recover();
    await this.relays.recover();
  }

  /** Sends the digest of tickets held by the rate guard now, instead of at the end of the minute. */
  flushDigest(): Promise<void> {
    return this.notices.flushDigest();
  }

  /** Carries out `#<ticket> …` from a secretary or admin (on a chat channel); returns the confirmation for them. */
  async handle(from: Person, command: TicketCommand): Promise<string> {
    return (await this.carryOut(from, command, { takeOver: true })).message;
  }

  /**
   * Carries out a ticket command. Without `takeOver`, a ticket another secretary claimed is
   * left alone (outcome `claimed`), so the console can ask first.
   */
  carryOut(from: Person, command: TicketCommand, options: { takeOver: boolean }): Promise<DeskResult> {
    return this.actions.carryOut(from, command, options);
  }

  /** "工单 #X 已由 王老师 在处理（…认领）" */
  describeClaim(ticket: Ticket): string {
    return this.actions.describeClaim(ticket);
  }

  /** "工单 #X 已经处理过了（王老师 于 …）" */
  describeDone(ticket: Ticket): string {
    return this.actions.describeDone(ticket);
  }

  /** `/tickets`: the open tickets, oldest first, and the answers that could not be delivered. */
  listOpen(): string {
    return this.actions.listOpen();
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
    await this.notices.stop();
  }
}
