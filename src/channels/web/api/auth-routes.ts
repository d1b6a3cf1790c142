import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { LoginLimiter, ROLES, hashPassword, verifyPassword, type PasswordHash, type Role, type SessionStore } from '../auth.js';
import { HttpError, readJson } from '../http-error.js';
import { SESSION_COOKIE, jsonLimit, signedIn, type ApiContext, type Env } from './context.js';

const loginBody = z.object({
  role: z.enum(ROLES, { message: 'expected "secretary" or "admin"' }),
  password: z.string().min(1, 'is empty').max(200, 'is too long'),
});

export interface AuthOptions {
  sessions: SessionStore;
  /** Set the `Secure` cookie flag (the server is reached over HTTPS through a proxy). */
  secureCookies: boolean;
  loginMaxFailures: number;
  loginWindowMinutes: number;
}

/** Signing in and out with the role passwords; failed sign-ins are limited per client address. */
export function authRoutes({ app, log }: ApiContext, options: AuthOptions): Hono<Env> {
  const { sessions } = options;
  const limiter = new LoginLimiter(app.clock, options.loginMaxFailures, options.loginWindowMinutes * 60_000);
  const passwords = new Map<Role, PasswordHash>();
  if (app.config.web.secretaryPassword) passwords.set('secretary', hashPassword(app.config.web.secretaryPassword));
  if (app.config.web.adminPassword) passwords.set('admin', hashPassword(app.config.web.adminPassword));
  const routes = new Hono<Env>();

  routes.post('/login', jsonLimit, async (c) => {
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
      secure: options.secureCookies,
      maxAge: Math.floor((session.expiresAt - app.clock.now().getTime()) / 1000),
    });
    log.info({ role: session.role }, 'signed in');
    return c.json({ role: session.role, csrfToken: session.csrfToken });
  });

  routes.get('/session', (c) => {
    const session = c.get('session');
    if (!session) throw new HttpError(401, 'not signed in');
    return c.json({ role: session.role, csrfToken: session.csrfToken });
  });

  routes.post('/logout', signedIn('secretary'), (c) => {
    sessions.delete(c.get('session')!.token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  return routes;
}

/** The peer address; forwarded headers are ignored because anyone can write them. */
function clientAddress(c: Context<Env>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
