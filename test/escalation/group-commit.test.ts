import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/escalation/group-commit.js';
import { openDatabase } from '../../src/escalation/open-database.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('group commit', () => {
  it('commits the writes of one tick in one transaction, and a failing write rejects alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'group-commit-'));
    const db = openDatabase(join(dir, 'x.db'));
    db.exec('CREATE TABLE t (n INTEGER NOT NULL CHECK (n >= 0))');
    let commits = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = ((fn: (...args: never[]) => unknown) => {
      const wrapped = transaction(fn);
      return ((...args: never[]) => {
        if (!db.inTransaction) commits++;
        return wrapped(...args);
      }) as never;
    }) as typeof db.transaction;
    const group = new GroupCommit(db);
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    const writes = Array.from({ length: 200 }, (_, n) => group.run(() => insert.run(n === 7 ? -1 : n)));
    const results = await Promise.allSettled(writes);
    expect(commits).toBe(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[7]!.status).toBe('rejected');
    // Another connection sees the 199 good rows once the promises resolved: they are on disk.
    const reader = new Database(join(dir, 'x.db'), { readonly: true });
    expect((reader.prepare('SELECT COUNT(*) AS c FROM t').get() as { c: number }).c).toBe(199);
    reader.close();
    db.close();
  });

  it('has a ticket in the database before create() resolves, for many tickets at once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'group-commit-'));
    const file = join(dir, 'tickets.db');
    const store = new SqliteTicketStore(file);
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare('SELECT COUNT(*) AS c FROM tickets').get() as { c: number }).c;
    const created = Array.from({ length: 50 }, (_, i) =>
      store
        .create(
          { id: `T${i}`, reason: 'personal_case', channel: 'qq', conversationId: `private:${i}`, askerId: `qq:${i}`, isGroup: false, question: '档案', history: [], candidates: [] },
          new Date('2026-11-25T02:00:00Z'),
        )
        .then((ticket) => ({ ticket, seen: count() })),
    );
    expect(count()).toBe(0);
    for (const { ticket, seen } of await Promise.all(created)) {
      expect(seen).toBe(50);
      expect(ticket.status).toBe('open');
    }
    reader.close();
    store.dispose();
  });
});
