import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, qrcodeValueToImageUrl } from 'wechaty';
import type { Contact, ContactSelf, Message, Room, Wechaty } from 'wechaty';
import type { MessageHandler, UndeliveredReplies } from '../../core/ports.js';
import type { Channel } from '../channel.js';
import { ConversationQueue, logFailures } from '../conversation-queue.js';
import { dropInput, guardInput } from '../input-guard.js';
import type { Incoming, Reply } from '../../core/types.js';
import { OnboardingError } from '../../core/errors.js';
import { isUnreachable, LoginRetry } from './login-retry.js';
import type { Logger } from '../../logging/logger.js';

/** A reply could not be delivered on WeChat (unknown contact or room, puppet failure). */
class WechatDeliveryError extends OnboardingError {}

export interface WechatChannelOptions {
  /** Any Wechaty: a real puppet or wechaty-puppet-mock. */
  wechaty: Wechaty;
  /** The durable outbox (`app.outbox`): keeps answers the puppet could not send; without it such a failure is logged. */
  undelivered?: UndeliveredReplies;
  log: Logger;
  /** Draws the login QR code; the terminal by default. */
  showQrCode?: (qrcode: string) => void;
  /** How often and how patiently to restart when WeChat's server cannot be reached. */
  retry?: { attempts?: number; firstDelayMs?: number };
}

type MessageType = Wechaty['Message']['Type'];

/**
 * The WeChat channel: turns Wechaty messages into `Incoming`, hands them to the bot and
 * sends the replies back, to the room (mentioning the asker) or the contact.
 */
export class WechatChannel implements Channel {
  readonly name = 'wechat';
  private readonly wechaty: Wechaty;
  private readonly log: Logger;
  private readonly showQrCode: (qrcode: string) => void;
  private readonly retry: LoginRetry;
  /** One person's messages in one chat are answered in order. */
  private readonly queue: ConversationQueue;
  private readonly listeners: {
    message: (message: Message) => void;
    scan: (qrcode: string, status: ScanStatus) => void;
    login: (user: ContactSelf) => void;
    logout: (user: ContactSelf, reason?: string) => void;
    error: (err: Error) => void;
  };
  /** Set by `start`: messages sent before `since` are history, `handler` answers the rest. */
  private running: { since: number; handler: MessageHandler } | undefined;
  private ownsWechaty = false;
  /** Settles when a stop has let the messages in hand be answered and stopped the Wechaty it started. */
  private stopping: Promise<void> | undefined;
  private readonly undelivered: UndeliveredReplies | undefined;

  constructor(options: WechatChannelOptions) {
    this.wechaty = options.wechaty;
    this.undelivered = options.undelivered;
    this.log = options.log.child({ module: 'channel.wechat' });
    this.queue = new ConversationQueue(logFailures(this.log));
    // Whatever a puppet hands over, nothing a handler throws reaches Wechaty's emitter.
    this.listeners = {
      message: guardInput(this.log, 'wechat.message', this.onMessage),
      scan: guardInput(this.log, 'wechat.scan', this.onScan),
      login: guardInput(this.log, 'wechat.login', this.onLogin),
      logout: guardInput(this.log, 'wechat.logout', this.onLogout),
      error: guardInput(this.log, 'wechat.error', this.onError),
    };
    this.showQrCode = options.showQrCode ?? ((qrcode) => qrcodeTerminal.generate(qrcode, { small: true }));
    this.retry = new LoginRetry({ wechaty: this.wechaty, log: this.log, ...options.retry });
  }

