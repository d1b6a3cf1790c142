import type Database from 'better-sqlite3';
import { OnboardingError } from '../core/errors.js';
import { openDatabase } from '../escalation/open-database.js';
import { hashPassword, verifyPassword } from './passwords.js';

export type Role = 'secretary' | 'admin';
export const ROLES: readonly Role[] = ['secretary', 'admin'];

/** A named sign-in of the console or the admin page. */
export interface Account {
  /** The login, also the person's id on the web channel (`web:<name>`). */
  name: string;
  role: Role;
  /** How the asker sees the secretary ("王老师"); the name when unset. */
  display?: string;
  createdAt: Date;
}

export class AccountError extends OnboardingError {}

/** Lower-case letters, digits, dot, dash and underscore: safe in `web:<name>` and in a log line. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const MIN_PASSWORD = 8;

/** Also created by the session store, which reads it. */
export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  display TEXT,
  password TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

interface Row {
  name: string;
  role: Role;
  display: string | null;
  password: string;
  created_at: string;
}

const toAccount = (r: Row): Account => ({ name: r.name, role: r.role, display: r.display ?? undefined, createdAt: new Date(r.created_at) });

/**
 * Accounts in the bot's SQLite file (beside the tickets, so `backup` keeps them); passwords
 * only as scrypt hashes. Removing an account ends its sessions at once.
 */
export class SqliteAccountStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openDatabase(file);
    this.db.exec(ACCOUNTS_SCHEMA);
  }

  async add(input: { name: string; role: Role; display?: string; password: string }, at: Date): Promise<Account> {
    if (!ACCOUNT_NAME.test(input.name)) {
      throw new AccountError(`"${input.name}" is not a valid account name; use 2 to 32 lower-case letters, digits, ".", "-" or "_", starting with a letter or digit`);
    }
    if (!ROLES.includes(input.role)) throw new AccountError(`"${input.role}" is not a role; expected secretary or admin`);
    if (input.password.length < MIN_PASSWORD) throw new AccountError(`the password is shorter than ${MIN_PASSWORD} characters`);
    if (this.get(input.name)) throw new AccountError(`account "${input.name}" exists already; remove it first to change it`);
    const hash = await hashPassword(input.password);
    this.db
      .prepare('INSERT INTO accounts (name, role, display, password, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, input.role, input.display?.trim() || null, hash, at.toISOString());
    return this.get(input.name)!;
  }

  get(name: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as Row | undefined;
    return row ? toAccount(row) : undefined;
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY name').all() as Row[]).map(toAccount);
  }

  /** Removes the account and ends its sessions; false when there was none. */
  remove(name: string): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM accounts WHERE name = ?').run(name).changes > 0;
      // The session and device tables exist once a web server has run on this file.
      for (const table of ['sessions', 'login_devices']) {
        if (this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table)) {
          this.db.prepare(`DELETE FROM ${table} WHERE account = ?`).run(name);
        }
      }
      return removed;
    })();
  }

  /** The account when the password is right; undefined for a wrong password or an unknown name. */
  async verify(name: string, password: string): Promise<Account | undefined> {
    const row = this.db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as Row | undefined;
    // An unknown name costs a hash like a known one, so timing does not tell which names exist.
    const ok = await verifyPassword(password, row?.password ?? (await (dummyHash ??= hashPassword('not-a-password'))));
    return row && ok ? toAccount(row) : undefined;
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}

let dummyHash: Promise<string> | undefined;
