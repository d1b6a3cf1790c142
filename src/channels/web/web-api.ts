import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { HttpBindings } from '@hono/node-server';
import type { App } from '../../app.js';
import { DocumentError } from '../../core/errors.js';
import { OfficeHours } from '../../escalation/office-hours.js';
import type { Ticket } from '../../escalation/ticket-store.js';
import type { Logger } from '../../logging/logger.js';
import { LoginLimiter, ROLES, SessionStore, hashPassword, sameSecret, verifyPassword, type PasswordHash, type Role, type Session } from './auth.js';
import { MAX_UPLOAD_BYTES, UploadError, saveDocument } from './documents.js';
import { HttpError, readJson, readQuery } from './http-error.js';
import { groupQuestions } from './question-groups.js';
import { ChannelStoppedError, type WebChannel } from './web-channel.js';
import type { WebChat } from './web-chat.js';

export const SESSION_COOKIE = 'ob_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface WebApiOptions {
  app: App;
  chat: WebChat;
  channel: WebChannel;
  log: Logger;
  /** Set the `Secure` cookie flag (the server is reached over HTTPS through a proxy). */
  secureCookies?: boolean;
  sessionHours?: number;
  /** Failed sign-ins allowed per client address within `loginWindowMinutes`. */
  loginMaxFailures?: number;
  loginWindowMinutes?: number;
  /** Longest wait of one inbox long poll. */
  inboxWaitSeconds?: number;
}

type Env = { Bindings: HttpBindings; Variables: { session: Session | undefined } };

const JSON_LIMIT = 64 * 1024;
const GAP_REASONS = new Set(['low_confidence', 'no_match']);

const visitorId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{12,64}$/, 'expected the browser id: 12 to 64 letters, digits, "-" or "_"');

const chatBody = z.object({
  user: visitorId,
  text: z.string().trim().min(1, 'is empty; type a question').max(10_000, 'is longer than 10000 characters'),
  history: z.array(z.string().max(2000, 'each entry at most 2000 characters')).max(20, 'at most 20 entries').optional(),
  id: z.string().max(100).optional(),
});

const inboxQuery = z.object({
  user: visitorId,
  after: z.coerce.number().int().min(0).default(0),
  epoch: z.string().max(40).optional(),
  wait: z.coerce.number().min(0).max(30).default(25),
});

const loginBody = z.object({
  role: z.enum(ROLES, { message: 'expected "secretary" or "admin"' }),
  password: z.string().min(1, 'is empty').max(200, 'is too long'),
});

