import type { Clock } from '../core/clock.js';
import type { EscalationReason } from '../core/types.js';
import type { Logger } from '../logging/logger.js';
import type { Templates } from '../prompts/templates.js';
import { EscalationRateGuard } from './escalation-rate-guard.js';
import type { Address, Outbox } from './outbox.js';
import { canSuggest } from './suggested-reply.js';
import { describeAsker, type Ticket, type TicketStore } from './ticket-store.js';

export interface SecretaryNoticesOptions {
  tickets: Pick<TicketStore, 'markNotified' | 'listUnnotified' | 'get'>;
  outbox: Pick<Outbox, 'broadcast' | 'sentFor'>;
  templates: Templates;
  clock: Clock;
  log: Logger;
  /** Everyone who receives notices. */
  recipients: Address[];
  /** New tickets a minute that each get their own notice; the rest go into one digest. */
  noticesPerMinute: number;
  /** How long held tickets wait for their digest. */
  digestDelayMs?: number;
}

// Short labels for the notice header; the secretary reads them, the asker never does.
const REASONS: Record<EscalationReason, string> = {
  low_confidence: '（资料里没找到确切答案）',
  no_match: '（资料里没有相关内容）',
  human_request: '（提问人要求转人工）',
  personal_case: '（需要核实个人情况）',
  complaint: '（意见或投诉）',
};

// The digest names this many tickets; the console has the rest.
const DIGEST_LISTED = 20;

/**
 * Tells the secretaries about new tickets through the outbox. A ticket counts as notified once
 * its notices are on disk; the outbox delivers them. Past the per-minute limit, tickets wait
 * for one digest.
 */
export class SecretaryNotices {
  private readonly guard: EscalationRateGuard;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private unstaffedSaid = false;

  constructor(private readonly options: SecretaryNoticesOptions) {
    this.guard = new EscalationRateGuard(options.noticesPerMinute);
  }

  /** Queues the notice for a new ticket (or holds it for the digest); never throws. */
  async notify(ticket: Ticket): Promise<void> {
    const { recipients, clock, log } = this.options;
    if (recipients.length === 0) {
      // Once a run at warn: at a restart every open ticket comes through here.
      const level = this.unstaffedSaid ? 'debug' : 'warn';
      this.unstaffedSaid = true;
      log[level]({ ticketId: ticket.id }, 'no secretaries configured (ONBOARDING_SECRETARIES); tickets wait in the console');
      return;
    }
    try {
      if (!this.guard.admit(clock.now())) {
        this.hold(ticket.id);
        return;
      }
      await this.options.outbox.broadcast(recipients, this.render(ticket), { kind: 'notice', ticketId: ticket.id });
      await this.options.tickets.markNotified(ticket.id, clock.now());
    } catch (err) {
      log.error({ err, ticketId: ticket.id }, 'notice not stored; sent again at the next start');
    }
  }

  /** At start: tickets whose notice was never stored (a crash, an older version) are notified now. */
  async recover(): Promise<void> {
    for (const ticket of this.options.tickets.listUnnotified()) {
      if (this.options.outbox.sentFor(ticket.id, 'notice').length > 0) await this.options.tickets.markNotified(ticket.id, this.options.clock.now());
      else await this.notify(ticket);
    }
  }

  /** Sends the digest of held tickets now. */
  flushDigest(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing ??= this.sendDigest().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops the digest timer; held tickets stay unnotified on disk and are recovered at the next start. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
  }

  private hold(ticketId: string): void {
    this.held.add(ticketId);
    if (this.timer) return;
    const now = this.options.clock.now();
    const waitMs = this.options.digestDelayMs ?? this.guard.nextOpening(now).getTime() - now.getTime();
    this.timer = setTimeout(() => void this.flushDigest(), waitMs);
    this.timer.unref();
  }

  private async sendDigest(): Promise<void> {
    const { tickets, templates, clock, log } = this.options;
    const ids = [...this.held];
    this.held.clear();
    const open = ids.map((id) => tickets.get(id)).filter((t): t is Ticket => t !== undefined && t.status === 'open');
    if (open.length === 0) return;
    const listed = open.slice(0, DIGEST_LISTED).map((t) => `#${t.id} ${describeAsker(t)}：${t.question}`);
    if (open.length > DIGEST_LISTED) listed.push(`……另有 ${open.length - DIGEST_LISTED} 个`);
    try {
      await this.options.outbox.broadcast(this.options.recipients, templates.render('notice-digest', { count: open.length, list: listed.join('\n') }), {
        kind: 'digest',
      });
      await Promise.all(open.map((t) => tickets.markNotified(t.id, clock.now())));
      log.info({ tickets: open.length }, 'notice digest queued');
    } catch (err) {
      log.error({ err, tickets: open.length }, 'digest not stored; its tickets are notified at the next start');
    }
  }

  private render(ticket: Ticket): string {
    const { templates } = this.options;
    const list = (lines: string[]) => (lines.length ? lines.join('\n') : templates.render('none', {}));
    return templates.render('secretary-notice', {
      ticket: ticket.id,
      reason: REASONS[ticket.reason],
      asker: describeAsker(ticket),
      question: ticket.question,
      history: list(ticket.history.map((h) => `· ${h}`)),
      candidates: list(ticket.candidates.slice(0, 3).map((s) => `· 《${s.title}》${s.heading ? ` ${s.heading}` : ''}（${s.path}）`)),
      draft: ticket.draft ?? templates.render('none', {}),
      use_draft: canSuggest(ticket) ? templates.render('notice-use-draft', { ticket: ticket.id }) : '',
    });
  }
}
