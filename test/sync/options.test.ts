import { describe, expect, it } from 'vitest';
import { durationSchema, syncOptionsSchema } from '../../src/sync/options.js';

const base = { urls: ['https://hr.example.edu.cn/tzgg/index.html'], knowledgeDir: 'knowledge', dataDir: 'data' };

describe('sync options', () => {
  it('reads durations in seconds, minutes, hours and days, and refuses crawling more than once a minute', () => {
    expect(durationSchema.parse('6h')).toBe(6 * 3_600_000);
    expect(durationSchema.parse(' 1.5d ')).toBe(1.5 * 86_400_000);
    expect(durationSchema.parse('90s')).toBe(90_000);
    expect(durationSchema.safeParse('30s').success).toBe(false);
    expect(durationSchema.safeParse('often').success).toBe(false);
  });

  it('fills the polite defaults and turns the patterns into regular expressions', () => {
    const options = syncOptionsSchema.parse({ ...base, include: ['/info/'] });
    expect(options).toMatchObject({ maxPages: 500, concurrency: 2, delayMs: 500, timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024, prune: false });
    expect(options.include[0]!.test('https://hr.example.edu.cn/info/1.htm')).toBe(true);
  });

  it('says what is wrong with a bad pattern, too many requests at a time or no page', () => {
    expect(syncOptionsSchema.safeParse({ ...base, exclude: ['('] }).error?.issues[0]?.message).toMatch(/"\(" is not a valid regular expression/);
    expect(syncOptionsSchema.safeParse({ ...base, concurrency: 3 }).error?.issues[0]?.message).toMatch(/at most 2 requests/);
    expect(syncOptionsSchema.safeParse({ ...base, urls: [] }).error?.issues[0]?.message).toMatch(/at least one list page/);
  });
});
