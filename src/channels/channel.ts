import type { MessageHandler, OutboundChannel } from '../core/ports.js';

/**
 * A chat surface. It turns its platform's messages into `Incoming`, hands them to the bot,
 * and delivers replies; `send` also carries messages the bot starts itself (relays, notices).
 */
export interface Channel extends OutboundChannel {
  /**
   * Starts taking messages and hands each to `handler` (the engine, `app.bot`). Before it, a
   * channel refuses, ignores or holds what its platform sends; again while running, it changes
   * nothing. Whether a channel starts again after `stop` is its own (docs/architecture.md).
   */
  start(handler: MessageHandler): Promise<void>;
  /** Stops taking messages; the answers in hand go out before it resolves (or never). */
  stop(): Promise<void>;
}
