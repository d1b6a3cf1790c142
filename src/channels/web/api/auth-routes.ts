import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ROLES, type Account, type Role, type SqliteAccountStore } from '../../../accounts/account-store.js';
import type { LoginThrottle } from '../../../accounts/login-throttle.js';
import { matchesConfigured } from '../../../accounts/passwords.js';
import type { Session, SqliteSessionStore } from '../../../accounts/session-store.js';
import type { SqliteTrustedDevices } from '../../../accounts/trusted-devices.js';
import { clientAddress } from '../client-address.js';
import { HttpError, readJson, tooManyRequests } from '../http-error.js';
import { SESSION_COOKIE, jsonLimit, signedIn, type ApiContext, type Env } from './context.js';

/** The cookie that marks a browser which signed in before; sent only to the sign-in route. */
export const DEVICE_COOKIE = 'ob_device';

const loginBody = z
  .object({
    user: z.string().trim().min(1, 'is empty').max(64, 'is too long').optional(),
    role: z.enum(ROLES, { message: 'expected "secretary" or "admin"' }).optional(),
    password: z.string().min(1, 'is empty').max(200, 'is too long'),
  })
  .refine((b) => (b.user === undefined) !== (b.role === undefined), {
    message: 'send "user" (a named account) or "role" (the shared role password), not both',
  });

export interface AuthOptions {
  accounts: SqliteAccountStore;
  sessions: SqliteSessionStore;
  devices: SqliteTrustedDevices;
  throttle: LoginThrottle;
  /** Set the `Secure` cookie flag (the server is reached over HTTPS through a proxy). */
  secureCookies: boolean;
  /** The reverse proxy whose `X-Forwarded-For` names the client (`web.trustProxy`). */
  trustProxy: string | undefined;
}

/**
 * Signing in with a named account or a role's shared password, and out. Failed sign-ins
 * slow down per account and per address; a browser that signed in to the account before is
 * throttled on its own (see SqliteTrustedDevices).
 */
export function authRoutes({ app, log }: ApiContext, options: AuthOptions): Hono<Env> {
  const { accounts, sessions, devices, throttle } = options;
  const shared = new Map<Role, string | undefined>([
    ['secretary', app.config.web.secretaryPassword],
    ['admin', app.config.web.adminPassword],
  ]);
  const routes = new Hono<Env>();

  routes.post('/login', jsonLimit, async (c) => {
    const body = await readJson(c, loginBody);
    const account = body.user !== undefined ? body.user.toLowerCase() : `@${body.role!}`;
    const device = getCookie(c, DEVICE_COOKIE);
    const trusted = devices.knows(device, account);
    const keys = trusted ? [`device:${device!}`] : [`account:${account}`, `address:${clientAddress(c, options.trustProxy)}`];
    const wait = throttle.waitMs(keys);
    if (wait > 0) throw tooManyRequests(c, wait, (seconds) => `too many failed sign-ins; try again in ${seconds} second(s)`);
    const configured = body.role && shared.get(body.role);
    if (body.role && !configured) {
      throw new HttpError(503, `no password is set for the ${body.role} role; set web.${body.role}Password in the configuration, or sign in with a named account`);
    }
    // Counted as a failure before the (asynchronous) check, so parallel guesses cannot all slip past the throttle.
    throttle.fail(keys);
    const who = body.role ? (matchesConfigured(body.password, configured!) ? { role: body.role } : undefined) : toWho(await accounts.verify(account, body.password));
    if (!who) {
      log.warn({ account: body.role ? account : undefined, trusted }, 'sign-in failed');
      throw new HttpError(401, body.role ? 'wrong password' : 'wrong user name or password');
    }
    throttle.forgive(keys);
    throttle.reset(keys.filter((k) => !k.startsWith('address:')));
    setCookie(c, DEVICE_COOKIE, devices.remember(device, account), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/login',
      secure: options.secureCookies,
      maxAge: Math.floor(devices.ttlMs / 1000),
    });
    const previous = c.get('session');
    if (previous) sessions.delete(previous.token);
    const session = sessions.create(who);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: options.secureCookies,
      maxAge: Math.floor((session.expiresAt - app.clock.now().getTime()) / 1000),
    });
    log.info({ role: session.role, account: session.account }, 'signed in');
    return c.json(sessionView(session));
  });

  routes.get('/session', (c) => {
    const session = c.get('session');
    if (!session) throw new HttpError(401, 'not signed in');
    return c.json(sessionView(session));
  });

  routes.post('/logout', signedIn('secretary'), (c) => {
    const session = c.get('session')!;
    const ended = sessions.end(session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    log.info({ account: session.account, ended }, 'signed out');
    return c.body(null, 204);
  });

  return routes;
}

function toWho(account: Account | undefined) {
  return account && { role: account.role, account: account.name, display: account.display };
}

function sessionView(s: Session) {
  return { role: s.role, user: s.account ?? null, display: s.display ?? null, csrfToken: s.csrfToken };
}
