import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/channels/tencent/refusal-log.js';
import { memoryLogger } from '../../memory-logger.js';

function capture() {
  const { log, lines } = memoryLogger();
  return { log, logged: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('refused callbacks in the log', () => {
  it('logs the first refusal of each reason, then one line an hour with the count in between', () => {
    const { logged, log } = capture();
    let now = 0;
    const refusals = new RefusalLog(log, () => now);
    for (let i = 0; i < 1000; i++) refusals.refused('signature mismatch');
    refusals.refused('message for another app');
    expect(logged().map((l) => [l.reason, l.refusedSinceLastLine])).toEqual([
      ['signature mismatch', 0],
      ['message for another app', 0],
    ]);
    now = 3_600_000;
    refusals.refused('signature mismatch');
    expect(logged().at(-1)).toMatchObject({ reason: 'signature mismatch', refusedSinceLastLine: 999, level: 40 });
  });

  it('reports what it counted but never logged when the channel stops', () => {
    const { logged, log } = capture();
    const refusals = new RefusalLog(log, () => 0);
    for (let i = 0; i < 5; i++) refusals.refused('signature mismatch');
    refusals.refused('message for another app');
    refusals.flush();
    expect(logged().slice(2).map((l) => [l.reason, l.refusedSinceLastLine])).toEqual([['signature mismatch', 4]]);
  });
});
