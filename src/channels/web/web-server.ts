import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { App } from '../../app.js';
import { SqliteAccountStore } from '../../accounts/account-store.js';
import { SqliteSessionStore } from '../../accounts/session-store.js';
import { SqliteTrustedDevices } from '../../accounts/trusted-devices.js';
import type { Config } from '../../config/schema.js';
import { OnboardingError } from '../../core/errors.js';
import type { MessageHandler } from '../../core/ports.js';
import type { Logger } from '../../logging/logger.js';
import { sameSecret } from './auth.js';
import { answerError } from './http-error.js';
import { securityHeaders, staticPages } from './static-pages.js';
import { createWebApi } from './web-api.js';
import { WebChannel } from './web-channel.js';
import { SiteSync } from '../../sync/site-sync.js';
import { SqliteWebInbox } from './web-inbox.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A plain fetch handler for one path, as the official WeChat channels' callbacks are. */
export type RouteHandler = (request: Request) => Promise<Response>;

export interface WebServerOptions {
  /** The conversation engine the web channel is started with; `app.bot` by default (tests pass a fake). */
  handler?: MessageHandler;
  /** Defaults to `app.config.web.host` (127.0.0.1). */
  host?: string;
  /** Defaults to `app.config.web.port`; 0 picks a free port. */
  port?: number;
  log?: Logger;
  /** This and the settings below default to the same keys of `app.config.web`. */
  secureCookies?: boolean;
  sessionHours?: number;
  loginMaxFailures?: number;
  loginWindowMinutes?: number;
  loginDelaySeconds?: number;
  loginMaxDelayMinutes?: number;
  inboxWaitSeconds?: number;
  /** The website sync the admin page shows and starts; by default one on `app.config.sync` that reloads `app`. */
  siteSync?: SiteSync;
  trustProxy?: string;
  chatPerAddressPerMinute?: number;
  /** Bearer token of `/metrics`; unset (here and in the config), the route does not exist. */
  metricsToken?: string;
  /** Timeouts and the connection cap; each defaults to the key of `app.config.web`. */
  limits?: Partial<ServerLimits>;
}

/** What keeps idle, slow or too many clients from holding the server's sockets. */
export type ServerLimits = Pick<
  Config['web'],
  'headersTimeoutSeconds' | 'bodyTimeoutSeconds' | 'keepAliveSeconds' | 'idleTimeoutSeconds' | 'maxConnections'
>;

/** A running web server: pages, `/api`, and WebSocket endpoints other channels mount on it. */
export interface WebServer {
  url: string;
  port: number;
  /** The `web` channel; already registered with the app. */
  channel: WebChannel;
  /** Hands HTTP upgrades on `path` (e.g. `/onebot/v11/ws`) to the handler; others are refused. */
  registerUpgrade(path: string, handler: UpgradeHandler): void;
  /** Hands every request for exactly `path` (e.g. `/wecom/callback`) to the handler. */
  registerRoute(path: string, handler: RouteHandler): void;
  /** Stops accepting, answers waiting long polls, closes every connection and the inbox, unregisters the channel. */
  close(): Promise<void>;
}

/** How long a browser that signed in stays exempt from the throttling of strangers' attempts. */
const TRUSTED_DEVICE_DAYS = 90;

/**
 * Starts the web channel: the chat page at `/`, the secretary console at `/console`, the
 * admin page at `/admin`, the JSON API under `/api`. Registers the `web` channel with the
 * app so secretary answers reach web visitors.
 */
