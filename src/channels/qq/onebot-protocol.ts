import { z } from 'zod';

/** Where OneBot v11 frameworks connect for the reverse WebSocket (Universal role). */
export const ONEBOT_REVERSE_PATH = '/onebot/v11/ws';

// QQ numbers arrive as JSON numbers from most frameworks and as strings from a few.
const qqId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((value) => String(value));

/** The longest heartbeat interval believed: an hour. */
export const MAX_HEARTBEAT_MS = 3_600_000;

const segment = z.object({
  type: z.string().min(1),
  data: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((data) => data ?? {}),
});

/** One element of an array-format message: `{ type: 'text', data: { text } }`, `{ type: 'at', data: { qq } }` … */
export type Segment = z.infer<typeof segment>;

const sender = z
  .object({
    nickname: z.string().optional(),
    card: z.string().optional(),
  })
  .loose();

const messageBase = {
  post_type: z.literal('message'),
  time: z.number(),
  self_id: qqId,
  user_id: qqId,
  message_id: z.union([z.number().int(), z.string().min(1)]).transform((value) => String(value)),
  message: z.array(segment),
  sender: sender.optional(),
};

const privateMessage = z.object({ ...messageBase, message_type: z.literal('private') }).loose();
const groupMessage = z.object({ ...messageBase, message_type: z.literal('group'), group_id: qqId }).loose();
const messageEvent = z.discriminatedUnion('message_type', [privateMessage, groupMessage]);

/** A private or group message, array format. */
export type MessageEvent = z.infer<typeof messageEvent>;

const metaEvent = z.discriminatedUnion('meta_event_type', [
  z
    .object({
      post_type: z.literal('meta_event'),
      meta_event_type: z.literal('lifecycle'),
      self_id: qqId,
      sub_type: z.string(),
    })
    .loose(),
  z
    .object({
      post_type: z.literal('meta_event'),
      meta_event_type: z.literal('heartbeat'),
      self_id: qqId,
      // A framework's word, clamped: past 2^31 ms a timer fires at once and drops the connection.
      interval: z.number().positive().transform((ms) => Math.min(ms, MAX_HEARTBEAT_MS)),
    })
    .loose(),
]);

export type MetaEvent = z.infer<typeof metaEvent>;

const actionResponse = z
  .object({
    status: z.string(),
    retcode: z.number().int(),
    data: z.unknown().optional(),
    echo: z.unknown().optional(),
    message: z.string().optional(),
    wording: z.string().optional(),
  })
  .loose();

/** The framework's answer to an action; `echo` is the one the action carried. */
export type ActionResponse = z.infer<typeof actionResponse>;

/** What one WebSocket frame turned out to be. */
export type Frame =
  | { kind: 'message'; event: MessageEvent }
  | { kind: 'meta'; event: MetaEvent }
  | { kind: 'response'; response: ActionResponse }
  /** Events the bot does not consume (notice, request, message_sent …). */
  | { kind: 'other'; postType: string }
  /** `reason` and `issues` name what was wrong, never the values, so they are safe to log. */
  | { kind: 'invalid'; reason: string; issues?: Array<{ path: string; code: string }> };

function issuesOf(error: z.ZodError): Array<{ path: string; code: string }> {
  return error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
}

/** Classifies and validates one frame; never throws. */
export function parseFrame(raw: string): Frame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const postType = record.post_type;
  if (postType === 'message') {
    if (typeof record.message === 'string') {
      return { kind: 'invalid', reason: "message is a CQ-code string; set the framework's message format to array" };
    }
    const parsed = messageEvent.safeParse(value);
    return parsed.success
      ? { kind: 'message', event: parsed.data }
      : { kind: 'invalid', reason: 'malformed message event', issues: issuesOf(parsed.error) };
  }
  if (postType === 'meta_event') {
    const parsed = metaEvent.safeParse(value);
    // Meta events other than lifecycle and heartbeat carry nothing the bot needs.
    return parsed.success ? { kind: 'meta', event: parsed.data } : { kind: 'other', postType };
  }
  if (typeof postType === 'string') return { kind: 'other', postType };
  const parsed = actionResponse.safeParse(value);
  return parsed.success
    ? { kind: 'response', response: parsed.data }
    : { kind: 'invalid', reason: 'neither an event nor an action response', issues: issuesOf(parsed.error) };
}

/** The text segments of a message, joined and trimmed. */
export function textOf(message: Segment[]): string {
  return message
    .filter((s) => s.type === 'text' && typeof s.data.text === 'string')
    .map((s) => s.data.text as string)
    .join('')
    .trim();
}

/** True when an `at` segment names this QQ number. */
export function mentions(message: Segment[], qq: string): boolean {
  // Only a number or a string names someone; anything else (an object with a hostile toString) names no one.
  const named = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && String(v) === qq;
  return message.some((s) => s.type === 'at' && named(s.data.qq));
}

const MEDIA = new Set(['image', 'record', 'video', 'file', 'face', 'mface', 'dice', 'rps', 'json', 'xml', 'music', 'location', 'contact', 'share', 'forward']);

/** True when the message carries no text but something else: a picture, voice, file, sticker … */
export function isNonText(message: Segment[]): boolean {
  return textOf(message) === '' && message.some((s) => MEDIA.has(s.type));
}

export const textSegment = (text: string): Segment => ({ type: 'text', data: { text } });
export const atSegment = (qq: string): Segment => ({ type: 'at', data: { qq } });

/** QQ numbers go out as JSON numbers, which every framework accepts; strings only past 2^53. */
export function outgoingId(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}
