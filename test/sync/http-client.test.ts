import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/sync/http-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('the sync HTTP client', () => {
  const routes = new Map<string, Handler>();
  const seen: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
  let server: Server;
  let base: string;
  const client = (options: Partial<HttpClientOptions> = {}) =>
    new HttpClient({ userAgent: 'onboarding-bot-sync/test', concurrency: 2, delayMs: 0, timeoutMs: 1000, maxBytes: 1024, ...options });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url!, headers: req.headers });
      const handler = routes.get(req.url!);
      if (handler) handler(req, res);
      else res.writeHead(404).end('gone');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    routes.set('/page', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'last-modified': 'Mon, 01 Sep 2025 00:00:00 GMT' }).end('<p>报到</p>'));
    routes.set('/cached', (req, res) => (req.headers['if-none-match'] === '"v1"' ? res.writeHead(304).end() : res.writeHead(200).end('fresh')));
    routes.set('/moved', (_req, res) => res.writeHead(301, { location: '../elsewhere/page' }).end());
    routes.set('/broken', (_req, res) => res.writeHead(500).end('oops'));
    routes.set('/declared-big', (_req, res) => res.writeHead(200, { 'content-length': String(4096) }).end(Buffer.alloc(4096)));
    routes.set('/streamed-big', (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 8; i++) res.write(Buffer.alloc(512, 'a'));
      res.end();
    });
    routes.set('/silent', () => undefined);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('names itself, and hands back the body with its type and validators', async () => {
    const result = await client().get(`${base}/page`);
    expect(result).toMatchObject({ kind: 'ok', contentType: 'text/html; charset=utf-8', etag: '"v1"', lastModified: 'Mon, 01 Sep 2025 00:00:00 GMT' });
    expect(result.kind === 'ok' && result.bytes.toString('utf8')).toBe('<p>报到</p>');
    expect(seen.at(-1)!.headers['user-agent']).toBe('onboarding-bot-sync/test');
  });

  it('asks with the validators it is given, and says when nothing changed', async () => {
    expect(await client().get(`${base}/cached`, { etag: '"v1"', lastModified: 'Mon, 01 Sep 2025 00:00:00 GMT' })).toEqual({ kind: 'not-modified', url: `${base}/cached` });
    expect(seen.at(-1)!.headers['if-modified-since']).toBe('Mon, 01 Sep 2025 00:00:00 GMT');
    expect((await client().get(`${base}/cached`)).kind).toBe('ok');
  });

  it('returns a redirect with its absolute target instead of following it', async () => {
    expect(await client().get(`${base}/moved`)).toEqual({ kind: 'redirect', url: `${base}/moved`, location: `${base}/elsewhere/page` });
    expect(seen.some((s) => s.path === '/elsewhere/page')).toBe(false);
  });

  it('says why a page failed: its status, its size, silence, or a refused connection', async () => {
    const c = client({ timeoutMs: 300 });
    expect(await c.get(`${base}/broken`)).toMatchObject({ kind: 'failed', status: 500, reason: 'HTTP 500' });
    expect(await c.get(`${base}/declared-big`)).toMatchObject({ kind: 'failed', reason: 'larger than the 1 KB limit (4 KB)' });
    expect(await c.get(`${base}/streamed-big`)).toMatchObject({ kind: 'failed', reason: 'larger than the 1 KB limit' });
    expect(await c.get(`${base}/silent`)).toMatchObject({ kind: 'failed', reason: 'no response within 0.3 s' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await c.get(`http://127.0.0.1:${port}/`)).toMatchObject({ kind: 'failed', reason: 'ECONNREFUSED' });
  });

  it('says the sync stopped when it is told to stop', async () => {
    const stop = new AbortController();
    const pending = client({ signal: stop.signal }).get(`${base}/silent`);
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toMatchObject({ kind: 'failed', reason: 'sync stopped' });
  });

  it('leaves the pause between request starts, and a Crawl-delay can only lengthen it', async () => {
    // Measured from here: each start waits for its turn, however fast the server answers.
    const c = client({ concurrency: 2, delayMs: 60 });
    c.slowDownTo(10);
    let from = performance.now();
    await Promise.all([c.get(`${base}/page`), c.get(`${base}/page`), c.get(`${base}/page`)]);
    expect(performance.now() - from).toBeGreaterThanOrEqual(119);
    c.slowDownTo(150);
    from = performance.now();
    await c.get(`${base}/page`);
    await c.get(`${base}/page`);
    expect(performance.now() - from).toBeGreaterThanOrEqual(149);
  });
});
