import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { App } from '../../../app.js';
import type { Logger } from '../../../logging/logger.js';
import type { Role } from '../../../accounts/account-store.js';
import type { Session } from '../../../accounts/session-store.js';
import { sameSecret } from '../auth.js';
import { HttpError } from '../http-error.js';
import type { WebChannel } from '../web-channel.js';

export const SESSION_COOKIE = 'ob_session';
export const CSRF_HEADER = 'x-csrf-token';

/** What every route of the API sees: the node bindings and the caller's session, if any. */
export type Env = { Bindings: HttpBindings; Variables: { session: Session | undefined } };

/** What the route groups share. */
export interface ApiContext {
  app: App;
  channel: WebChannel;
  log: Logger;
}

/** The person behind a session, as the ticket store records them: `web:<account>`, or `web:<role>` for a shared password. */
export function actor(session: Session): { id: string; name?: string } {
  return { id: `web:${session.account ?? session.role}`, name: session.display };
}

const JSON_LIMIT = 64 * 1024;

/** Refuses a JSON body over 64 KiB before reading it. */
export const jsonLimit = bodyLimit({
  maxSize: JSON_LIMIT,
  onError: () => {
    throw new HttpError(413, `body is larger than ${JSON_LIMIT / 1024} KiB`);
  },
});

/** Admits signed-in people of the role (admins may do everything secretaries do); checks the CSRF token on writes. */
export function signedIn(role: Role): MiddlewareHandler<Env> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) throw new HttpError(401, 'sign in first (POST /api/login)');
    if (role === 'admin' && session.role !== 'admin') throw new HttpError(403, 'this needs the admin role');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') checkCsrf(c, session);
    await next();
  };
}

function checkCsrf(c: Context, session: Session): void {
  const token = c.req.header(CSRF_HEADER);
  if (!token || !sameSecret(token, session.csrfToken)) {
    throw new HttpError(403, `missing or wrong ${CSRF_HEADER} header; send the csrfToken from /api/login or /api/session`);
  }
}
