import type { Logger } from '../logging/logger.js';

/** Kinds of failure already logged, process-wide: one line per kind, not one per bad input. */
const reported = new Map<string, number>();
const MAX_KINDS = 1000;

/** Where an error was raised, as "file.js:line", without the message (which may quote the input). */
function origin(err: unknown): string | undefined {
  const frame = err instanceof Error ? err.stack?.split('\n').find((l) => l.trimStart().startsWith('at ')) : undefined;
  return frame?.match(/([^/\\(]+:\d+):\d+\)?$/)?.[1];
}

/**
 * The error boundary every channel's frame and event handlers share. An input that makes a
 * handler throw is dropped; the first failure of each kind (where, error class, origin) is
 * logged without the error's message or the input, which may hold a person's words.
 */
export function dropInput(log: Logger, where: string, err: unknown): void {
  const name = err instanceof Error ? err.constructor.name : typeof err;
  const at = origin(err);
  const kind = `${where}|${name}|${at ?? ''}`;
  const count = (reported.get(kind) ?? 0) + 1;
  if (count === 1 && reported.size >= MAX_KINDS) return;
  reported.set(kind, count);
  if (count === 1) log.warn({ where, error: name, code: (err as { code?: unknown })?.code, at }, 'malformed input dropped; further ones of this kind are dropped silently');
}

/** Wraps a frame or event handler so nothing it throws, or rejects with, reaches the emitter. */
export function guardInput<A extends unknown[]>(log: Logger, where: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((err: unknown) => dropInput(log, where, err));
    } catch (err) {
      dropInput(log, where, err);
    }
  };
}
