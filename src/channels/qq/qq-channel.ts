import type { WebSocket } from 'ws';
import { OnboardingError } from '../../core/errors.js';
import type { Config } from '../../config/schema.js';
import type { MessageHandler, UndeliveredReplies } from '../../core/ports.js';
import type { Incoming, Reply } from '../../core/types.js';
import type { Logger } from '../../logging/logger.js';
import type { Channel } from '../channel.js';
import { ConversationQueue, logFailures } from '../conversation-queue.js';
import { deliverOrKeep } from '../deliver-or-keep.js';
import { ForwardDialer } from './forward-dialer.js';
import { OneBotConnection, OneBotConnectionClosedError } from './onebot-connection.js';
import { atSegment, isNonText, mentions, textOf, textSegment, type MessageEvent, type Segment } from './onebot-protocol.js';
import { reverseEndpoint, type UpgradeListener } from './reverse-endpoint.js';

type OneBotSettings = Config['onebot'];

/** The channel's collaborators and its `onebot` settings (see the config schema for each). */
export interface QqChannelOptions extends OneBotSettings {
  /** The durable outbox (`app.outbox`): keeps answers no framework could take, and sends them on reconnect. */
  undelivered: UndeliveredReplies;
  log: Logger;
}

/** Where a QQ message goes: a private chat with a user or a group. */
export interface QqTarget {
  type: 'private' | 'group';
  id: string;
}

/** No QQ framework is connected: the message waits in the outbox for the next connection. */
class QqOfflineError extends OnboardingError {}

/**
 * `private:<user_id>` or `group:<group_id>`, as the channel names conversations; a bare
 * `<user_id>` is a private chat too, since people are configured as `qq:<user_id>`.
 */
export function parseConversationId(conversationId: string): QqTarget {
  const match = /^(?:(private|group):)?(\d+)$/.exec(conversationId);
  if (!match) {
    throw new OnboardingError(
      `QQ conversation id "${conversationId}" is none of private:<user_id>, group:<group_id> or <user_id>`,
    );
  }
  return { type: (match[1] ?? 'private') as QqTarget['type'], id: match[2]! };
}

/**
 * The message as the bot sees it. `mentionsBot` says whether an `at` segment names the bot;
 * the engine answers group messages only then (staff may still answer tickets without one).
 */
export function toIncoming(event: MessageEvent): Incoming {
  const isGroup = event.message_type === 'group';
  const mentionsBot = mentions(event.message, event.self_id);
  const card = event.sender?.card?.trim();
  return {
    channel: 'qq',
    conversationId: isGroup ? `group:${event.group_id}` : `private:${event.user_id}`,
    userId: event.user_id,
    userName: card || event.sender?.nickname || undefined,
    text: textOf(event.message),
    isGroup,
    mentionsBot,
    at: new Date(event.time * 1000),
    messageId: event.message_id,
    kind: isNonText(event.message) ? 'non_text' : 'text',
  };
}

/**
 * QQ through a OneBot v11 framework (NapCat, Lagrange.OneBot, LLOneBot): the framework connects
 * to `handleUpgrade` (reverse WebSocket, Universal role) or the channel dials `forwardUrl`.
 * Answers go straight out while a framework is connected; those it cannot take are handed to
 * the durable outbox, which sends them, in order, when a framework connects again.
 */
export class QqChannel implements Channel {
  readonly name = 'qq';
  /** The reverse WebSocket endpoint, for an HTTP server's `upgrade` event (mount it at `/onebot/v11/ws`). */
  readonly handleUpgrade: UpgradeListener;
  private readonly log: Logger;
  /** Open connections, newest last; the newest carries outgoing messages. */
  private readonly connections: OneBotConnection[] = [];
  private readonly connectedListeners: Array<() => void> = [];
  /** Per conversation, answers go out in the order of the questions. */
  private readonly inFlight: ConversationQueue;
  /** While `stopping`, no message is taken but answers in hand still go out. */
  private state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  private forward: ForwardDialer | undefined;
  /** The engine `start` was given; set while the state is not idle. */
  private handler: MessageHandler | undefined;

  constructor(private readonly options: QqChannelOptions) {
    this.log = options.log.child({ module: 'channel.qq' });
    this.inFlight = new ConversationQueue(logFailures(this.log));
    this.handleUpgrade = reverseEndpoint({
      accessToken: options.accessToken,
      log: this.log,
      accepting: () => this.state === 'running',
      onConnection: (socket, selfId) => this.attach(socket, 'reverse', selfId),
    });
  }

  /** Before this, the reverse endpoint refuses frameworks (503) and nothing is dialled. */
  async start(handler: MessageHandler): Promise<void> {
    if (this.state !== 'idle') return;
    this.handler = handler;
    this.state = 'running';
    const reverse = Boolean(this.options.accessToken);
    const forward = Boolean(this.options.forwardUrl);
    if (!reverse && !forward) {
      // Off is the default, not a fault: the start summary names the setting as well.
      this.log.info('QQ is off: set ONEBOT_ACCESS_TOKEN to open /onebot/v11/ws, or ONEBOT_FORWARD_URL to dial the framework');
    } else {
      this.log.info({ reverse, forward }, 'started');
    }
    if (this.options.forwardUrl) {
      this.forward = new ForwardDialer({
        url: this.options.forwardUrl,
        accessToken: this.options.accessToken,
        handshakeTimeoutMs: this.options.actionTimeoutMs,
        minMs: this.options.reconnectMinMs,
        maxMs: this.options.reconnectMaxMs,
        log: this.log,
        onOpen: (socket) => this.attach(socket, 'forward'),
      });
      this.forward.start();
    }
  }