const ticketsQuery = z.object({
  status: z.enum(['open', 'done'], { message: 'expected "open" or "done"' }).default('open'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const answerBody = z.object({
  answer: z.string().trim().min(1, 'is empty; write the answer for the asker').max(5000, 'is longer than 5000 characters'),
  saveAsFaq: z.boolean().default(false),
});

const uploadQuery = z.object({
  path: z.string().min(1, 'is empty; give a path inside knowledge/, e.g. "housing/rent.md"').max(300),
  replace: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

const questionsQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

/** The JSON API under `/api`; see docs/web-api.md. */
export function createWebApi(options: WebApiOptions): Hono<Env> {
  const { app, chat, channel, log } = options;
  const sessions = new SessionStore(app.clock, (options.sessionHours ?? 8) * 3_600_000);
  const limiter = new LoginLimiter(app.clock, options.loginMaxFailures ?? 5, (options.loginWindowMinutes ?? 15) * 60_000);
  const officeHours = new OfficeHours(app.config.escalation);
  const passwords = new Map<Role, PasswordHash>();
  if (app.config.web.secretaryPassword) passwords.set('secretary', hashPassword(app.config.web.secretaryPassword));
  if (app.config.web.adminPassword) passwords.set('admin', hashPassword(app.config.web.adminPassword));
  const inboxWaitMs = (options.inboxWaitSeconds ?? 25) * 1000;

  const api = new Hono<Env>();

  api.use('*', async (c, next) => {
    c.set('session', sessions.get(getCookie(c, SESSION_COOKIE)));
    await next();
  });

  // A browser names the page's origin on a state-changing request; one from another site is
  // refused. Hosts are compared, not schemes, so an HTTPS proxy in front still works.
  api.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && origin !== undefined && !sameHost(origin, c)) {
      throw new HttpError(403, 'requests from other sites are refused');
    }
    await next();
  });

  const jsonLimit = bodyLimit({ maxSize: JSON_LIMIT, onError: () => { throw new HttpError(413, `body is larger than ${JSON_LIMIT / 1024} KiB`); } });

  /** Admits signed-in people of the role (admins may do everything secretaries do); checks the CSRF token on writes. */
  const signedIn = (role: Role): MiddlewareHandler<Env> => async (c, next) => {
    const session = c.get('session');
    if (!session) throw new HttpError(401, 'sign in first (POST /api/login)');
    if (role === 'admin' && session.role !== 'admin') throw new HttpError(403, 'this needs the admin role');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') checkCsrf(c, session);
    await next();
  };

  // ---- chat (anonymous) ----

  api.post('/chat', jsonLimit, async (c) => {
    const body = await readJson(c, chatBody);
    const answer = await channel
      .serve(() => chat.ask(body.user, body.text, { id: body.id, history: body.history }))
      .catch((error: unknown) => {
        if (error instanceof ChannelStoppedError) throw new HttpError(503, error.message);
        throw error;
      });
    if (!answer) throw new HttpError(429, 'too many questions in a minute; wait a little and ask again');
    return c.json(answer);
  });

  api.get('/chat/inbox', async (c) => {
    const q = readQuery(c, inboxQuery);
    // A cursor from another inbox (the data dir was emptied since) means nothing here: start from the beginning.
    const after = q.epoch === undefined || q.epoch === channel.epoch ? q.after : 0;
    const messages = await channel.inbox(q.user, after, Math.min(q.wait * 1000, inboxWaitMs), c.req.raw.signal);
    return c.json({ epoch: channel.epoch, messages });
  });

  // ---- sign-in ----

  api.post('/login', jsonLimit, async (c) => {
    const client = clientAddress(c);
    const wait = limiter.retryAfterMs(client);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, `too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} minute(s)`);
    }
    const body = await readJson(c, loginBody);
    const stored = passwords.get(body.role);
    if (!stored) throw new HttpError(503, `no password is set for the ${body.role} role; set web.${body.role}Password in the configuration`);
    // Counted as a failure before the (asynchronous) check, so parallel guesses cannot all slip past the limit.
    limiter.fail(client);
    if (!(await verifyPassword(body.password, stored))) {
      log.warn({ role: body.role }, 'sign-in failed');
      throw new HttpError(401, 'wrong password');
    }
    limiter.succeed(client);
    const previous = c.get('session');
    if (previous) sessions.delete(previous.token);
    const session = sessions.create(body.role);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: options.secureCookies ?? false,
      maxAge: Math.floor((session.expiresAt - app.clock.now().getTime()) / 1000),
    });
    log.info({ role: session.role }, 'signed in');
    return c.json({ role: session.role, csrfToken: session.csrfToken });
  });

  api.get('/session', (c) => {
    const session = c.get('session');
    if (!session) throw new HttpError(401, 'not signed in');
    return c.json({ role: session.role, csrfToken: session.csrfToken });
  });

  api.post('/logout', signedIn('secretary'), (c) => {
    sessions.delete(c.get('session')!.token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  // ---- secretary console ----

  api.get('/tickets', signedIn('secretary'), (c) => {
    const q = readQuery(c, ticketsQuery);
    const now = app.clock.now();
    const open = q.status === 'open' ? app.tickets.listOpen() : undefined;
    const list = open ? open.slice(0, q.limit) : app.tickets.listDone(q.q?.trim() || undefined, q.limit);
    return c.json({ tickets: list.map((t) => ticketView(t, now)), total: open ? open.length : list.length });
  });

  api.get('/tickets/:id', signedIn('secretary'), (c) => {
    return c.json({ ticket: ticketView(findTicket(c.req.param('id')), app.clock.now()) });
  });

  api.post('/tickets/:id/answer', signedIn('secretary'), jsonLimit, async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const body = await readJson(c, answerBody);
    const by = { id: `web:${c.get('session')!.role}` };
    // The same desk that carries out `#<ticket> answer` on WeChat and QQ: relay, FAQ, reload.
    const message = await app.desk.handle(by, { ticketId: ticket.id, action: body.saveAsFaq ? 'faq' : 'answer', answer: body.answer });
    const after = findTicket(ticket.id);
    return c.json({ ticket: ticketView(after, app.clock.now()), relayed: after.relayedAt !== undefined, faq: after.savedAsFaq ?? null, message });
  });

  api.post('/tickets/:id/close', signedIn('secretary'), async (c) => {
    const ticket = openTicket(c.req.param('id'));
    const message = await app.desk.handle({ id: `web:${c.get('session')!.role}` }, { ticketId: ticket.id, action: 'close' });
    return c.json({ ticket: ticketView(findTicket(ticket.id), app.clock.now()), message });
  });

  // ---- admin ----

  api.get('/admin/knowledge', signedIn('admin'), (c) => {
    const index = app.knowledge.current();
    const chunksPerDoc = new Map<string, number>();
    for (const chunk of index.chunks) chunksPerDoc.set(chunk.docPath, (chunksPerDoc.get(chunk.docPath) ?? 0) + 1);
    const last = app.knowledge.lastReload;
    return c.json({
      documents: index.documents.map((d) => ({
        path: d.path, title: d.title, format: d.format, category: d.category ?? null, chunks: chunksPerDoc.get(d.path) ?? 0,
      })),
      documentCount: index.documents.length,
      chunkCount: index.chunks.length,
      warnings: index.warnings,
      lastReload: last ? { at: last.at.toISOString(), report: last.report } : null,
    });
  });

  api.post('/admin/reload', signedIn('admin'), async (c) => {
    const report = await app.reload();
    log.info({ ok: report.ok, documents: report.documents }, 'reload from the admin page');
    return c.json({ report });
  });

  api.put(
    '/admin/documents',
    signedIn('admin'),
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: () => { throw new HttpError(413, `file is larger than ${MAX_UPLOAD_BYTES / 1048576} MiB`); } }),
    async (c) => {
      const q = readQuery(c, uploadQuery);
      const bytes = Buffer.from(await c.req.arrayBuffer());
      let saved;
      try {
        saved = await saveDocument(app.knowledge.knowledgeDir, q.path, bytes, q.replace);
      } catch (error) {
        if (error instanceof UploadError) throw new HttpError(error.status, error.message);
        if (error instanceof DocumentError) throw new HttpError(422, error.message, { file: error.path, line: error.line ?? null });
        throw error;
      }
      log.info({ path: saved.path, replaced: saved.replaced, bytes: saved.bytes }, 'document uploaded');
      const report = await app.reload();
      return c.json({ saved, report }, saved.replaced ? 200 : 201);
    },
  );

  api.get('/admin/questions', signedIn('admin'), (c) => {
    const q = readQuery(c, questionsQuery);
    const now = app.clock.now();
    const since = new Date(now.getTime() - q.days * 86_400_000);
    const asked = app.tickets
      .listSince(since)
      .filter((t) => GAP_REASONS.has(t.reason))
      .map((t) => ({ text: t.question, at: t.createdAt, reason: t.reason }));
    return c.json({ days: q.days, since: since.toISOString(), stats: app.questions.stats(now), groups: groupQuestions(asked) });
  });

  api.all('*', (c) => {
    throw new HttpError(404, `no route ${c.req.method} ${new URL(c.req.url).pathname}; see docs/web-api.md`);
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
      savedAsFaq: t.savedAsFaq ?? null,
    };
  }

  return api;
}

function checkCsrf(c: Context, session: Session): void {
  const token = c.req.header(CSRF_HEADER);
  if (!token || !sameSecret(token, session.csrfToken)) {
    throw new HttpError(403, `missing or wrong ${CSRF_HEADER} header; send the csrfToken from /api/login or /api/session`);
  }
}

function sameHost(origin: string, c: Context): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  // A cross-site page cannot set X-Forwarded-Host without a preflight this server never grants.
  return [c.req.header('host'), c.req.header('x-forwarded-host')].some((h) => h !== undefined && h.toLowerCase() === host.toLowerCase());
}

/** The peer address; forwarded headers are ignored because anyone can write them. */
function clientAddress(c: Context<Env>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
