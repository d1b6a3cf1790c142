import { Hono } from 'hono';
import { z } from 'zod';
import { HttpError, longPollWait, readJson, readQuery, tooManyRequests } from '../http-error.js';
import { ChannelStoppedError } from '../web-channel.js';
import { ChatExamples } from '../chat-examples.js';
import { RateLimiter } from '../../../bot/rate-limiter.js';
import { clientAddress } from '../client-address.js';
import { jsonLimit, type ApiContext, type Env } from './context.js';
import type { WebApiOptions } from './options.js';

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
  /** Absent, the server's `web.inboxWaitSeconds`. */
  wait: longPollWait,
});

const visitorQuery = z.object({ user: visitorId });

/**
 * The anonymous chat: a question answered in its response, later messages by long poll.
 * Browser ids cost nothing to make, so questions are also limited per client address: one
 * machine rotating ids cannot flood the secretaries with tickets.
 */
export function chatRoutes(options: ApiContext & Pick<WebApiOptions, 'inboxWaitSeconds' | 'trustProxy' | 'chatPerAddressPerMinute'>): Hono<Env> {
  const { app, channel, trustProxy } = options;
  const inboxWaitMs = options.inboxWaitSeconds * 1000;
  const routes = new Hono<Env>();
  const perAddress = new RateLimiter(options.chatPerAddressPerMinute);
  const examples = new ChatExamples({ knowledge: app.knowledge, answerer: app.answerer, templates: app.templates });

  // With the longest message the bot takes, so the page can say so before sending and keep the text.
  const maxMessageChars = app.config.bot.maxMessageChars;
  const tooLong = app.templates.render('too-long', { max: maxMessageChars });
  routes.get('/chat/examples', async (c) => c.json({ examples: await examples.list(), maxMessageChars, tooLong }));

  // The browser id is a 128-bit random secret only that browser holds, so it may read its own tickets.
  routes.get('/chat/tickets', (c) => {
    const q = readQuery(c, visitorQuery);
    const tickets = app.tickets.listByAsker(`web:${q.user}`, 50).map((t) => ({
      id: t.id,
      status: t.status,
      question: t.question,
      createdAt: t.createdAt.toISOString(),
      ...(t.answer !== undefined ? { answer: t.answer } : {}),
      ...(t.answeredAt ? { answeredAt: t.answeredAt.toISOString() } : {}),
    }));
    return c.json({ tickets });
  });

  routes.post('/chat', jsonLimit, async (c) => {
    const body = await readJson(c, chatBody);
    const address = clientAddress(c, trustProxy);
    if (perAddress.check(address, app.clock.now()) !== 'ok') {
      throw tooManyRequests(c, perAddress.waitMs(address, app.clock.now()), () => 'too many questions from this address in a minute; wait a little and ask again');
    }
    const answer = await channel
      .ask(body.user, body.text, { id: body.id, history: body.history })
      .catch((error: unknown) => {
        if (error instanceof ChannelStoppedError) throw new HttpError(503, error.message);
        throw error;
      });
    // The engine keeps its own per-person window out of reach here; a minute is the longest wait it can mean.
    if (!answer) throw tooManyRequests(c, 60_000, () => 'too many questions in a minute; wait a little and ask again');
    return c.json(answer);
  });

  routes.get('/chat/inbox', async (c) => {
    const q = readQuery(c, inboxQuery);
    // A cursor from another inbox (the data dir was emptied since) means nothing here: start from the beginning.
    const after = q.epoch === undefined || q.epoch === channel.epoch ? q.after : 0;
    const messages = await channel.inbox(q.user, after, q.wait === undefined ? inboxWaitMs : Math.min(q.wait * 1000, inboxWaitMs), c.req.raw.signal);
    return c.json({ epoch: channel.epoch, messages });
  });

  return routes;
}
