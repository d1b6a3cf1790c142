import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { Channel } from '../../src/channels/channel.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { fixedClock } from '../../src/core/clock.js';
import type { Reply } from '../../src/core/types.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';
import { copySampleKnowledge, sampleDataDir } from '../sample-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Wednesday 25 November 2026, 10:00 in Shanghai: inside office hours. */
export const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');

/** A channel named `test` that keeps what the bot sends on its own (notices, relays, reminders). */
export class FakeChannel implements Channel {
  readonly sent: Reply[] = [];
  constructor(readonly name = 'test') {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(reply: Reply): Promise<void> {
    this.sent.push(reply);
  }
}

/** What the bot answered to one message, with assertions that read like the chat. */
class Said implements PromiseLike<Reply[]> {
  constructor(private readonly replies: Promise<Reply[]>) {}

  then<A = Reply[], B = never>(ok?: ((r: Reply[]) => A | PromiseLike<A>) | null, fail?: ((e: unknown) => B | PromiseLike<B>) | null) {
    return this.replies.then(ok, fail);
  }

  /** Asserts the answer matches and returns its whole text. */
  async expectReply(pattern: RegExp): Promise<string> {
    const text = (await this.replies).map((r) => r.text).join('\n');
    expect(text).toMatch(pattern);
    return text;
  }

  async expectNoReply(): Promise<void> {
    expect((await this.replies).map((r) => r.text)).toEqual([]);
  }
}

export interface SayOptions {
  kind?: 'text' | 'non_text';
  messageId?: string;
  /** In a group: whether the message @-mentions the bot. */
  mention?: boolean;
}

export class ChatUser {
  constructor(
    private readonly chat: Chat,
    readonly id: string,
    readonly name: string,
    /** Set when the person speaks in a group. */
    readonly room?: string,
  ) {}

  /** What the bot answers; resolves once the outbox has delivered what the message set off (notices, relays). */
  says(text: string, options: SayOptions = {}): Said {
    const { app } = this.chat;
    return new Said(
      app.bot.handle({
        channel: 'test',
        conversationId: this.room ?? this.id,
        userId: this.id,
        userName: this.name,
        text,
        isGroup: this.room !== undefined,
        mentionsBot: options.mention ?? false,
        at: this.chat.clock.now(),
        messageId: options.messageId ?? this.chat.nextMessageId(),
        kind: options.kind ?? 'text',
      }).then(async (replies) => {
        await app.outbox.idle();
        return replies;
      }),
    );
  }

  /** In a group: a message that @-mentions the bot. */
  asks(text: string): Said {
    return this.says(text, { mention: true });
  }

  /** What the bot sent to this person's private chat on its own (relays, notices, reminders). */
  inbox(): string[] {
    return this.chat.channel.sent.filter((r) => r.conversationId === this.id).map((r) => r.text);
  }

  lastMessage(): string {
    return this.inbox().at(-1) ?? '';
  }
}

export interface Chat {
  app: App;
  channel: FakeChannel;
  clock: ReturnType<typeof fixedClock>;
  knowledgeDir: string;
  dataDir: string;
  user(id: string, name?: string): ChatUser;
  /** Someone speaking in the group `room`. */
  member(room: string, id: string, name?: string): ChatUser;
  nextMessageId(): string;
  /** Closes the app and opens a new one on the same directories (a restart). */
  restart(): Promise<Chat>;
  close(): Promise<void>;
}

export interface OpenChatOptions {
  knowledgeDir?: string;
  dataDir?: string;
  clock?: ReturnType<typeof fixedClock>;
  config?: ConfigInput;
  logger?: Logger;
}

/** A real app over a temporary copy of knowledge/ and a temporary data dir, with a `test` channel. */
export async function openChat(options: OpenChatOptions = {}): Promise<Chat> {
  const knowledgeDir = options.knowledgeDir ?? (await copySampleKnowledge('bot'));
  const dataDir = options.dataDir ?? (await sampleDataDir('bot'));
  const clock = options.clock ?? fixedClock(WEDNESDAY_10AM);
  const app = await createApp({
    knowledgeDir,
    dataDir,
    promptsDir: join(REPO, 'prompts'),
    logger: options.logger ?? silentLogger(),
    clock,
    env: {},
    config: { secretaries: ['test:sec'], admins: ['test:admin'], ...options.config },
  });
  const channel = new FakeChannel();
  await app.registerChannel(channel);
  await app.outbox.idle();
  let messages = 0;
  const chat: Chat = {
    app,
    channel,
    clock,
    knowledgeDir,
    dataDir,
    user: (id, name = id) => new ChatUser(chat, id, name),
    member: (room, id, name = id) => new ChatUser(chat, id, name, room),
    nextMessageId: () => `m${++messages}-${Math.random().toString(36).slice(2, 8)}`,
    async restart() {
      await app.close();
      return openChat({ ...options, knowledgeDir, dataDir, clock });
    },
    close: () => app.close(),
  };
  return chat;
}

export async function removeDirs(...dirs: string[]): Promise<void> {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}

/** A reply answered by the bot from the documents: it cites them. */
export const ANSWERED = /📄 来源：《[^》]+》/;

/** The ticket id a message names (`#K7Q2M`). */
export function ticketIn(text: string): string {
  const id = /#([A-Z0-9]{2,12})\b/.exec(text)?.[1];
  expect(id, `no ticket id in: ${text}`).toBeDefined();
  return id!;
}
