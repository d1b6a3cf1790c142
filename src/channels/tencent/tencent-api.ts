import pRetry from 'p-retry';
import { z } from 'zod';
import { OnboardingError, type Undeliverable } from '../../core/errors.js';
import type { Logger } from '../../logging/logger.js';

/** Tencent refused or failed a call; `errcode` is Tencent's, when it answered at all. */
export class TencentApiError extends OnboardingError {
  constructor(
    message: string,
    readonly errcode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The person cannot be reached any more (45015: past the Official Account's 48-hour window); retrying is pointless. */
export class TencentUndeliverable extends TencentApiError implements Undeliverable {
  readonly undeliverable = true as const;
}

/** WeCom took the call but names the recipient as one the app cannot reach (`invaliduser`). */
export class TencentRecipientUnknown extends TencentUndeliverable {}

// 40001 invalid credential, 40014 invalid token, 42001 token expired: fetch a new token once.
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
// -1 system busy, 45009 / 45047 rate limits: worth another try after a pause.
const BUSY_ERRORS = new Set([-1, 45009, 45047]);
const UNDELIVERABLE = new Set([45015]);

/** A failure another try may cure: no answer, a 5xx, a busy errcode; never a refusal for good. */
function worthRetrying(err: Error): boolean {
  if (err instanceof TencentUndeliverable) return false;
  return !(err instanceof TencentApiError) || err.errcode === undefined || BUSY_ERRORS.has(err.errcode);
}

const tokenResponse = z.union([
  z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() }),
  z.object({ errcode: z.number().int(), errmsg: z.string().optional() }),
]);
const callResponse = z.object({
  errcode: z.number().int().default(0),
  errmsg: z.string().optional(),
  // WeCom's message API says errcode 0 yet names the recipients it could not reach.
  invaliduser: z.string().optional(),
});

export interface TencentApiOptions {
  /** `https://api.weixin.qq.com` or `https://qyapi.weixin.qq.com`, or a proxy or fake. */
  baseUrl: string;
  /** Path and query of the token endpoint, credentials included (never logged). */
  tokenPath: string;
  log: Logger;
  timeoutMs?: number;
  /** Attempts for a call that met a 5xx, a timeout or a rate limit. */
  attempts?: number;
  /** The first pause before another attempt; it doubles after each, times a random 1 to 2. */
  backoffMs?: number;
  now?: () => number;
}

/**
 * Tencent's JSON APIs with their access token: fetched on first need, cached until a few
 * minutes before it expires, shared by calls made at the same time, fetched again once when
 * Tencent says it is no longer valid. The token never reaches a log line or an error message.
 */
export class TencentApi {
  private token: { value: string; until: number } | undefined;
  private fetching: Promise<string> | undefined;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TencentApiOptions) {
    this.log = options.log;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  /**
   * POSTs `body` to `path` with the token; resolves once Tencent answered errcode 0. A 5xx, a
   * timeout or a busy errcode is tried again after a pause that doubles from `backoffMs`, each
   * randomised (p-retry's jitter) so bots whose calls failed together do not retry in step.
   */
  async post(path: string, body: unknown): Promise<void> {
    await pRetry(() => this.postWithToken(path, body), {
      retries: Math.max(0, this.attempts - 1),
      factor: 2,
      minTimeout: this.backoffMs,
      randomize: true,
      shouldRetry: ({ error }) => worthRetrying(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft === 0 || !worthRetrying(error)) return;
        this.log.warn({ path, attempt: attemptNumber, errcode: error instanceof TencentApiError ? error.errcode : undefined }, 'send failed; retrying');
      },
    });
  }

  private async postWithToken(path: string, body: unknown): Promise<void> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.accessToken();
      const result = callResponse.safeParse(await this.request(`${path}?access_token=${encodeURIComponent(token)}`, body));
      if (!result.success) throw new TencentApiError(`${path}: the answer is not Tencent's JSON`);
      const { errcode, errmsg } = result.data;
      if (errcode === 0) {
        if (result.data.invaliduser) throw new TencentRecipientUnknown(`${path}: the recipient is not a member the app can reach`);
        return;
      }
      if (TOKEN_ERRORS.has(errcode) && !refreshed) {
        if (this.token?.value === token) this.token = undefined;
        continue;
      }
      const message = `${path}: errcode ${errcode}${errmsg ? ` (${errmsg.split(',')[0]})` : ''}`;
      if (UNDELIVERABLE.has(errcode)) throw new TencentUndeliverable(message, errcode);
      throw new TencentApiError(message, errcode);
    }
  }

  private accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const parsed = tokenResponse.safeParse(await this.request(this.options.tokenPath));
    if (!parsed.success) throw new TencentApiError('the token endpoint did not answer with a token');
    if ('errcode' in parsed.data) {
      throw new TencentApiError(`the token endpoint refused: errcode ${parsed.data.errcode}; check the id, the secret and the trusted IPs`, parsed.data.errcode);
    }
    const { access_token: value, expires_in: seconds } = parsed.data;
    // Renewed five minutes early (or halfway, for short lives) so no call carries a token about to lapse.
    const margin = Math.min(300, seconds / 2) * 1000;
    this.token = { value, until: this.now() + seconds * 1000 - margin };
    this.log.info({ expiresIn: seconds }, 'access token fetched');
    return value;
  }

  private async request(pathAndQuery: string, body?: unknown): Promise<unknown> {
    const path = pathAndQuery.split('?')[0];
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${pathAndQuery}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      // The cause may name the URL, and with it the token or secret: only its kind is kept.
      throw new TencentApiError(`${path}: no answer (${cause instanceof Error ? cause.name : 'error'})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TencentApiError(`${path}: HTTP ${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new TencentApiError(`${path}: the answer is not JSON`);
    }
  }
}
