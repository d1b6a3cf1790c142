import pLimit from 'p-limit';

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { kind: 'ok'; url: string; contentType: string | null; bytes: Buffer; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified'; url: string }
  | { kind: 'redirect'; url: string; location: string }
  | { kind: 'failed'; url: string; status?: number; reason: string };

export interface HttpClientOptions {
  userAgent: string;
  concurrency: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * A polite client for one department's server: a named User-Agent, at most `concurrency`
 * requests in flight, `delayMs` between request starts, a timeout and a size limit per
 * response. Redirects are returned, not followed, so the crawler can check each hop's scope.
 */
export class HttpClient {
  private readonly limit;
  private nextStart = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.limit = pLimit(options.concurrency);
  }

  /** Raises the gap between requests, e.g. to a robots.txt Crawl-delay. */
  slowDownTo(delayMs: number): void {
    this.options.delayMs = Math.max(this.options.delayMs, delayMs);
  }

  get(url: string, validators: Validators = {}): Promise<FetchResult> {
    return this.limit(async () => {
      await this.waitForTurn();
      return this.request(url, validators);
    });
  }

  private async waitForTurn(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextStart);
    this.nextStart = at + this.options.delayMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  private async request(url: string, validators: Validators): Promise<FetchResult> {
    const { userAgent, timeoutMs, maxBytes, signal } = this.options;
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, { headers, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      if (response.status === 304) return { kind: 'not-modified', url };
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        return { kind: 'redirect', url, location: new URL(location, url).href };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { kind: 'failed', url, status: response.status, reason: `HTTP ${response.status}` };
      }
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > maxBytes) {
        await response.body?.cancel();
        return { kind: 'failed', url, reason: tooLarge(declared, maxBytes) };
      }
      const bytes = await readCapped(response, maxBytes);
      if (!bytes) return { kind: 'failed', url, reason: tooLarge(maxBytes + 1, maxBytes) };
      return {
        kind: 'ok',
        url,
        contentType: response.headers.get('content-type'),
        bytes,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    } catch (error) {
      if (timeout.aborted) return { kind: 'failed', url, reason: `no response within ${timeoutMs / 1000} s` };
      if (signal?.aborted) return { kind: 'failed', url, reason: 'sync stopped' };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { kind: 'failed', url, reason: cause?.code ?? cause?.message ?? (error as Error).message };
    }
  }
}

function tooLarge(bytes: number, limit: number): string {
  return `larger than the ${Math.round(limit / 1024)} KB limit${bytes > limit + 1 ? ` (${Math.round(bytes / 1024)} KB)` : ''}`;
}

/** Reads the body, giving up (and closing the connection) once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
}
