import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock.js';
import { openDatabase } from '../escalation/open-database.js';
import { tokenHash } from './session-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS login_devices (
  token_hash TEXT NOT NULL,
  account TEXT NOT NULL,
  last_used INTEGER NOT NULL,
  PRIMARY KEY (token_hash, account)
);
`;

/**
 * Browsers that signed in to an account before (a long-lived cookie, stored hashed). Their
 * attempts are throttled on their own, so a stranger's wrong passwords for the account, or
 * from the address everyone shares behind a proxy, never keep its owner out.
 */
export class SqliteTrustedDevices {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly clock: Clock,
    readonly ttlMs: number,
  ) {
    this.db = openDatabase(file);
    this.db.exec(SCHEMA);
  }

  /** Whether this cookie signed in to the account within `ttlMs`. */
  knows(token: string | undefined, account: string): boolean {
    if (!token) return false;
    const row = this.db.prepare('SELECT last_used FROM login_devices WHERE token_hash = ? AND account = ?').get(tokenHash(token), account) as
      | { last_used: number }
      | undefined;
    return row !== undefined && this.clock.now().getTime() - row.last_used < this.ttlMs;
  }

  /** Records a successful sign-in; returns the cookie to keep (the given one, or a new one). */
  remember(token: string | undefined, account: string): string {
    const now = this.clock.now().getTime();
    const kept = token && /^[A-Za-z0-9_-]{32,64}$/.test(token) ? token : randomBytes(32).toString('base64url');
    this.db.prepare('DELETE FROM login_devices WHERE last_used < ?').run(now - this.ttlMs);
    this.db
      .prepare('INSERT INTO login_devices (token_hash, account, last_used) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET last_used = excluded.last_used')
      .run(tokenHash(kept), account, now);
    return kept;
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