  /** Until this, the channel listens to nothing; what arrived before it is history and is not answered. */
  async start(handler: MessageHandler): Promise<void> {
    // A start during a stop waits for it, so the stop cannot stop the Wechaty this start takes on.
    await this.stopping;
    if (this.running) return;
    // Some puppets stamp messages in whole seconds; flooring keeps a message sent just after
    // start from looking older than it.
    this.running = { since: Math.floor(Date.now() / 1000) * 1000, handler };
    this.wechaty.on('message', this.listeners.message);
    this.wechaty.on('scan', this.listeners.scan);
    this.wechaty.on('login', this.listeners.login);
    this.wechaty.on('logout', this.listeners.logout);
    this.wechaty.on('error', this.listeners.error);
    if (!this.wechaty.state.active()) {
      this.ownsWechaty = true;
      await this.wechaty.start();
    }
    this.log.info({ puppet: this.wechaty.puppet.name() }, 'started');
  }

  /** Stops listening, lets the messages in hand be answered, then stops the Wechaty it started. */
  async stop(): Promise<void> {
    if (!this.running) return this.stopping;
    this.running = undefined;
    this.stopping = this.release().finally(() => {
      this.stopping = undefined;
    });
    await this.stopping;
  }

  private async release(): Promise<void> {
    this.retry.stop();
    this.wechaty.off('message', this.listeners.message);
    await this.queue.idle();
    this.wechaty.off('scan', this.listeners.scan);
    this.wechaty.off('login', this.listeners.login);
    this.wechaty.off('logout', this.listeners.logout);
    this.wechaty.off('error', this.listeners.error);
    if (this.ownsWechaty) {
      this.ownsWechaty = false;
      await this.wechaty.stop();
    }
    this.log.info('stopped');
  }

  /** Messages wait in the outbox while the account is logged out. */
  isConnected(): boolean {
    return this.wechaty.isLoggedIn;
  }

  /**
   * Delivers a message the bot starts itself (relays, notices): the room or contact is
   * looked up again by id, so it works for conversations from before a restart.
   */
  async send(reply: Reply): Promise<void> {
    const id = reply.conversationId;
    if (isRoomId(id)) {
      const room = await this.wechaty.Room.find({ id });
      if (!room) throw new WechatDeliveryError(`WeChat room ${id} not found; is the bot still a member of it?`);
      await this.sayInRoom(room, reply);
    } else {
      const contact = await this.wechaty.Contact.find({ id });
      if (!contact) throw new WechatDeliveryError(`WeChat contact ${id} not found; is the person still a friend of the bot?`);
      await contact.say(reply.text);
    }
    this.log.info({ conversationId: id, chars: reply.text.length }, 'sent');
  }

  private readonly onMessage = (message: Message): void => {
    const running = this.running;
    if (!running || message.self()) return;
    // Puppets replay recent history after a login; those were answered (or not) before.
    if (message.date().getTime() < running.since) {
      this.log.debug({ msgId: message.id }, 'skipped: sent before start');
      return;
    }
    const key = `${message.room()?.id ?? ''}/${message.talker().id}`;
    this.queue.push(key, () => this.process(running.handler, message), { msgId: message.id });
  };

  /** Runs inside the queue's error boundary: nothing escapes to Wechaty's event loop. */
  private async process(handler: MessageHandler, message: Message): Promise<void> {
    // A message the puppet cannot describe is malformed input: dropped, logged once per kind.
    const incoming = await this.toIncoming(message).catch((err: unknown) => dropInput(this.log, 'wechat.message', err));
    if (!incoming) return;
    this.log.info(
      {
        conversationId: incoming.conversationId,
        userId: incoming.userId,
        userName: incoming.userName,
        msgId: incoming.messageId,
        isGroup: incoming.isGroup,
        kind: incoming.kind,
      },
      'inbound',
    );
    const replies = await handler.handle(incoming);
    for (const reply of replies) {
      try {
        await this.deliver(reply, message);
      } catch (err) {
        if (!this.undelivered) throw err;
        this.log.warn({ conversationId: reply.conversationId, err: (err as Error).message }, 'answer not taken; kept in the outbox');
        await this.undelivered.keep({ ...reply, channel: this.name });
      }
    }
  }

