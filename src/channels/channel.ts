import type { OutboundChannel } from '../core/ports.js';

/**
 * A chat surface. It turns its platform's messages into `Incoming`, hands them to the bot,
 * and delivers replies; `send` also carries messages the bot starts itself (relays, notices).
 */
export interface Channel extends OutboundChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
}