  /** Sends over the newest open connection; resolves once the framework answered the action. */
  async send(reply: Reply): Promise<void> {
    if (this.state === 'stopped') throw new OnboardingError('the QQ channel is stopped');
    if (reply.channel !== undefined && reply.channel !== this.name) {
      throw new OnboardingError(`a reply for channel ${reply.channel} was sent to the QQ channel`);
    }
    const target = parseConversationId(reply.conversationId);
    const connection = this.live();
    if (!connection) throw new QqOfflineError('no QQ framework is connected');
    const segments = segmentsFor(target, reply);
    try {
      const data = await (target.type === 'group'
        ? connection.sendGroupMessage(target.id, segments)
        : connection.sendPrivateMessage(target.id, segments));
      const messageId = (data as { message_id?: unknown } | undefined)?.message_id;
      this.log.info({ conversationId: reply.conversationId, mode: connection.mode, msgId: messageId }, 'outbound');
    } catch (error) {
      if (error instanceof OneBotConnectionClosedError) this.forget(connection);
      throw error;
    }
  }

  isConnected(): boolean {
    return this.live() !== undefined;
  }

  onConnected(listener: () => void): void {
    this.connectedListeners.push(listener);
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    const dialing = this.forward?.stop();
    // Answers already being worked out still go out over the open connections, within a grace period.
    let grace: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (grace = setTimeout(resolve, this.options.stopGraceMs)));
    await Promise.race([this.inFlight.idle(), graceOver]);
    clearTimeout(grace);
    this.state = 'stopped';
    const open = [...this.connections];
    for (const connection of open) connection.close(1001, 'bot stopping');
    await dialing;
    const closing = open.map((connection) => connection.whenClosed);
    await Promise.all(closing);
    this.log.info('stopped');
  }

  private attach(socket: WebSocket, mode: 'reverse' | 'forward', selfId?: string): void {
    if (this.state !== 'running') {
      socket.close(1001, 'bot stopping');
      return;
    }
    const connection = new OneBotConnection(socket, {
      mode,
      selfId,
      log: this.log,
      actionTimeoutMs: this.options.actionTimeoutMs,
      onMessage: (event) => this.receive(event),
      onClose: (closed) => this.forget(closed),
    });
    // A framework that reconnects has given up on its older socket; so does the bot.
    for (const old of this.connections) {
      if (mode === 'reverse' && old.mode === 'reverse' && old.selfId === selfId) old.close(1000, 'replaced by a new connection');
    }
    this.connections.push(connection);
    this.log.info({ mode, selfId }, 'connected');
    for (const listener of this.connectedListeners) listener();
  }

  private forget(connection: OneBotConnection): void {
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
  }

  private live(): OneBotConnection | undefined {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      const connection = this.connections[i]!;
      if (connection.isOpen) return connection;
    }
    return undefined;
  }

  private receive(event: MessageEvent): void {
    const handler = this.handler;
    if (this.state !== 'running' || !handler) return;
    // Some frameworks report the bot's own messages; answering them would loop.
    if (event.user_id === event.self_id) return;
    const incoming = toIncoming(event);
    const { conversationId, messageId } = incoming;
    // Group chatter not addressed to the bot is the common case; keep it out of the info log.
    const addressed = !incoming.isGroup || incoming.mentionsBot;
    this.log[addressed ? 'info' : 'debug']({ conversationId, messageId, kind: incoming.kind, chars: incoming.text.length }, 'inbound');
    this.inFlight.push(conversationId, () => this.answer(handler, incoming), { conversationId, msgId: messageId });
  }

  /** Runs inside the queue's error boundary; a reply without a QQ destination is skipped, not the rest. */
  private async answer(handler: MessageHandler, incoming: Incoming): Promise<void> {
    const replies = await handler.handle(incoming);
    for (const reply of replies) {
      try {
        if (reply.channel !== undefined && reply.channel !== this.name) throw new OnboardingError(`reply for channel ${reply.channel}`);
        parseConversationId(reply.conversationId);
      } catch (error) {
        this.log.error({ conversationId: reply.conversationId, err: (error as Error).message }, 'reply has no QQ destination');
        continue;
      }
      // In a group the asker is named with an `at`, unless the engine chose someone else.
      const forAsker = incoming.isGroup && reply.conversationId === incoming.conversationId;
      const mentionUserId = reply.mentionUserId ?? (forAsker ? incoming.userId : undefined);
      await deliverOrKeep(this, this.options.undelivered, { ...reply, mentionUserId }, this.log);
    }
  }
}

function segmentsFor(target: QqTarget, reply: Reply): Segment[] {
  if (target.type === 'group' && reply.mentionUserId) {
    return [atSegment(reply.mentionUserId), textSegment(` ${reply.text}`)];
  }
  return [textSegment(reply.text)];
}
