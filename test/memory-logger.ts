import { createLogger, type Logger } from '../src/logging/logger.js';

/** The project's logger (its redaction included), writing its lines to memory so a test can read them. */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } }) };
}
