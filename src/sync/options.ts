import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "6h", "30m", "1d", "45s" → milliseconds; the form of `--sync-every` and SYNC_EVERY. */
export const durationSchema = z
  .string()
  .trim()
  .regex(DURATION, 'expected a duration such as "6h", "30m" or "1d"')
  .transform((text) => {
    const [, amount, unit] = DURATION.exec(text)!;
    return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  })
  .refine((ms) => ms >= 60_000, 'expected at least "1m": a site should not be crawled more often');

const pattern = z.string().min(1).transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${source}" is not a valid regular expression` });
    return z.NEVER;
  }
});

/** The pause between the starts of two requests to the site, sparing the department's server. */
export const DEFAULT_SYNC_DELAY_MS = 500;

/** What a sync run needs, from CLI flags or the bot's config; checked here, at the boundary. */
export const syncOptionsSchema = z.object({
  urls: z.array(z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// list page URL' })).min(1, 'give at least one list page URL'),
  knowledgeDir: z.string().min(1),
  dataDir: z.string().min(1),
  /** Only URLs matching one of these (besides the start pages' own folders) are followed. */
  include: z.array(pattern).default([]),
  exclude: z.array(pattern).default([]),
  maxPages: z.coerce.number().int().min(1).default(500),
  concurrency: z.coerce.number().int().min(1).max(2, 'at most 2 requests at a time, to spare the department\'s server').default(2),
  delayMs: z.coerce.number().int().min(0).default(DEFAULT_SYNC_DELAY_MS),
  timeoutMs: z.coerce.number().int().min(100).default(15_000),
  maxBytes: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  prune: z.boolean().default(false),
  userAgent: z.string().min(1).default('onboarding-bot-sync/0.2 (+https://github.com/onboarding-bot; HR knowledge sync)'),
});
export type SyncOptions = z.output<typeof syncOptionsSchema>;
export type SyncOptionsInput = z.input<typeof syncOptionsSchema>;
