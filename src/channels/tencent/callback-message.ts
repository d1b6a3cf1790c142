import { z } from 'zod';
import type { Incoming } from '../../core/types.js';

/** A text may hold 2,048 bytes on both platforms; 682 UTF-16 units never exceed that in UTF-8. */
export const MAX_TEXT_UNITS = 682;

/** A decrypted message of the Official Account or WeCom callback: the two share the format. */
export const callbackMessage = z.object({
  ToUserName: z.string(),
  FromUserName: z.string().min(1).max(64),
  CreateTime: z.coerce.number().int(),
  MsgType: z.string(),
  Content: z.string().optional(),
  MsgId: z.string().optional(),
  Event: z.string().optional(),
});
export type CallbackMessage = z.infer<typeof callbackMessage>;

/**
 * The message as the engine takes it. A `subscribe` event (a new follower of the Official
 * Account, a member adding the WeCom app) asks for the guide, which the engine's `/help`
 * renders from prompts/; other events say nothing.
 */
export function incomingOf(channel: string, msg: CallbackMessage): Incoming | undefined {
  const base = {
    channel,
    conversationId: msg.FromUserName,
    userId: msg.FromUserName,
    isGroup: false,
    mentionsBot: false,
    at: new Date(msg.CreateTime * 1000),
    // Events carry no MsgId; the sender and second identify them, as the platforms' retries do.
    messageId: msg.MsgId ?? `${msg.FromUserName}:${msg.CreateTime}:${msg.Event ?? msg.MsgType}`,
  };
  if (msg.MsgType === 'text') return { ...base, text: (msg.Content ?? '').trim(), kind: 'text' };
  if (msg.MsgType === 'event') return msg.Event === 'subscribe' ? { ...base, text: '/help', kind: 'text' } : undefined;
  return { ...base, text: '', kind: 'non_text' };
}
