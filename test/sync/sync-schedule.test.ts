import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { scheduleSync } from '../../src/sync/sync-schedule.js';

describe('scheduleSync', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at once and then every interval, never two at a time, and aborts the run in progress on stop', async () => {
    vi.useFakeTimers();
    const signals: AbortSignal[] = [];
    let finish: () => void = () => {};
    const schedule = scheduleSync({
      everyMs: 60_000,
      log: createLogger({ level: 'silent' }),
      run: (signal) => {
        signals.push(signal);
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    });
    expect(signals).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(signals).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(signals).toHaveLength(2);
    const stopped = schedule.stop();
    expect(signals[1]!.aborted).toBe(true);
    finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(180_000);
    expect(signals).toHaveLength(2);
  });
});
