import { Hono } from 'hono';
import { z } from 'zod';
import { OfficeHours } from '../../../escalation/office-hours.js';
import type { Ticket } from '../../../escalation/ticket-store.js';
import { HttpError, readJson, readQuery } from '../http-error.js';
import { jsonLimit, signedIn, type ApiContext, type Env } from './context.js';

const ticketsQuery = z.object({
  status: z.enum(['open', 'done'], { message: 'expected "open" or "done"' }).default('open'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const answerBody = z.object({
  answer: z.string().trim().min(1, 'is empty; write the answer for the asker').max(5000, 'is longer than 5000 characters'),
  saveAsFaq: z.boolean().default(false),
});

/** The secretary console: tickets to read, answer and close, through the same desk as the chat channels. */
export function ticketRoutes({ app }: ApiContext): Hono<Env> {
  const officeHours = new OfficeHours(app.config.escalation);
  const routes = new Hono<Env>();

  routes.get('/tickets', signedIn('secretary'), (c) => {
    const q = readQuery(c, ticketsQuery);
    const now = app.clock.now();
    const open = q.status === 'open' ? app.tickets.listOpen() : undefined;
    const list = open ? open.slice(0, q.limit) : app.tickets.listDone(q.q?.trim() || undefined, q.limit);
    return c.json({ tickets: list.map((t) => ticketView(t, now)), total: open ? open.length : list.length });
  });

  routes.get('/tickets/:id', signedIn('secretary'), (c) => {
    return c.json({ ticket: ticketView(findTicket(c.req.param('id')), app.clock.now()) });
  });

  routes.post('/tickets/:id/answer', signedIn('secretary'), jsonLimit, async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const body = await readJson(c, answerBody);
    const by = { id: `web:${c.get('session')!.role}` };
    // The same desk that carries out `#<ticket> answer` on WeChat and QQ: relay, FAQ, reload.
    const message = await app.desk.handle(by, { ticketId: ticket.id, action: body.saveAsFaq ? 'faq' : 'answer', answer: body.answer });
    const after = findTicket(ticket.id);
    // `relayed` is true only once the platform acknowledged the answer; `relay` says where it stands otherwise.
    return c.json({ ticket: ticketView(after, app.clock.now()), relayed: after.relayedAt !== undefined, relay: delivery(after), faq: after.savedAsFaq ?? null, message });
  });

  /** What the outbox still holds: per channel how many wait or failed, and the latest such messages (text left out). */
  routes.get('/outbox', signedIn('secretary'), (c) => {
    const { backlog, messages } = app.outbox.undelivered(100);
    return c.json({
      backlog: backlog.map((b) => ({ channel: b.channel, pending: b.pending, failed: b.failed, oldestPendingAt: b.oldestPendingAt?.toISOString() ?? null })),
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        to: `${m.channel}:${m.conversationId}`,
        ticket: m.ticketId ?? null,
        status: m.status,
        attempts: m.attempts,
        createdAt: m.createdAt.toISOString(),
        nextAttemptAt: m.status === 'pending' ? m.nextAttemptAt.toISOString() : null,
        error: m.lastError ?? null,
      })),
      undeliverable: app.tickets.listUndeliverable(50).map((t) => ticketView(t, app.clock.now())),
    });
  });

  routes.post('/tickets/:id/close', signedIn('secretary'), async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const message = await app.desk.handle({ id: `web:${c.get('session')!.role}` }, { ticketId: ticket.id, action: 'close' });
    return c.json({ ticket: ticketView(findTicket(ticket.id), app.clock.now()), message });
  });

  function findTicket(id: string): Ticket {
    const ticket = app.tickets.get(id.toUpperCase()) ?? app.tickets.get(id);
    if (!ticket) throw new HttpError(404, `ticket ${id} does not exist`);
    return ticket;
  }

  function openTicket(id: string): Ticket {
    const ticket = findTicket(id);
    if (ticket.status !== 'open') throw new HttpError(409, `ticket ${ticket.id} is already ${ticket.status}`, { ticket: ticketView(ticket, app.clock.now()) });
    return ticket;
  }

  /** Where the answer to the asker stands: delivered, queued (waiting or retrying), or failed for good. */
  function delivery(t: Ticket): 'delivered' | 'queued' | 'failed' | null {
    if (t.status !== 'answered') return null;
    if (t.relayedAt) return 'delivered';
    return t.relayFailedAt ? 'failed' : 'queued';
  }

  function ticketView(t: Ticket, now: Date) {
    const waitedMs = officeHours.workingMs(t.createdAt, t.answeredAt ?? now);
    return {
      id: t.id,
      status: t.status,
      reason: t.reason,
      channel: t.channel,
      asker: t.askerId,
      askerName: t.askerName ?? null,
      question: t.question,
      history: t.history,
      candidates: t.candidates.map((s) => ({ path: s.path, title: s.title, heading: s.heading ?? null, url: s.url ?? null, score: s.score })),
      draft: t.draft ?? null,
      createdAt: t.createdAt.toISOString(),
      workingHoursWaited: Math.round((waitedMs / 3_600_000) * 10) / 10,
      overdue: t.status === 'open' && waitedMs >= app.config.escalation.remindAfterHours * 3_600_000,
      answer: t.answer ?? null,
      answeredBy: t.answeredBy ?? null,
      answeredAt: t.answeredAt?.toISOString() ?? null,
      relayedAt: t.relayedAt?.toISOString() ?? null,
      relay: delivery(t),
      relayError: t.relayError ?? null,
      savedAsFaq: t.savedAsFaq ?? null,
    };
  }

  return routes;
}
