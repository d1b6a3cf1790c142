import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../../src/app.js';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../src/channels/web/web-server.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { seedSampleIndex } from '../../sample-index.js';
import { afterAll, beforeAll } from 'vitest';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SECRETARY_PASSWORD = 'secretary-pass-123';
export const ADMIN_PASSWORD = 'admin-pass-4567';

/** Wednesday 25 November 2026, 10:00 in Shanghai: inside office hours. */
export const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');

export interface WebFixture {
  app: App;
  server: WebServer;
  clock: ReturnType<typeof fixedClock>;
  knowledgeDir: string;
  dataDir: string;
  /** The directory that holds the knowledge copy, to check nothing is written beside it. */
  sandbox: string;
  /**
   * Closes the server and the app, keeping their files, runs `whileDown` (to change the files
   * as a crash would have left them), and starts a new app and server on the same directories
   * and clock. This fixture is spent; the returned one owns the sandbox.
   */
  reopen(whileDown?: () => void | Promise<void>): Promise<WebFixture>;
  close(): Promise<void>;
}

/** A temporary directory with a copy of knowledge/ and the sample index seeded in its data/. */
export async function sampleSandbox(prefix: string): Promise<string> {
  const sandbox = await mkdtemp(join(tmpdir(), prefix));
  await cp(join(REPO, 'knowledge'), join(sandbox, 'knowledge'), { recursive: true });
  await seedSampleIndex(join(sandbox, 'data'));
  return sandbox;
}

/** The app over a sandbox's knowledge/ and data/, silent, with both staff passwords set. */
export async function sandboxApp(sandbox: string, clock: ReturnType<typeof fixedClock>, config: ConfigInput): Promise<{ app: App; knowledgeDir: string; dataDir: string }> {
  const knowledgeDir = join(sandbox, 'knowledge');
  const dataDir = join(sandbox, 'data');
  const app = await createApp({
    knowledgeDir,
    dataDir,
    promptsDir: join(REPO, 'prompts'),
    logger: silentLogger(),
    clock,
    env: {},
    config: { ...config, web: { secretaryPassword: SECRETARY_PASSWORD, adminPassword: ADMIN_PASSWORD, ...config.web } },
  });
  return { app, knowledgeDir, dataDir };
}

/** A real app on a temporary copy of knowledge/ and a temporary data dir, served on a free loopback port. */
export async function startWebFixture(options: WebServerOptions = {}, config: ConfigInput = {}): Promise<WebFixture> {
  return openWebFixture(await sampleSandbox('web-test-'), fixedClock(WEDNESDAY_10AM), options, config);
}

async function openWebFixture(sandbox: string, clock: ReturnType<typeof fixedClock>, options: WebServerOptions, config: ConfigInput): Promise<WebFixture> {
  const { app, knowledgeDir, dataDir } = await sandboxApp(sandbox, clock, config);
  const server = await startWebServer(app, { host: '127.0.0.1', port: 0, ...options });
  const stop = async () => {
    await server.close();
    await app.close();
  };
  return {
    app,
    server,
    clock,
    knowledgeDir,
    dataDir,
    sandbox,
    async reopen(whileDown) {
      await stop();
      await whileDown?.();
      return openWebFixture(sandbox, clock, options, config);
    },
    async close() {
      await stop();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

/** The browser id of a visitor named for the test, in the form the chat page sends. */
/** One running server for a file's tests (or a describe's): started before them, closed after. */
export function useWebServer(): { fx: WebFixture; base: string } {
  const held = {} as { fx: WebFixture; base: string };
  beforeAll(async () => {
    held.fx = await startWebFixture();
    held.base = held.fx.server.url;
  });
  afterAll(async () => {
    await held.fx?.close();
  });
  return held;
}

/** The same, with an admin signed in (`admin`) once the server is up. */
export function useAdminServer(): { fx: WebFixture; base: string; admin: Client } {
  const held = useWebServer() as { fx: WebFixture; base: string; admin: Client };
  beforeAll(async () => {
    held.admin = new Client(held.base);
    await held.admin.login('admin');
  });
  return held;
}

export const visitor = (name: string) => `visitor-${name}-0123456789`;

/** A cookie-keeping JSON client for one person, like a browser tab. */
export class Client {
  /** Cookies by name, as a browser keeps them (the session, and the trusted-browser mark). */
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly base: string) {}

  async request(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrf;
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const all = res.headers.getSetCookie();
    for (const cookie of all) {
      const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
      if (!value || /Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const set = all.find((c) => c.startsWith('ob_session=')) ?? all[0] ?? null;
    const text = await res.text();
    let data: any;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    return { status: res.status, headers: res.headers, data, setCookie: set };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, { json, headers });
  }

  async login(role: 'secretary' | 'admin', password = role === 'admin' ? ADMIN_PASSWORD : SECRETARY_PASSWORD) {
    const res = await this.post('/api/login', { role, password });
    if (res.status === 200) this.csrf = res.data.csrfToken;
    return res;
  }

  /** Saves a document under knowledge/ as the admin page does; `replace` overwrites one that exists. */
  upload(path: string, body: string | Buffer, replace = false) {
    return this.request('PUT', `/api/admin/documents?path=${encodeURIComponent(path)}&replace=${replace}`, {
      body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  /** Signs in with a named account. */
  async loginAs(user: string, password: string) {
    const res = await this.post('/api/login', { user, password });
    if (res.status === 200) this.csrf = res.data.csrfToken;
    return res;
  }
}
