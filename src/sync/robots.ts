import robotsModule from 'robots-parser';
import { z } from 'zod';
import type { HttpClient } from './http-client.js';

export interface RobotsRules {
  allows(url: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelay?: number;
}

// The package is CommonJS (`module.exports = fn`) but its types declare an ES default export,
// so under NodeNext the default import is the function itself while the types say otherwise.
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

const crawlDelaySchema = z.number().min(0).max(60).optional().catch(undefined);

/**
 * The robots.txt of a site, read once per origin. A missing file (404) allows everything, as
 * the standard says; a server error or timeout disallows everything, since the site may be down.
 */
export async function loadRobots(client: HttpClient, origin: string, userAgent: string): Promise<RobotsRules> {
  const url = new URL('/robots.txt', origin).href;
  const result = await client.get(url);
  if (result.kind === 'failed' && result.status !== undefined && result.status >= 400 && result.status < 500) return { allows: () => true };
  if (result.kind !== 'ok') return { allows: () => false };
  const robots = robotsParser(url, result.bytes.toString('utf8'));
  const agent = userAgent.split('/')[0]!;
  return {
    allows: (target) => robots.isAllowed(target, agent) !== false,
    crawlDelay: crawlDelaySchema.parse(robots.getCrawlDelay(agent)),
  };
}
