import pRetry from 'p-retry';
import { WebSocket } from 'ws';
import type { Logger } from '../../logging/logger.js';

export interface ForwardDialerOptions {
  /** The framework's forward WebSocket (`ws://…`). */
  url: string;
  accessToken?: string;
  handshakeTimeoutMs: number;
  /** First and longest wait between attempts; the wait doubles, with jitter, after each failure. */
  minMs: number;
  maxMs: number;
  log: Logger;
  /** Takes an open connection; the dialer waits for it to close before dialling again. */
  onOpen: (socket: WebSocket) => void;
}

// Logs name the server, never a token that may sit in the query string.
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Keeps a forward connection to the QQ framework: dials, hands the open socket over, and when
 * it closes waits the shortest time and dials again, backing off with p-retry (doubling from
 * `minMs` to `maxMs`, randomised so many bots do not redial in step) while attempts fail.
 */
export class ForwardDialer {
  private readonly stopping = new AbortController();
  private connecting: WebSocket | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ForwardDialerOptions) {}

  start(): void {
    this.running ??= this.loop().catch((err: unknown) => {
      if (!this.stopping.signal.aborted) this.options.log.error({ err }, 'forward dialer stopped');
    });
  }

  /** Stops dialling; a connection being made is dropped. An open one is the channel's to close. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.connecting?.terminate();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { minMs, maxMs, log, url } = this.options;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const { closed } = await pRetry(() => this.dial(), {
        retries: Number.POSITIVE_INFINITY,
        factor: 2,
        minTimeout: minMs,
        maxTimeout: maxMs,
        randomize: true,
        signal,
        onFailedAttempt: ({ error, attemptNumber }) => {
          const hint = /\b401\b/.test(error.message) ? '; check that ONEBOT_ACCESS_TOKEN equals the framework token' : '';
          log.warn({ url: safeUrl(url), attempt: attemptNumber, err: error.message + hint }, 'forward connection failed');
        },
      });
      await closed;
      // A framework that restarts is given the shortest wait, not the last backoff.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, minMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  /**
   * One attempt: hands the open socket over at once (in the 'open' event, so no frame that
   * follows it is missed) and resolves to its closing; rejects when the handshake fails.
   */
  private dial(): Promise<{ closed: Promise<void> }> {
    const { url, accessToken, handshakeTimeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, {
        headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
        handshakeTimeout: handshakeTimeoutMs,
      });
      this.connecting = socket;
      let opened = false;
      // Stays attached: once open, the connection logs its own errors, and an 'error' without a listener would throw.
      socket.on('error', (error) => {
        if (opened) return;
        this.connecting = undefined;
        socket.terminate();
        reject(error);
      });
      socket.once('open', () => {
        opened = true;
        this.connecting = undefined;
        const closed = new Promise<void>((done) => socket.once('close', () => done()));
        this.options.onOpen(socket);
        resolve({ closed });
      });
    });
  }
}
