import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/channels/tencent/refusal-log.js';
import { createLogger } from '../../../src/logging/logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

describe('refused callbacks in the log', () => {
  it('logs the first refusal of each reason, then one line an hour with the count in between', () => {
    const { lines, log } = capture();
    let now = 0;
    const refusals = new RefusalLog(log, () => now);
    for (let i = 0; i < 1000; i++) refusals.refused('signature mismatch');
    refusals.refused('message for another app');
    expect(lines.map((l) => [l.reason, l.refusedSinceLastLine])).toEqual([
      ['signature mismatch', 0],
      ['message for another app', 0],
    ]);
    now = 3_600_000;
    refusals.refused('signature mismatch');
    expect(lines.at(-1)).toMatchObject({ reason: 'signature mismatch', refusedSinceLastLine: 999, level: 40 });
  });

  it('reports what it counted but never logged when the channel stops', () => {
    const { lines, log } = capture();
    const refusals = new RefusalLog(log, () => 0);
    for (let i = 0; i < 5; i++) refusals.refused('signature mismatch');
    refusals.refused('message for another app');
    refusals.flush();
    expect(lines.slice(2).map((l) => [l.reason, l.refusedSinceLastLine])).toEqual([['signature mismatch', 4]]);
  });
});
