import type { Wechaty } from 'wechaty';
import type { Logger } from '../../logging/logger.js';

/** Errors that mean the puppet cannot reach its server, not that something in the bot broke. */
const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|network (is )?unreachable/i;

export function isUnreachable(err: unknown): boolean {
  const e = err as { message?: unknown; details?: unknown; code?: unknown } | undefined;
  return [e?.message, e?.details, e?.code].some((v) => typeof v === 'string' && UNREACHABLE.test(v));
}

function hostOf(err: unknown): string | undefined {
  const text = `${(err as { message?: unknown })?.message ?? ''} ${(err as { details?: unknown })?.details ?? ''}`;
  return /(?:ENOTFOUND|EAI_AGAIN)\s+([\w.-]+)/.exec(text)?.[1];
}

export interface LoginRetryOptions {
  wechaty: Wechaty;
  log: Logger;
  /** Restarts of the Wechaty before WeChat is left off; 4 by default. */
  attempts?: number;
  /** Wait before the first restart, tripled each time; 5 s by default. */
  firstDelayMs?: number;
}

/**
 * Without a network a puppet reports the same failure many times a second. This turns it
 * into one line per attempt, restarts the Wechaty a few times with growing waits (5 s, 15 s,
 * 45 s, 135 s), then leaves WeChat off while the rest of the bot serves on.
 */
export class LoginRetry {
  private attempt = 0;
  private busy = false;
  private gaveUp = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private noted = false;

  constructor(private readonly options: LoginRetryOptions) {}

  /** The puppet reached its server (a QR code, a login): the next outage starts counting afresh. */
  reached(): void {
    this.attempt = 0;
    this.gaveUp = false;
    this.noted = false;
  }

  /**
   * Handles an unreachable-server error; repeated ones during an attempt are dropped. A
   * Wechaty the channel did not start (`restart` false) is only reported, once.
   */
  failed(err: unknown, restart = true): void {
    if (this.busy || this.gaveUp || this.stopped) return;
    const { log, wechaty } = this.options;
    const attempts = this.options.attempts ?? 4;
    const host = hostOf(err);
    const line = `cannot reach WeChat's login server${host ? ` (${host})` : ''}; check the network or the puppet`;
    if (!restart) {
      if (!this.noted) log.warn(line);
      this.noted = true;
      return;
    }
    this.busy = true;
    this.attempt++;
    if (this.attempt > attempts) {
      this.gaveUp = true;
      log.error({ attempts }, `${line}; WeChat stays off, the other channels keep running; restart the bot to try again`);
      void this.stopWechaty().finally(() => { this.busy = false; });
      return;
    }
    const waitMs = (this.options.firstDelayMs ?? 5000) * 3 ** (this.attempt - 1);
    log.warn({ attempt: this.attempt, of: attempts, retryInSeconds: waitMs / 1000 }, line);
    void (async () => {
      await this.stopWechaty();
      await new Promise<void>((resolve) => { this.timer = setTimeout(resolve, waitMs); });
      if (this.stopped) return;
      await wechaty.start().catch((error: unknown) => { if (!isUnreachable(error)) log.error({ err: error }, 'wechaty restart failed'); });
    })().finally(() => { this.busy = false; });
  }

  private async stopWechaty(): Promise<void> {
    // wechaty-puppet-wechat4u 1.x drops its client on stop, then the client's own 'logout'
    // event calls start() on nothing: an uncaught TypeError on every stop. The old client's
    // logout listeners go first; a start makes a new client with its own.
    try {
      const client = (this.options.wechaty.puppet as unknown as { wechat4u?: { removeAllListeners?: (event: string) => void } }).wechat4u;
      client?.removeAllListeners?.('logout');
    } catch {
      // No puppet yet: nothing to quiet.
    }
    await this.options.wechaty.stop().catch(() => undefined);
  }

  /** The channel is stopping: no more restarts. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
