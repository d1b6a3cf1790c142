/**
 * lru-cache options that keep at most `entries` entries without reserving room for all of them
 * when the cache is made. With `max`, lru-cache fills arrays of that length up front (5 ms at
 * 50,000; 1.6 ms at 10,000 with a time to live), paid by every bot, channel and snapshot,
 * most of which never fill it. Counting each entry as 1 against `maxSize` bounds it the same
 * way, on arrays that grow as entries come.
 */
export function growingBound(entries: number): { maxSize: number; sizeCalculation: () => number } {
  return { maxSize: entries, sizeCalculation: () => 1 };
}
