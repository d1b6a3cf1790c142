import type { Logger } from '../logging/logger.js';

export interface SyncSchedule {
  /** Stops the timer, aborts a run in progress and waits for it to wind down. */
  stop(): Promise<void>;
}

/**
 * Runs `run` now and then every `everyMs`, inside the bot. A run still going when the next is
 * due is not doubled: the tick is skipped. A failed run is logged; the next tick tries again.
 */
export function scheduleSync(options: { everyMs: number; log: Logger; run: (signal: AbortSignal) => Promise<void> }): SyncSchedule {
  const controller = new AbortController();
  let current: Promise<void> | undefined;
  const tick = () => {
    if (current) {
      options.log.warn({ everyMs: options.everyMs }, 'sync still running; skipping this turn');
      return;
    }
    current = options
      .run(controller.signal)
      .catch((err: unknown) => options.log.error({ err }, 'scheduled sync failed'))
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(tick, options.everyMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await current;
    },
  };
}
