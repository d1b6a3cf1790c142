import type Database from 'better-sqlite3';

interface Write {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Commits the writes asked for during one tick of the event loop in one transaction, so one
 * fsync carries them all: under load a busy disk costs one wait per tick, not one per ticket.
 * A write's promise resolves once its transaction is on disk (synchronous=FULL). Each write
 * runs in its own savepoint, so one that throws rejects alone.
 */
export class GroupCommit {
  private queue: Write[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly db: Database.Database) {}

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run: write, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now; `close()` of a store calls it before the database goes. */
  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const write of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(write.run)() });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      })();
    } catch (err) {
      // The commit itself failed (disk full, database closed): nothing of the batch is stored.
      for (const write of batch) write.reject(err);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.err);
    });
  }
}
