import type { Clock } from '../core/clock.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import type { OfficeHours } from './office-hours.js';
import type { Address, Outbox } from './outbox.js';
import { describeAsker, type TicketStore } from './ticket-store.js';

export interface RemindersOptions {
  tickets: Pick<TicketStore, 'listOpen' | 'markReminded'>;
  outbox: Pick<Outbox, 'broadcast' | 'sentFor'>;
  templates: Templates;
  officeHours: OfficeHours;
  clock: Clock;
  log: Logger;
  /** Everyone who receives notices. */
  recipients: Address[];
  remindAfterHours: number;
}

const HOUR_MS = 3_600_000;

/** Reminds the secretaries, once per ticket, of tickets left open too many working hours. */
export class Reminders {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<unknown> | undefined;

  constructor(private readonly options: RemindersOptions) {}

  /**
   * Queues the reminders due at `now` in the outbox; returns how many. A reminder stored
   * before a crash is not stored again.
   */
  async check(now: Date): Promise<number> {
    const { tickets, templates, officeHours, outbox, remindAfterHours, recipients } = this.options;
    let reminded = 0;
    for (const t of tickets.listOpen()) {
      if (t.remindedAt) continue;
      const waited = officeHours.workingMs(t.createdAt, now);
      if (waited < remindAfterHours * HOUR_MS) continue;
      const hours = Math.round((waited / HOUR_MS) * 10) / 10;
      const text = templates.render('reminder', { ticket: t.id, hours, asker: describeAsker(t), question: t.question });
      if (recipients.length === 0) continue;
      if (outbox.sentFor(t.id, 'reminder').length === 0) await outbox.broadcast(recipients, text, { kind: 'reminder', ticketId: t.id });
      tickets.markReminded(t.id, now);
      reminded++;
    }
    return reminded;
  }

  /** Checks every `everyMs` on the clock until `stop()`; one check at a time. */
  start(everyMs: number): void {
    this.timer ??= setInterval(() => {
      this.checking ??= this.check(this.options.clock.now())
        .catch((err: unknown) => this.options.log.error({ err }, 'reminder check failed'))
        .finally(() => {
          this.checking = undefined;
        });
    }, everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a check in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }
}