  private async toIncoming(message: Message): Promise<Incoming | undefined> {
    const talker = message.talker();
    // Official accounts (公众号) push articles to the bot's account; they ask nothing.
    if (talker.type() === this.wechaty.Contact.Type.Official) return undefined;
    const type = message.type();
    if (isIgnored(type, this.wechaty.Message.Type)) return undefined;
    const room = message.room();
    const base = {
      channel: this.name,
      conversationId: room?.id ?? talker.id,
      userId: talker.id,
      userName: talker.name(),
      isGroup: room !== undefined,
      at: message.date(),
      messageId: message.id,
    };
    if (type !== this.wechaty.Message.Type.Text) {
      return { ...base, text: '', mentionsBot: false, kind: 'non_text' };
    }
    if (!room) return { ...base, text: message.text().trim(), mentionsBot: false, kind: 'text' };
    const [mentionsBot, text] = await Promise.all([message.mentionSelf(), message.mentionText()]);
    return { ...base, text: stripMentions(text), mentionsBot, kind: 'text' };
  }

  private async deliver(reply: Reply, message: Message): Promise<void> {
    if (reply.channel !== undefined && reply.channel !== this.name) {
      this.log.warn({ channel: reply.channel, conversationId: reply.conversationId }, 'reply for another channel dropped');
      return;
    }
    const room = message.room();
    const talker = message.talker();
    if (room && reply.conversationId === room.id) {
      await this.sayInRoom(room, reply, talker);
    } else if (!room && reply.conversationId === talker.id) {
      await talker.say(reply.text);
    } else {
      await this.send(reply);
    }
  }

  private async sayInRoom(room: Room, reply: Reply, known?: Contact): Promise<void> {
    const mentionId = reply.mentionUserId;
    const contact =
      mentionId === undefined
        ? undefined
        : known?.id === mentionId
          ? known
          : await this.wechaty.Contact.find({ id: mentionId });
    if (contact) await room.say(reply.text, contact);
    else await room.say(reply.text);
  }

  private readonly onScan = (qrcode: string, status: ScanStatus): void => {
    this.retry.reached();
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      this.log.info({ status: ScanStatus[status], url: qrcodeValueToImageUrl(qrcode) }, 'scan the QR code with the bot account to log in');
      this.showQrCode(qrcode);
    } else {
      this.log.info({ status: ScanStatus[status] }, 'login QR code');
    }
  };

  private readonly onLogin = (user: ContactSelf): void => {
    this.retry.reached();
    this.log.info({ userId: user.id, userName: user.name() }, 'logged in');
  };

  private readonly onLogout = (user: ContactSelf, reason?: string): void => {
    this.log.warn({ userId: user.id, userName: user.name(), reason }, 'logged out');
  };

  /** Wechaty reports here what it could not load (a message the puppet announced but cannot read …). */
  private readonly onError = (err: Error): void => {
    if (isUnreachable(err)) {
      this.retry.failed(err, this.ownsWechaty);
      return;
    }
    dropInput(this.log, 'wechat.error', err);
  };
}

/**
 * Room ids end in `@chatroom` on the iPad, Windows and service protocols and start with `@@`
 * on the web protocol; contact ids never do.
 */
export function isRoomId(id: string): boolean {
  return id.endsWith('@chatroom') || id.startsWith('@@');
}

/**
 * WeChat puts U+2005 after every @name. `mentionText()` removes the names it can resolve;
 * this removes the rest (a group nickname the puppet did not report) and the stray spaces.
 */
export function stripMentions(text: string): string {
  return text
    .replace(/@[^@\u2005\s]{1,32}\u2005/g, '')
    .replace(/\u2005/g, ' ')
    .trim();
}

/** Messages that are neither questions nor worth a "text only" reply: system notices, recalls, notes. */
function isIgnored(type: number, types: MessageType): boolean {
  return type === types.Unknown || type === types.Recalled || type === types.GroupNote || type === types.Post;
}
