import { describe, expect, it } from 'vitest';
import type { FetchResult, HttpClient } from '../../src/sync/http-client.js';
import { loadRobots } from '../../src/sync/robots.js';

const ORIGIN = 'http://127.0.0.1:8080';
type WithoutUrl<T> = T extends unknown ? Omit<T, 'url'> : never;
const serving = (result: WithoutUrl<FetchResult>): HttpClient => ({ get: async (url: string) => ({ ...result, url }) as FetchResult }) as unknown as HttpClient;
const file = (text: string) => serving({ kind: 'ok', contentType: 'text/plain', bytes: Buffer.from(text), etag: null, lastModified: null });

describe('robots.txt', () => {
  it('keeps the bot out of what its section or the * section disallows, and reads a sane crawl delay', async () => {
    const robots = await loadRobots(file('User-agent: *\nDisallow: /private/\n\nUser-agent: onboarding-bot\nDisallow: /hr/old/\nCrawl-delay: 2\n'), ORIGIN, 'onboarding-bot/0.2');
    expect(robots.allows(`${ORIGIN}/hr/tzgg/index.html`)).toBe(true);
    expect(robots.allows(`${ORIGIN}/hr/old/a.html`)).toBe(false);
    expect(robots.crawlDelay).toBe(2);
    const other = await loadRobots(file('User-agent: *\nDisallow: /private/\nCrawl-delay: 3600\n'), ORIGIN, 'onboarding-bot/0.2');
    expect(other.allows(`${ORIGIN}/private/x.html`)).toBe(false);
    // An hour between requests is not a delay a sync can honour; it is ignored, not obeyed.
    expect(other.crawlDelay).toBeUndefined();
  });

  it('allows everything when there is no robots.txt, and nothing when the site fails', async () => {
    expect((await loadRobots(serving({ kind: 'failed', status: 404, reason: 'HTTP 404' }), ORIGIN, 'onboarding-bot')).allows(`${ORIGIN}/a`)).toBe(true);
    expect((await loadRobots(serving({ kind: 'failed', status: 503, reason: 'HTTP 503' }), ORIGIN, 'onboarding-bot')).allows(`${ORIGIN}/a`)).toBe(false);
    expect((await loadRobots(serving({ kind: 'failed', reason: 'no response within 10 s' }), ORIGIN, 'onboarding-bot')).allows(`${ORIGIN}/a`)).toBe(false);
  });
});
