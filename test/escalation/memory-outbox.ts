import { systemClock, type Clock } from '../../src/core/clock.js';
import type { OutboundChannel } from '../../src/core/ports.js';
import { Outbox } from '../../src/escalation/outbox.js';
import { SqliteOutboxStore } from '../../src/escalation/sqlite-outbox-store.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';

export interface MemoryOutbox {
  outbox: Outbox;
  store: SqliteOutboxStore;
  close(): Promise<void>;
}

/** A real outbox over an in-memory SQLite database, with quick retries, for channel tests. */
export function memoryOutbox(options: { clock?: Clock; log?: Logger; channels?: OutboundChannel[]; limit?: number } = {}): MemoryOutbox {
  const store = new SqliteOutboxStore(':memory:');
  const outbox = new Outbox({
    store,
    clock: options.clock ?? systemClock,
    log: options.log ?? silentLogger(),
    limitFor: () => options.limit ?? 2000,
    retry: { minMs: 20, maxMs: 200 },
  });
  for (const channel of options.channels ?? []) outbox.register(channel);
  return {
    outbox,
    store,
    async close() {
      await outbox.stop();
      store.close();
    },
  };
}
