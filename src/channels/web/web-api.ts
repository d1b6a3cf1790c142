import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { LoginThrottle } from '../../accounts/login-throttle.js';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { HttpError } from './http-error.js';
import { adminRoutes } from './api/admin-routes.js';
import { authRoutes } from './api/auth-routes.js';
import { chatRoutes } from './api/chat-routes.js';
import { SESSION_COOKIE, type Env } from './api/context.js';
import type { WebApiOptions } from './api/options.js';
import { syncRoutes } from './api/sync-routes.js';
import { ticketRoutes } from './api/ticket-routes.js';

/** The JSON API under `/api`: chat, sign-in, the secretary's tickets and the admin page; see docs/web-api.md. */
export function createWebApi(options: WebApiOptions): Hono<Env> {
  const { app } = options;
  const { sessions } = options;
  const throttle = new LoginThrottle(app.clock, {
    freeFailures: options.loginMaxFailures,
    firstDelayMs: options.loginDelaySeconds * 1000,
    maxDelayMs: options.loginMaxDelayMinutes * 60_000,
    forgetAfterMs: options.loginWindowMinutes * 60_000,
  });
  const api = new Hono<Env>();

  api.use('*', async (c, next) => {
    c.set('session', sessions.get(getCookie(c, SESSION_COOKIE)));
    await next();
  });

  // A browser names the page's origin (and Sec-Fetch-Site) on a state-changing request; one from
  // another site is refused. Hosts are compared, not schemes, so an HTTPS proxy in front still
  // works. Clients that are not browsers send neither header and cannot be forged into a request.
  // Hono's csrf checks the bodies a page may send to another site unasked (forms, text); JSON
  // needs a CORS preflight, which this server never grants.
  const otherSites = csrf({ origin: (origin, c) => sameHost(origin, c) });
  api.use('*', async (c, next) => {
    if (c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) return next();
    try {
      await otherSites(c, () => Promise.resolve());
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) throw new HttpError(403, 'requests from other sites are refused');
      throw error;
    }
    await next();
  });

  api.route('/', chatRoutes(options));
  api.route('/', authRoutes(options, { ...options, throttle }));
  api.route('/', ticketRoutes(options));
  api.route('/', adminRoutes(options));
  api.route('/', syncRoutes(options));

  api.all('*', (c) => {
    throw new HttpError(404, `no route ${c.req.method} ${new URL(c.req.url).pathname}; see docs/web-api.md`);
  });

  return api;
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
