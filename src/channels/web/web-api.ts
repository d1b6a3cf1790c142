import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SessionStore } from './auth.js';
import { HttpError } from './http-error.js';
import { adminRoutes } from './api/admin-routes.js';
import { authRoutes } from './api/auth-routes.js';
import { chatRoutes } from './api/chat-routes.js';
import { SESSION_COOKIE, type ApiContext, type Env } from './api/context.js';
import { ticketRoutes } from './api/ticket-routes.js';

/** The API's settings; `startWebServer` fills them from `config.web`. */
export interface WebApiOptions extends ApiContext {
  /** Set the `Secure` cookie flag (the server is reached over HTTPS through a proxy). */
  secureCookies: boolean;
  sessionHours: number;
  /** Failed sign-ins allowed per client address within `loginWindowMinutes`. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** Longest wait of one inbox long poll. */
  inboxWaitSeconds: number;
  /** The reverse proxy whose `X-Forwarded-For` names the client; unset, the header is ignored. */
  trustProxy: string | undefined;
  /** Anonymous questions one client address may ask per minute. */
  chatPerAddressPerMinute: number;
}

/** The JSON API under `/api`: chat, sign-in, the secretary's tickets and the admin page; see docs/web-api.md. */
export function createWebApi(options: WebApiOptions): Hono<Env> {
  const { app } = options;
  const sessions = new SessionStore(app.clock, options.sessionHours * 3_600_000);
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

  api.route('/', chatRoutes(options));
  api.route('/', authRoutes(options, { ...options, sessions }));
  api.route('/', ticketRoutes(options));
  api.route('/', adminRoutes(options));

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
