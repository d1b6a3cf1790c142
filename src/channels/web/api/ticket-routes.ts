import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createChatModel } from '../../../answer/llm-setup.js';
import { OfficeHours } from '../../../escalation/office-hours.js';
import { ReplyPolisher } from '../../../escalation/reply-polisher.js';
import type { DeskResult } from '../../../escalation/ticket-actions.js';
import { suggestReply, type DocumentText } from '../../../escalation/suggested-reply.js';
import type { Ticket } from '../../../escalation/ticket-store.js';
import { loadLlmPrompts } from '../../../prompts/templates.js';
import { HttpError, readJson, readQuery } from '../http-error.js';
import { actor, jsonLimit, signedIn, type ApiContext, type Env } from './context.js';

const ticketsQuery = z.object({
  status: z.enum(['open', 'done'], { message: 'expected "open" or "done"' }).default('open'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const answerBody = z.object({
  answer: z.string().trim().min(1, 'is empty; write the answer for the asker').max(5000, 'is longer than 5000 characters'),
  saveAsFaq: z.boolean().default(false),
  /** Answer although another secretary claimed the ticket (after the console asked). */
  takeOver: z.boolean().default(false),
});

const claimBody = z.object({ takeOver: z.boolean().default(false) });
const closeBody = claimBody;

/** A body that may be left out (a plain button press): its defaults then. */
async function optionalJson<T>(c: Context<Env>, schema: z.ZodType<T>): Promise<T> {
  return c.req.header('content-type')?.includes('json') ? readJson(c, schema) : schema.parse({});
}

/** The secretary console: tickets to read, claim, answer and close, through the same desk as the chat channels. */
export function ticketRoutes({ app, log }: ApiContext): Hono<Env> {
  const officeHours = new OfficeHours(app.config.escalation);
  const { llm } = app.config;
  // Made in the background (the client library loads on first use); if that fails, the
  // console keeps the offline suggestion and the log says why.
  const polisher =
    llm.baseUrl && llm.model
      ? createChatModel(llm)
          .then((model) => new ReplyPolisher({ model, prompts: loadLlmPrompts(app.promptsDir), templates: app.templates, log }))
          .catch((err: unknown) => {
            log.error({ err }, 'the reply polisher could not start; suggestions stay offline');
            return undefined;
          })
      : undefined;
  const routes = new Hono<Env>();

  routes.get('/tickets', signedIn('secretary'), (c) => {
    const q = readQuery(c, ticketsQuery);
    const now = app.clock.now();
    const me = actor(c.get('session')!).id;
    const open = q.status === 'open' ? app.tickets.listOpen() : undefined;
    const list = open ? open.slice(0, q.limit) : app.tickets.listDone(q.q?.trim() || undefined, q.limit);
    const texts = app.documentText();
    return c.json({ tickets: list.map((t) => ticketView(t, now, me, texts)), total: open ? open.length : list.length, polish: polisher !== undefined });
  });

  routes.get('/tickets/:id', signedIn('secretary'), (c) => {
    return c.json({ ticket: ticketView(findTicket(c.req.param('id')), app.clock.now(), actor(c.get('session')!).id, app.documentText()) });
  });

  routes.post('/tickets/:id/claim', signedIn('secretary'), jsonLimit, async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const body = await optionalJson(c, claimBody);
    const me = actor(c.get('session')!);
    const claimed = app.tickets.claim(ticket.id, me, app.clock.now(), body.takeOver);
    const after = findTicket(ticket.id);
    if (!claimed) {
      const message = after.status === 'open' ? app.desk.describeClaim(after) : app.desk.describeDone(after);
      throw new HttpError(409, message, { code: after.status === 'open' ? 'claimed' : 'done', ticket: ticketView(after, app.clock.now(), me.id) });
    }
    log.info({ ticketId: ticket.id, by: me.id, takeOver: body.takeOver }, 'ticket claimed');
    return c.json({ ticket: ticketView(after, app.clock.now(), me.id) });
  });

  routes.post('/tickets/:id/release', signedIn('secretary'), (c) => {
    const ticket = findTicket(c.req.param('id'));
    const me = actor(c.get('session')!).id;
    if (!app.tickets.release(ticket.id, me)) throw new HttpError(409, `ticket ${ticket.id} is not claimed by you`);
    return c.json({ ticket: ticketView(findTicket(ticket.id), app.clock.now(), me) });
  });

  routes.post('/tickets/:id/suggestion', signedIn('secretary'), async (c) => {
    const ticket = findTicket(c.req.param('id'));
    const offline = suggestReply(ticket, app.documentText(), app.templates);
    if (!offline) throw new HttpError(404, `ticket ${ticket.id} has no suggested reply`);
    const polish = await polisher;
    return c.json({ suggestion: polish ? await polish.polish(ticket, offline) : offline });
  });

  routes.post('/tickets/:id/answer', signedIn('secretary'), jsonLimit, async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const body = await readJson(c, answerBody);
    // The same desk that carries out `#<ticket> answer` on WeChat and QQ: relay, FAQ, reload.
    const result = await app.desk.carryOut(actor(c.get('session')!), { ticketId: ticket.id, action: body.saveAsFaq ? 'faq' : 'answer', answer: body.answer }, body);
    const after = refused(result, c.get('session')!);
    // `relayed` is true only once the platform acknowledged the answer; `relay` says where it stands otherwise.
    return c.json({
      ticket: ticketView(after, app.clock.now()),
      relayed: after.relayedAt !== undefined,
      relay: delivery(after),
      faq: after.savedAsFaq ?? null,
      message: result.message,
    });
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
    const body = await optionalJson(c, closeBody);
    const result = await app.desk.carryOut(actor(c.get('session')!), { ticketId: ticket.id, action: 'close' }, body);
    const after = refused(result, c.get('session')!);
    return c.json({ ticket: ticketView(after, app.clock.now()), message: result.message });
  });

  /** The ticket after a command that went through; a plain 409 when another secretary has it or was first. */
  function refused(result: DeskResult, session: NonNullable<Env['Variables']['session']>): Ticket {
    if (result.outcome === 'done') return findTicket(result.ticket!.id);
    if (result.outcome === 'claimed' || result.outcome === 'not_open') {
      const ticket = findTicket(result.ticket!.id);
      throw new HttpError(409, result.message, { code: result.outcome === 'claimed' ? 'claimed' : 'done', ticket: ticketView(ticket, app.clock.now(), actor(session).id) });
    }
    throw new HttpError(result.outcome === 'not_found' ? 404 : 400, result.message);
  }

  function findTicket(id: string): Ticket {
    const ticket = app.tickets.get(id.toUpperCase()) ?? app.tickets.get(id);
    if (!ticket) throw new HttpError(404, `ticket ${id} does not exist`);
    return ticket;
  }

  function openTicket(id: string): Ticket {
    const ticket = findTicket(id);
    // Read by the secretary in the console: the desk's own plain words, naming who was first.
    if (ticket.status !== 'open') throw new HttpError(409, app.desk.describeDone(ticket), { code: 'done', ticket: ticketView(ticket, app.clock.now()) });
    return ticket;
  }

  /** Where the answer to the asker stands: delivered, queued (waiting or retrying), or failed for good. */
  function delivery(t: Ticket): 'delivered' | 'queued' | 'failed' | null {
    if (t.status !== 'answered') return null;
    if (t.relayedAt) return 'delivered';
    return t.relayFailedAt ? 'failed' : 'queued';
  }

  function ticketView(t: Ticket, now: Date, me?: string, texts?: DocumentText) {
    const waitedMs = officeHours.workingMs(t.createdAt, t.answeredAt ?? now);
    const suggestion = t.status === 'open' && texts ? suggestReply(t, texts, app.templates) : undefined;
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
      suggestion: suggestion ? { text: suggestion.text, sources: suggestion.sources } : null,
      createdAt: t.createdAt.toISOString(),
      workingHoursWaited: Math.round((waitedMs / 3_600_000) * 10) / 10,
      overdue: t.status === 'open' && waitedMs >= app.config.escalation.remindAfterHours * 3_600_000,
      claimedBy: t.claimedBy ?? null,
      claimedByName: t.claimedByName ?? null,
      claimedAt: t.claimedAt?.toISOString() ?? null,
      claimedByMe: me !== undefined && t.claimedBy === me,
      answer: t.answer ?? null,
      answeredBy: t.answeredBy ?? null,
      answeredByName: t.answeredByName ?? null,
      answeredAt: t.answeredAt?.toISOString() ?? null,
      relayedAt: t.relayedAt?.toISOString() ?? null,
      relay: delivery(t),
      relayError: t.relayError ?? null,
      savedAsFaq: t.savedAsFaq ?? null,
    };
  }

  return routes;
}
