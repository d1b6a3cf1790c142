import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../core/clock.js';

export type Role = 'secretary' | 'admin';
export const ROLES: readonly Role[] = ['secretary', 'admin'];

/** A password kept only as its scrypt hash, so a heap dump or a log line never shows it. */
export interface PasswordHash {
  salt: Buffer;
  hash: Buffer;
}

const KEY_LENGTH = 32;

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): PasswordHash {
  return { salt, hash: scryptSync(password, salt, KEY_LENGTH) };
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** Asynchronous, so a burst of sign-ins does not stall every other request. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await scryptAsync(password, stored.salt, KEY_LENGTH);
  return timingSafeEqual(candidate, stored.hash);
}

/** Compares two secrets in constant time; unequal lengths are simply unequal. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Session {
  token: string;
  role: Role;
  /** Sent back by the page in `X-CSRF-Token` on every state-changing request. */
  csrfToken: string;
  expiresAt: number;
}

/**
 * Signed-in people, in memory: a restart signs everyone out, which is the safe default for
 * a console that only a handful of office staff use.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  create(role: Role): Session {
    this.prune();
    const session: Session = {
      token: randomBytes(32).toString('base64url'),
      role,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: this.clock.now().getTime() + this.ttlMs,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= this.clock.now().getTime()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  delete(token: string): void {
    this.sessions.delete(token);
  }

  private prune(): void {
    const now = this.clock.now().getTime();
    for (const [token, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(token);
  }
}

/**
 * Failed sign-ins per client address in a sliding window; once the limit is reached every
 * attempt is refused until the oldest failure leaves the window, right password or not,
 * so guessing cannot continue by luck.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may try now. */
  retryAfterMs(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    return (recent[0] ?? 0) + this.windowMs - this.clock.now().getTime();
  }

  fail(client: string): void {
    const recent = this.recent(client);
    recent.push(this.clock.now().getTime());
    this.failures.set(client, recent);
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    const kept = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(client, kept);
    else this.failures.delete(client);
    return kept;
  }
}
