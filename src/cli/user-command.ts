import { join } from 'node:path';
import { read } from 'read';
import { AccountError, ROLES, SqliteAccountStore, type Role } from '../accounts/account-store.js';
import { STATE_FILE } from './data-commands.js';

export interface UserAddFlags {
  role: string;
  display?: string;
  data: string;
}

/** Where the password comes from: the terminal without echo, or the first line of piped stdin. */
export interface PasswordSource {
  (): Promise<string>;
}

/**
 * The terminal when stdin is one (asked twice, nothing echoed), else the first line of stdin,
 * so scripts can pipe it in: `printf '%s\n' "$PW" | onboarding-bot user add wang --role secretary`.
 */
export function passwordFrom(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): PasswordSource {
  return async () => {
    if (stdin.isTTY) {
      const first = await read({ prompt: '密码（至少 8 位）：', silent: true, replace: '*', input: stdin, output: stderr });
      const again = await read({ prompt: '再输入一次：', silent: true, replace: '*', input: stdin, output: stderr });
      if (first !== again) throw new AccountError('the two passwords differ; nothing was changed');
      return first;
    }
    let text = '';
    for await (const part of stdin) {
      text += String(part);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  };
}

function open(dataDir: string): SqliteAccountStore {
  return new SqliteAccountStore(join(dataDir, STATE_FILE));
}

/** `onboarding-bot user add <name> --role secretary|admin [--display NAME]` */
export async function addUser(name: string, flags: UserAddFlags, password: PasswordSource, now = new Date()): Promise<string> {
  if (!ROLES.includes(flags.role as Role)) throw new AccountError(`--role must be secretary or admin, not "${flags.role}"`);
  const store = open(flags.data);
  try {
    const account = await store.add({ name, role: flags.role as Role, display: flags.display, password: await password() }, now);
    return `added ${account.role} ${account.name}${account.display ? ` (${account.display})` : ''}; they sign in at /console${account.role === 'admin' ? ' and /admin' : ''}`;
  } finally {
    store.dispose();
  }
}

/** `onboarding-bot user list`: one account a line, no passwords. */
export function listUsers(dataDir: string): string {
  const store = open(dataDir);
  try {
    const accounts = store.list();
    if (accounts.length === 0) return 'no accounts yet; add one with: onboarding-bot user add <name> --role secretary';
    return accounts.map((a) => [a.name, a.role, a.display ?? '', a.createdAt.toISOString().slice(0, 10)].join('\t')).join('\n');
  } finally {
    store.dispose();
  }
}

/** `onboarding-bot user remove <name>`: the account and its sign-ins go at once, even while the bot runs. */
export function removeUser(dataDir: string, name: string): string {
  const store = open(dataDir);
  try {
    if (!store.remove(name)) throw new AccountError(`there is no account "${name}"; see: onboarding-bot user list`);
    return `removed ${name} and ended their sign-ins`;
  } finally {
    store.dispose();
  }
}
