import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.js';
import { openDatabase } from '../escalation/open-database.js';
import { ACCOUNTS_SCHEMA, type Role } from './account-store.js';

/** A signed-in person: a named account, or someone who used a role's shared password. */
export interface Session {
  token: string;
  /** The account's name; absent for a shared role password. */
  account?: string;
  role: Role;
  /** The account's display name, when it has one. */
  display?: string;
  /** Sent back by the page in `X-CSRF-Token` on every state-changing request. */
  csrfToken: string;
  expiresAt: number;
}

// Sessions of a shared role password are kept under these keys, which no account name can take.
const shared = (role: Role) => `@${role}`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  role TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_account ON sessions (account);
`;

interface Row {
  account: string;
  role: Role;
  csrf_token: string;
  expires_at: number;
  display: string | null;
}

/** Only a hash of the cookie is stored, so a copied database (a backup) signs nobody in. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Sign-ins in SQLite: they survive a restart and expire after `ttlMs`. Signing out ends every
 * session of the account, on every device.
 */
export class SqliteSessionStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {
    this.db = openDatabase(file);
    this.db.exec(ACCOUNTS_SCHEMA);
    this.db.exec(SCHEMA);
  }

  create(who: { role: Role; account?: string; display?: string }): Session {
    const now = this.clock.now().getTime();
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    const session: Session = {
      token: randomBytes(32).toString('base64url'),
      account: who.account,
      role: who.role,
      display: who.display,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: now + this.ttlMs,
    };
    this.db
      .prepare('INSERT INTO sessions (token_hash, account, role, csrf_token, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(session.token), who.account ?? shared(who.role), who.role, session.csrfToken, session.expiresAt);
    return session;
  }

  get(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    // A named session counts only while its account exists, with the account's current role.
    const row = this.db
      .prepare(
        `SELECT s.account, COALESCE(a.role, s.role) AS role, s.csrf_token, s.expires_at, a.display
         FROM sessions s LEFT JOIN accounts a ON a.name = s.account
         WHERE s.token_hash = ? AND (a.name IS NOT NULL OR s.account LIKE '@%')`,
      )
      .get(tokenHash(token)) as Row | undefined;
    if (!row) return undefined;
    if (row.expires_at <= this.clock.now().getTime()) {
      this.delete(token);
      return undefined;
    }
    const named = !row.account.startsWith('@');
    return {
      token,
      account: named ? row.account : undefined,
      role: row.role,
      display: row.display ?? undefined,
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
    };
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  /**
   * Signs out: every session of a named account; for a shared role password only this one,
   * since the other people using that password are not the one leaving.
   */
  end(session: Session): number {
    if (!session.account) {
      this.delete(session.token);
      return 1;
    }
    return this.db.prepare('DELETE FROM sessions WHERE account = ?').run(session.account).changes;
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
