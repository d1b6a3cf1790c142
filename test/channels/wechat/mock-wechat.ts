import { WechatyBuilder, types, type Wechaty } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';

/** What the bot sent, as the mock WeChat saw it. */
export interface Sent {
  conversationId: string;
  text: string;
  /** Contacts the bot @-mentioned (rooms only). */
  mentionIds: string[];
}

const AT = '\u2005';
const WAIT_MS = 10_000;

/**
 * A WeChat made of wechaty-puppet-mock: people and rooms that talk to the bot, and an
 * outbox of what the bot said. Create contacts with fixed ids so a second MockWeChat
 * (a restart) finds the same people.
 */
export class MockWeChat {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly wechaty: Wechaty;
  readonly botUser: mock.ContactMock;
  readonly outbox: Sent[] = [];
  private readonly waiters = new Set<() => void>();
  /** Mention lists of texts on their way out, by conversation and text. */
  private readonly pendingMentions = new Map<string, string[][]>();

  constructor(options: { botId?: string; botName?: string; name?: string } = {}) {
    this.wechaty = WechatyBuilder.build({ name: options.name ?? 'test-bot', puppet: this.puppet });
    this.botUser = this.mocker.createContact({ id: options.botId ?? 'wxid_bot', name: options.botName ?? '入职助手' });
    // The mock drops the mention list on the way; note it before the text goes out.
    const sendText = this.puppet.messageSendText.bind(this.puppet);
    this.puppet.messageSendText = async (conversationId: string, text: string, mentionIds?: string[]) => {
      const key = `${conversationId}\n${text}`;
      this.pendingMentions.set(key, [...(this.pendingMentions.get(key) ?? []), mentionIds ?? []]);
      return sendText(conversationId, text);
    };
    // ContactMock is an EventEmitter whose typings do not resolve under NodeNext.
    const botEvents = this.botUser as unknown as { on(event: 'message', listener: (message: mock.MessageMock) => void): void };
    botEvents.on('message', (message) => {
      if (message.talker().id !== this.botUser.id) return;
      const payload = message.payload as { roomId?: string; listenerId?: string; text?: string };
      const conversationId = payload.roomId ?? payload.listenerId ?? '';
      const text = payload.text ?? '';
      this.outbox.push({ conversationId, text, mentionIds: this.pendingMentions.get(`${conversationId}\n${text}`)?.shift() ?? [] });
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Logs the bot account in; call after the channel started the Wechaty. */
  async login(): Promise<void> {
    const loggedIn = new Promise<void>((resolve) => this.wechaty.once('login', () => resolve()));
    this.mocker.login(this.botUser);
    await loggedIn;
  }

  person(id: string, name: string): Person {
    return new Person(this, this.mocker.createContact({ id, name }));
  }

  room(id: string, topic: string, members: Person[]): mock.RoomMock {
    return this.mocker.createRoom({ id, topic, memberIdList: [this.botUser.id, ...members.map((m) => m.contact.id)] });
  }

  /** Messages the bot sent to one conversation. */
  sentTo(conversationId: string): Sent[] {
    return this.outbox.filter((s) => s.conversationId === conversationId);
  }

  /** Resolves once `count` messages went to the conversation (or fails after a while). */
  async waitForSent(conversationId: string, count: number, timeoutMs = WAIT_MS): Promise<Sent[]> {
    const done = () => this.sentTo(conversationId).length >= count;
    if (!done()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          reject(new Error(`waited ${timeoutMs} ms for ${count} message(s) to ${conversationId}; got ${this.sentTo(conversationId).length}`));
        }, timeoutMs);
        const wake = () => {
          if (!done()) return;
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    return this.sentTo(conversationId).slice(0, count);
  }

  /** Injects a raw message, e.g. with an old timestamp or a non-text type. */
  deliver(payload: { talker: Person; type?: types.Message; text?: string; timestamp?: number; room?: mock.RoomMock }): string {
    const id = `msg-${Math.random().toString(36).slice(2)}`;
    const base = {
      id,
      talkerId: payload.talker.contact.id,
      timestamp: payload.timestamp ?? Date.now(),
      type: payload.type ?? types.Message.Text,
      text: payload.text,
    };
    this.mocker.MessageMock.create(
      payload.room ? { ...base, roomId: payload.room.id, mentionIdList: [] } : { ...base, listenerId: this.botUser.id },
    );
    this.puppet.emit('message', { messageId: id });
    return id;
  }

  async stop(): Promise<void> {
    if (this.wechaty.state.active()) await this.wechaty.stop();
  }
}

/** A person on the mock WeChat; reads like a chat in tests. */
export class Person {
  constructor(
    readonly world: MockWeChat,
    readonly contact: mock.ContactMock,
  ) {}

  get id(): string {
    return this.contact.id;
  }

  /** Sends a private message to the bot and waits for `replies` answers to arrive. */
  async says(text: string, replies = 1): Promise<string[]> {
    const before = this.world.sentTo(this.id).length;
    this.contact.say(text).to(this.world.botUser);
    const sent = await this.world.waitForSent(this.id, before + replies);
    return sent.slice(before).map((s) => s.text);
  }

  /** Sends a private message without waiting. */
  send(text: string): void {
    this.contact.say(text).to(this.world.botUser);
  }

  /** Writes in a group; `atBot` puts "@<bot name>" + U+2005 in front, as WeChat does. */
  saysInRoom(room: mock.RoomMock, text: string, atBot: boolean): void {
    if (atBot) this.contact.say(`@${this.world.botUser.payload.name}${AT}${text}`, [this.world.botUser]).to(room);
    else this.contact.say(text).to(room);
  }

  /** Messages the bot sent to this person privately. */
  received(): string[] {
    return this.world.sentTo(this.id).map((s) => s.text);
  }
}
