import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OnboardingError } from '../core/errors.js';
import { openDatabase } from '../escalation/open-database.js';
import { erasePerson } from '../escalation/privacy.js';
import { PID_FILE } from './reload-command.js';

/** Tickets, the question log and the web inboxes: everything of the data dir that cannot be rebuilt. */
export const STATE_FILE = 'tickets.db';

class DataCommandError extends OnboardingError {}

function stateFile(dataDir: string): string {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) throw new DataCommandError(`${file} does not exist; pass --data DIR with the bot's data directory`);
  return file;
}

/**
 * `onboarding-bot backup <file>`: SQLite's online backup, page by page, so it is consistent
 * and safe while the bot runs. The index and embeddings cache are left out: they are rebuilt.
 */
export async function backup(dataDir: string, target: string): Promise<string> {
  const db = new Database(stateFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
    const tickets = (db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    return `backed up ${tickets} tickets, the question log and the web inboxes to ${resolve(target)}`;
  } finally {
    db.close();
  }
}

/** `onboarding-bot restore <file>`: puts a backup in place; refused while a bot runs on the data dir. */
export async function restore(dataDir: string, source: string): Promise<string> {
  const pid = await readFile(join(dataDir, PID_FILE), 'utf8').then(Number).catch(() => undefined);
  if (pid && isAlive(pid)) throw new DataCommandError(`the bot (pid ${pid}) runs on ${dataDir}; stop it before restoring`);
  let tickets: number;
  try {
    const check = new Database(source, { readonly: true, fileMustExist: true });
    try {
      if (check.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('the file fails SQLite\'s quick_check');
      tickets = (check.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    } finally {
      check.close();
    }
  } catch (cause) {
    throw new DataCommandError(`${source} is not a backup of onboarding-bot: ${(cause as Error).message}`, { cause });
  }
  const file = join(dataDir, STATE_FILE);
  // A fresh machine's data directory may not exist yet.
  await mkdir(dataDir, { recursive: true });
  // Copied beside the live file and renamed over it, so a crash never leaves half a database.
  await copyFile(source, `${file}.restoring`);
  await rm(`${file}-wal`, { force: true });
  await rm(`${file}-shm`, { force: true });
  await rename(`${file}.restoring`, file);
  return `restored ${tickets} tickets from ${resolve(source)} into ${file}`;
}

/** `onboarding-bot forget <person>`: blanks what one person wrote and was sent; counts stay. */
export function forget(dataDir: string, person: string): string {
  if (!/^[a-z-]+:.+$/.test(person)) throw new DataCommandError(`"${person}" is not a person; expected "channel:id", e.g. wechat:wxid_abc or web:zhang`);
  const db = openDatabase(stateFile(dataDir));
  try {
    const erased = erasePerson(db, person);
    return `forgot ${person}: ${erased.questions} questions, ${erased.tickets} tickets and ${erased.inbox} web messages blanked, ${erased.outbox} sent messages deleted; counts kept`;
  } finally {
    db.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
