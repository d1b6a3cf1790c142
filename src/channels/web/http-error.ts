import type { Context, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { OnboardingError } from '../../core/errors.js';
import type { Logger } from '../../logging/logger.js';
import { dropInput } from '../input-guard.js';

/** A request the caller must change; rendered as `{"error": message}` with its status. */
export class HttpError extends OnboardingError {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A 429 that tells the caller when to try again: `Retry-After` in whole seconds (at least one),
 * and `retryAfterSeconds` in the body for the page to show. `message` gets those seconds.
 */
export function tooManyRequests(c: Context, waitMs: number, message: (seconds: number) => string): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  c.header('Retry-After', String(seconds));
  return new HttpError(429, message(seconds), { retryAfterSeconds: seconds });
}

/**
 * How the web answers a failed request: an `HttpError` with its status and message; anything
 * else as a plain 500, logged once per kind through the shared input boundary without the
 * request's words.
 */
export function answerError(log: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof HttpError) {
      // An oversized body is refused before it is read; the connection cannot carry another request.
      if (error.status === 413) c.header('Connection', 'close');
      return c.json({ error: error.message, ...error.extra }, error.status);
    }
    dropInput(log, `http ${c.req.method} ${c.req.routePath}`, error);
    return c.json({ error: 'internal error; the server log has the details' }, 500);
  };
}

/** "history.2: expected string" for each problem, so the caller sees what to fix. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/** Parses a JSON body against a schema; a wrong type, bad JSON or bad fields are 4xx errors. */
export async function readJson<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'send the body as JSON with "Content-Type: application/json"');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
  return parsed.data;
}

/** Parses the query string against a schema. */
export function readQuery<T>(c: Context, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error).replace(/^body:/, 'query:'));
  return parsed.data;
}

/** `?wait=`: the seconds a long poll may wait; the route caps it at `web.inboxWaitSeconds`. */
export const longPollWait = z.coerce.number().min(0).max(30).optional();
