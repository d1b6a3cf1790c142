import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SqliteAccountStore, type Role } from '../../../src/accounts/account-store.js';
import { SqliteSessionStore } from '../../../src/accounts/session-store.js';
import { SqliteTrustedDevices } from '../../../src/accounts/trusted-devices.js';
import type { App } from '../../../src/app.js';
import { CSRF_HEADER, SESSION_COOKIE, type ApiContext, type Env } from '../../../src/channels/web/api/context.js';
import { answerError } from '../../../src/channels/web/http-error.js';
import { WebChannel } from '../../../src/channels/web/web-channel.js';
import { SqliteWebInbox } from '../../../src/channels/web/web-inbox.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { sampleSandbox, sandboxApp, WEDNESDAY_10AM } from './web-fixture.js';

/**
 * One route module of the web API mounted on a bare Hono app, with no server: requests go
 * through `app.request()`. The session is read from the cookie and errors rendered as
 * web-server.ts does, so the status and body are what a browser would get.
 */
export interface RouteHarness {
  app: App;
  clock: ReturnType<typeof fixedClock>;
  knowledgeDir: string;
  sessions: SqliteSessionStore;
  accounts: SqliteAccountStore;
  devices: SqliteTrustedDevices;
  /** Sends a request to the mounted routes under `/api`, as `as` (signed in) from the address `from`. */
  request(method: string, path: string, init?: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; as?: Caller; from?: string }): Promise<Reply>;
  close(): Promise<void>;
}

/** A signed-in person: the cookie and the CSRF token their page sends. */
export interface Caller {
  cookie: string;
  csrf: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  data: any;
}

/** A real app on a temporary copy of knowledge/ and real SQLite, with `mount` deciding which routes are served. */
export async function routeHarness(mount: (ctx: ApiContext, stores: Pick<RouteHarness, 'sessions' | 'accounts' | 'devices'>) => Hono<Env>, config: ConfigInput = {}): Promise<RouteHarness & { signIn(who: Role | { role: Role; account?: string; display?: string }): Caller }> {
  const sandbox = await sampleSandbox('web-routes-');
  const clock = fixedClock(WEDNESDAY_10AM);
  const { app, knowledgeDir, dataDir } = await sandboxApp(sandbox, clock, config);
  const file = join(dataDir, 'tickets.db');
  const inbox = new SqliteWebInbox(file);
  const accounts = new SqliteAccountStore(file);
  const sessions = new SqliteSessionStore(file, clock, 8 * 3_600_000);
  const devices = new SqliteTrustedDevices(file, clock, 90 * 86_400_000);
  const channel = new WebChannel({ inbox, now: () => clock.now() });

  const root = new Hono<Env>();
  root.use('*', async (c, next) => {
    c.set('session', sessions.get(getCookie(c, SESSION_COOKIE)));
    await next();
  });
  root.route('/api', mount({ app, channel, log: silentLogger() }, { sessions, accounts, devices }));
  root.onError(answerError(silentLogger()));

  return {
    app,
    clock,
    knowledgeDir,
    sessions,
    accounts,
    devices,
    signIn(who) {
      const session = sessions.create(typeof who === 'string' ? { role: who } : who);
      return { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: session.csrfToken };
    },
    async request(method, path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.as) Object.assign(headers, { cookie: init.as.cookie, [CSRF_HEADER]: init.as.csrf });
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] = 'application/json';
      }
      Object.assign(headers, init.headers);
      // The node bindings carry the peer's address, as @hono/node-server sets them.
      const env = { incoming: { socket: { remoteAddress: init.from ?? '127.0.0.1' } } };
      const res = await root.request(`/api${path}`, { method, headers, body }, env);
      const text = await res.text();
      let data: any;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = text;
      }
      return { status: res.status, headers: res.headers, data };
    },
    async close() {
      inbox.close();
      accounts.dispose();
      sessions.dispose();
      devices.dispose();
      await app.close();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

/** True when a response body carries a JavaScript stack trace. */
export const hasStack = (data: unknown) => /\n\s+at |\.ts:\d+/.test(JSON.stringify(data));
