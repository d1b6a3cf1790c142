import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { TimeSlices } from '../../src/core/time-slices.js';

describe('time slices for long work on the answering thread', () => {
  it('are due once the budget is spent, and a pause starts a fresh slice', async () => {
    // The clock is set by hand, so the test neither waits nor depends on the machine's speed.
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    onTestFinished(() => now.mockRestore());
    const slices = new TimeSlices(5);
    now.mockReturnValue(1_004.9);
    expect(slices.due()).toBe(false);
    now.mockReturnValue(1_005);
    expect(slices.due()).toBe(true);
    await slices.pause();
    expect(slices.due()).toBe(false);
    now.mockReturnValue(1_010);
    expect(slices.due()).toBe(true);
  });

  it('let work that was waiting run at a pause', async () => {
    const slices = new TimeSlices(0);
    let waited = false;
    setImmediate(() => {
      waited = true;
    });
    expect(slices.due()).toBe(true);
    await slices.pause();
    expect(waited).toBe(true);
  });
});
