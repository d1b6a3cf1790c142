import type { Clock } from '../core/clock.js';
import type { OutboxMessage } from '../core/outbox-store.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import { parseAddress, type Outbox } from './outbox.js';
import { describeAsker, type Ticket, type TicketStore } from './ticket-store.js';

export interface RelaysOptions {
  tickets: Pick<TicketStore, 'get' | 'markRelayed' | 'markRelayFailed' | 'listUnrelayed'>;
  outbox: Pick<Outbox, 'send' | 'sentFor' | 'onSettled'>;
  templates: Templates;
  clock: Clock;
  log: Logger;
}

/**
 * Secretaries' answers on their way to the asker. The relay is stored in the outbox; the
 * ticket reads "relayed" once the platform acknowledged every part, and "could not be
 * delivered" when the platform refused one for good, which the secretary who answered is told.
 */
export class Relays {
  /** Tickets whose secretary is waiting for the confirmation, which already says how it went. */
  private readonly confirming = new Set<string>();

  constructor(private readonly options: RelaysOptions) {
    options.outbox.onSettled((message, outcome, error) => this.settled(message, outcome, error));
  }

  /** Stores the answer for the asker; resolves once it is on disk. */
  relay(ticket: Ticket): Promise<OutboxMessage[]> {
    const text = this.options.templates.render('relay-to-asker', {
      question: ticket.question,
      answer: ticket.answer ?? '',
      ticket: ticket.id,
      // Signed with the secretary's display name when their account has one.
      secretary: ticket.answeredByName ?? '',
    });
    const prefix = `${ticket.channel}:`;
    const askerUserId = ticket.askerId.startsWith(prefix) ? ticket.askerId.slice(prefix.length) : ticket.askerId;
    return this.options.outbox.send({ channel: ticket.channel, conversationId: ticket.conversationId }, text, {
      kind: 'relay',
      mentionUserId: ticket.isGroup ? askerUserId : undefined,
      ticketId: ticket.id,
    });
  }

  /** Relays the answer and waits for `confirm` to say how it went, without telling the secretary twice. */
  async relayWhile<T>(ticket: Ticket, confirm: (stored: OutboxMessage[]) => Promise<T>): Promise<T> {
    this.confirming.add(ticket.id);
    try {
      return await confirm(await this.relay(ticket));
    } finally {
      this.confirming.delete(ticket.id);
    }
  }

  /** Marks the ticket "could not be delivered" (idempotent). */
  markFailed(ticketId: string, reason: string): void {
    const ticket = this.options.tickets.get(ticketId);
    if (!ticket || ticket.relayFailedAt) return;
    this.options.tickets.markRelayFailed(ticketId, this.options.clock.now(), reason);
    this.options.log.warn({ ticketId }, 'answer could not be delivered');
  }

  /**
   * At start: answered tickets whose relay never reached the outbox (an older version) are
   * relayed now; those whose relay settled just before a crash get the mark they missed.
   */
  async recover(): Promise<void> {
    let queued = 0;
    for (const ticket of this.options.tickets.listUnrelayed()) {
      const stored = this.options.outbox.sentFor(ticket.id, 'relay');
      if (stored.length === 0) {
        await this.relay(ticket);
        queued++;
      } else if (stored.every((m) => m.status === 'delivered')) {
        this.options.tickets.markRelayed(ticket.id, this.options.clock.now());
      } else {
        const failed = stored.find((m) => m.status === 'failed');
        if (failed) this.markFailed(ticket.id, failed.lastError ?? '');
      }
    }
    if (queued) this.options.log.info({ queued }, 'answers from before the outbox queued for delivery');
  }

  private async settled(message: OutboxMessage, outcome: 'delivered' | 'failed', error?: unknown): Promise<void> {
    if (message.kind !== 'relay' || !message.ticketId) return;
    const { tickets, outbox, clock } = this.options;
    if (outcome === 'delivered') {
      if (outbox.sentFor(message.ticketId, 'relay').every((m) => m.status === 'delivered')) tickets.markRelayed(message.ticketId, clock.now());
      return;
    }
    const reason = error instanceof Error ? error.message : '平台拒收';
    const before = tickets.get(message.ticketId);
    this.markFailed(message.ticketId, reason);
    // The secretary waiting for the confirmation reads it there; a later refusal gets its own message.
    if (!before || before.relayFailedAt || this.confirming.has(message.ticketId) || !before.answeredBy) return;
    const to = parseAddress(before.answeredBy);
    if (to.channel === 'web') return;
    const text = this.options.templates.render('relay-failed', { ticket: before.id, asker: describeAsker(before), reason });
    await outbox.send(to, text, { kind: 'undeliverable', ticketId: before.id });
  }
}
