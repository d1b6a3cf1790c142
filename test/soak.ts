/**
 * The size of the soak tests (fuzzing, kill -9 and restart runs). CI and `npm run test:full`
 * run them at full size; a plain `npm test` runs a smaller sample of the same inputs, so the
 * everyday run stays quick and still exercises every path. CI sets CI=true.
 */
export const FULL_SOAK = (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') || process.env.SOAK === 'full';

/** `full` in CI and `npm run test:full`, `quick` otherwise. */
export function soakSize<T>(full: T, quick: T): T {
  return FULL_SOAK ? full : quick;
}