export async function startWebServer(app: App, options: WebServerOptions = {}): Promise<WebServer> {
  const log = (options.log ?? app.log).child({ module: 'channel.web' });
  const file = join(app.config.dataDir, 'tickets.db');
  const inbox = new SqliteWebInbox(file);
  const web = app.config.web;
  // Beside the tickets, so sign-ins survive a restart and `backup` keeps the accounts.
  const accounts = new SqliteAccountStore(file);
  const sessions = new SqliteSessionStore(file, app.clock, (options.sessionHours ?? web.sessionHours) * 3_600_000);
  const devices = new SqliteTrustedDevices(file, app.clock, TRUSTED_DEVICE_DAYS * 86_400_000);
  const closeStores = () => {
    inbox.close();
    accounts.dispose();
    sessions.dispose();
    devices.dispose();
  };
  const channel = new WebChannel({ inbox, now: () => app.clock.now() });
  // Made here unless the caller shares one (main.ts does, with its schedule); one made here is stopped here too.
  const siteSync =
    options.siteSync ?? SiteSync.fromSettings(app.config.sync, { knowledgeDir: app.knowledge.knowledgeDir, dataDir: app.config.dataDir, log, reload: () => app.reload() });
  const api = createWebApi({
    app,
    channel,
    log,
    secureCookies: options.secureCookies ?? web.secureCookies,
    accounts,
    sessions,
    devices,
    loginMaxFailures: options.loginMaxFailures ?? web.loginMaxFailures,
    loginWindowMinutes: options.loginWindowMinutes ?? web.loginWindowMinutes,
    loginDelaySeconds: options.loginDelaySeconds ?? web.loginDelaySeconds,
    loginMaxDelayMinutes: options.loginMaxDelayMinutes ?? web.loginMaxDelayMinutes,
    inboxWaitSeconds: options.inboxWaitSeconds ?? web.inboxWaitSeconds,
    siteSync,
    trustProxy: options.trustProxy ?? web.trustProxy,
    chatPerAddressPerMinute: options.chatPerAddressPerMinute ?? web.chatPerAddressPerMinute,
  });

  let stopping = false;
  const root = new Hono<{ Bindings: HttpBindings }>();
  root.use('*', securityHeaders);
  root.use('*', async (c, next) => {
    await next();
    // Responses finished while stopping (answered long polls) also end their connection.
    if (stopping) c.header('Connection', 'close');
  });
  // Channels mount their callbacks after the server is up, when Hono's router is already built.
  const routes = new Map<string, RouteHandler>();
  root.use('*', async (c, next) => {
    const route = routes.get(c.req.path);
    if (route) return route(c.req.raw);
    await next();
  });
  root.route('/', staticPages);
  root.get('/healthz', (c) => c.text('ok'));
  const metricsToken = options.metricsToken ?? web.metricsToken;
  if (metricsToken !== undefined) {
    root.get('/metrics', async (c) => {
      const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !sameSecret(given, metricsToken)) {
        c.header('WWW-Authenticate', 'Bearer');
        return c.text('send "Authorization: Bearer <web.metricsToken>"', 401);
      }
      const { body, contentType } = await app.metrics.render();
      return c.body(body, 200, { 'Content-Type': contentType });
    });
  }
  root.route('/api', api);
  root.notFound((c) => c.text('页面不存在', 404));
  root.onError(answerError(log));

  const limits: ServerLimits = { ...app.config.web, ...options.limits };
  const server = createAdaptorServer({
    fetch: root.fetch,
    // Node checks for overdue headers and bodies on this interval; its default (30 s) is longer than the timeouts.
    serverOptions: { connectionsCheckingInterval: Math.min(1000, (limits.headersTimeoutSeconds * 1000) / 2) },
  }) as Server;
  server.headersTimeout = limits.headersTimeoutSeconds * 1000;
  server.requestTimeout = limits.bodyTimeoutSeconds * 1000;
  server.keepAliveTimeout = limits.keepAliveSeconds * 1000;
  // No 'timeout' listener: Node destroys a socket idle this long.
  server.timeout = limits.idleTimeoutSeconds * 1000;
  // Beyond the cap Node closes new connections at once, so idle floods cannot use up the file descriptors.
  server.maxConnections = limits.maxConnections;
  const upgrades = new Map<string, UpgradeHandler>();
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = upgrades.get(path);
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    // A WebSocket may be quiet between heartbeats; its endpoint watches it, not the idle timeout.
    // (An http server's upgrade socket is always a net.Socket.)
    (socket as Socket).setTimeout(0);
    try {
      handler(req, socket, head);
    } catch (err) {
      log.error({ err, path }, 'upgrade handler failed');
      socket.destroy();
    }
  });

  const host = options.host ?? app.config.web.host;
  const wanted = options.port ?? app.config.web.port;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `port ${wanted} on ${host} is in use; set PORT (web.port) to a free port or stop the other server`
          : error.code === 'EACCES'
            ? `port ${wanted} on ${host} needs privileges; use a port above 1023 (PORT, web.port)`
            : `the web server cannot listen on ${host}:${wanted}; check HOST and PORT (web.host, web.port)`;
      reject(new OnboardingError(hint, { cause: error }));
    };
    server.once('error', failed);
    server.listen(wanted, host, () => {
      server.off('error', failed);
      resolve();
    });
  }).catch((error: unknown) => {
    closeStores();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  await app.connect(channel, options.handler);
  log.info({ url, console: app.config.web.secretaryPassword !== undefined, admin: app.config.web.adminPassword !== undefined }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    channel,
    registerUpgrade(path, handler) {
      upgrades.set(path, handler);
    },
    registerRoute(path, handler) {
      routes.set(path, handler);
    },
    close() {
      closing ??= (async () => {
        stopping = true;
        if (!options.siteSync) await siteSync.stop();
        app.unregisterChannel(channel);
        await channel.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        for (const socket of upgraded) socket.destroy();
        // Requests still in flight get a moment to finish before their sockets are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2000);
        await closed;
        clearTimeout(cut);
        // Closed last: the requests allowed to finish above may still read them.
        closeStores();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
