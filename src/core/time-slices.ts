/**
 * Long work on the thread that answers questions (reading a new index snapshot) gives way
 * every few milliseconds, so a question that arrives meanwhile waits one slice, not the
 * whole job. Usage: `if (slices.due()) await slices.pause();` inside the loop.
 */
export class TimeSlices {
  private started = performance.now();

  constructor(private readonly budgetMs = 5) {}

  /** True when this slice has used its budget. */
  due(): boolean {
    return performance.now() - this.started >= this.budgetMs;
  }

  /** Lets waiting I/O and timers run, then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
