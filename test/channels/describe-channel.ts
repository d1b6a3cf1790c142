import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/channels/channel.js';
import { FakeHandler, settle } from './channel-fakes.js';

/** What the platform received from the bot, in the channel's own conversation ids. */
export interface Outgoing {
  conversationId: string;
  text: string;
  /** The user id (as in `Incoming.userId`) the message @-mentions, if any. */
  mentions?: string;
}

export interface SayOptions {
  /** A person of the test world, by a name the driver knows (`alice`, `bob`); `alice` by default. */
  userId?: 'alice' | 'bob';
  /** Write in the shared group instead of privately. */
  group?: boolean;
  /** In a group, @-mention the bot. */
  mention?: boolean;
  /** Send a picture instead of text (the text is ignored). */
  nonText?: boolean;
}

/** One channel wired to a fake platform, driven from the platform's side. */
export interface ChannelDriver {
  /** Already started with `handler` (`channel.start(handler)`, as `app.connect` does with the engine). */
  channel: Channel;
  handler: FakeHandler;
  /** A user writes through the platform; resolves once the platform took the message. */
  say(text: string, options?: SayOptions): Promise<void>;
  /** The next message the platform received from the bot; fails after a few seconds without one. */
  nextOutgoing(): Promise<Outgoing>;
  /** What the platform received and nobody took yet, without waiting for more. */
  drain(): Promise<Outgoing[]>;
  /** The channel's conversation id for a person's private chat or the group, without any message having passed. */
  conversationFor(options?: Pick<SayOptions, 'userId' | 'group'>): string;
  close(): Promise<void>;
}

/** What the platform has; cases for what it lacks are skipped. */
export interface ChannelSupport {
  /** Group chats (and so @-mentions of the bot and of users). */
  groups?: boolean;
  /** Non-text messages (pictures, voice …). */
  nonText?: boolean;
  /** More than one person talks to the bot. */
  manyUsers?: boolean;
  /** One person can have several messages in hand at once (a chat, not request/response). */
  concurrentMessages?: boolean;
  /** The platform reaches the channel again after a stop without logging in or reconnecting (callbacks, HTTP). */
  restart?: boolean;
}

export type CaseKey =
  | 'private'
  | 'start-again'
  | 'restart'
  | 'many-users'
  | 'reply-order'
  | 'message-order'
  | 'relay'
  | 'group'
  | 'group-relay'
  | 'non-text'
  | 'handler-throws'
  | 'stop'
  | 'stop-in-flight';

export interface DescribeChannelOptions {
  supports?: ChannelSupport;
  /**
   * Cases this channel is known to fail, with why; they run as `it.fails`, so fixing the
   * channel turns them red until the entry is removed.
   */
  knownIssues?: Partial<Record<CaseKey, string>>;
}

function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * The contract every channel keeps, run from the platform's side with a fake engine.
 * `create` builds a channel connected to its platform and started with the driver's
 * `handler`; each case gets a fresh one. What a channel does with a message that comes
 * before `start` differs by platform (refused, ignored, held), so each channel's own tests
 * check that.
 */
export function describeChannel(name: string, create: () => Promise<ChannelDriver>, options: DescribeChannelOptions = {}): void {
  const supports = options.supports ?? {};
  const known = options.knownIssues ?? {};

  function test(key: CaseKey, title: string, body: (driver: ChannelDriver) => Promise<void>, supported = true): void {
    const run = async () => {
      const driver = await create();
      try {
        await body(driver);
      } finally {
        await driver.close();
      }
    };
    const issue = known[key];
    if (!supported) it.skip(title, run);
    else if (issue) it.fails(`${title} [known issue: ${issue}]`, run);
    else it(title, run);
  }

  describe(`${name} channel contract`, () => {
    test('private', 'a private text reaches the handler once, as this channel, and the reply reaches the person', async (d) => {
      await d.say('报到要带什么材料？');
      const first = await d.handler.next();
      expect(first).toMatchObject({ channel: d.channel.name, text: '报到要带什么材料？', isGroup: false });
      expect(first.kind ?? 'text').toBe('text');
      expect(first.conversationId).toBe(d.conversationFor());
      expect(first.at).toBeInstanceOf(Date);
      expect(await d.nextOutgoing()).toEqual({ conversationId: first.conversationId, text: '答：报到要带什么材料？' });

      await d.say('工资卡怎么办？');
      const second = await d.handler.next();
      expect(second.userId).toBe(first.userId);
      expect(second.conversationId).toBe(first.conversationId);
      expect(await d.nextOutgoing()).toEqual({ conversationId: first.conversationId, text: '答：工资卡怎么办？' });
      expect(d.handler.received.all).toHaveLength(2);
    });

    test('start-again', 'start() on a running channel changes nothing: messages still go to the first handler, once', async (d) => {
      const second = new FakeHandler();
      await d.channel.start(second);
      await d.say('报到要带什么材料？');
      expect((await d.handler.next()).text).toBe('报到要带什么材料？');
      expect(await d.nextOutgoing()).toEqual({ conversationId: d.conversationFor(), text: '答：报到要带什么材料？' });
      expect(second.received.all).toEqual([]);
      expect(await d.drain()).toEqual([]);
    });

    test('restart', 'a start while a stop is still letting answers out waits for it; then the channel answers and sends again', async (d) => {
      const stopped = d.channel.stop();
      const second = new FakeHandler();
      await d.channel.start(second);
      await stopped;
      await d.say('报到要带什么材料？');
      expect((await second.next()).text).toBe('报到要带什么材料？');
      expect(await d.nextOutgoing()).toEqual({ conversationId: d.conversationFor(), text: '答：报到要带什么材料？' });
      expect(d.handler.received.all).toEqual([]);
    }, supports.restart === true);

    test(
      'many-users',
      'two people are two users in two conversations, and each gets their own answer',
      async (d) => {
        await d.say('我是甲', { userId: 'alice' });
        const alice = await d.handler.next();
        expect(await d.nextOutgoing()).toEqual({ conversationId: alice.conversationId, text: '答：我是甲' });
        await d.say('我是乙', { userId: 'bob' });
        const bob = await d.handler.next();
        expect(await d.nextOutgoing()).toEqual({ conversationId: bob.conversationId, text: '答：我是乙' });
        expect(bob.userId).not.toBe(alice.userId);
        expect(bob.conversationId).not.toBe(alice.conversationId);
        expect(bob.conversationId).toBe(d.conversationFor({ userId: 'bob' }));
      },
      supports.manyUsers === true,
    );

    test('reply-order', "the handler's replies to one message arrive in their order", async (d) => {
      const texts = ['第一条', '第二条', '第三条'];
      d.handler.answer = (i) => texts.map((text) => ({ conversationId: i.conversationId, text }));
      await d.say('三条回复');
      // A channel may join one message's replies into one (the web answers a request once).
      const got: string[] = [];
      while (got.join('\n\n').length < texts.join('\n\n').length) got.push((await d.nextOutgoing()).text);
      expect(got.join('\n\n')).toBe(texts.join('\n\n'));
    });

    test(
      'message-order',
      "one person's answers follow the order of their messages, even when the first is slower",
      async (d) => {
        const slow = gate();
        d.handler.answer = async (i) => {
          if (i.text === '慢') await slow.opened;
          return FakeHandler.echo(i);
        };
        await d.say('慢');
        await d.handler.next();
        await d.say('快');
        // A channel that does not queue hands '快' over now and answers it at once.
        await settle();
        slow.open();
        expect((await d.nextOutgoing()).text).toBe('答：慢');
        expect((await d.nextOutgoing()).text).toBe('答：快');
      },
      supports.concurrentMessages === true,
    );

    test('relay', 'send() reaches a conversation the channel has not seen since it started (a relay after a restart)', async (d) => {
      const conversationId = d.conversationFor();
      await d.channel.send({ conversationId, text: '#T1 您的问题有答复了：档案已到。' });
      expect(await d.nextOutgoing()).toEqual({ conversationId, text: '#T1 您的问题有答复了：档案已到。' });
      expect(d.handler.received.all).toEqual([]);
    });

    test(
      'group',
      'in a group: isGroup, mentionsBot only when the bot is @-mentioned, and the reply @-mentions the asker',
      async (d) => {
        d.handler.answer = (i) =>
          i.isGroup && i.mentionsBot ? [{ conversationId: i.conversationId, text: `答：${i.text}`, mentionUserId: i.userId }] : [];
        await d.say('大家好', { group: true, userId: 'bob' });
        const chatter = await d.handler.next();
        expect(chatter).toMatchObject({ channel: d.channel.name, isGroup: true, mentionsBot: false, text: '大家好' });
        expect(chatter.conversationId).toBe(d.conversationFor({ group: true }));

        await d.say('调档函怎么开？', { group: true, mention: true, userId: 'alice' });
        const asked = await d.handler.next();
        expect(asked).toMatchObject({ isGroup: true, mentionsBot: true, text: '调档函怎么开？', conversationId: chatter.conversationId });
        expect(asked.userId).not.toBe(chatter.userId);
        expect(await d.nextOutgoing()).toEqual({ conversationId: asked.conversationId, text: '答：调档函怎么开？', mentions: asked.userId });
        expect(await d.drain()).toEqual([]);
      },
      supports.groups === true,
    );

    test(
      'group-relay',
      'send() to a group with mentionUserId @-mentions that user',
      async (d) => {
        await d.say('我先问一下', { userId: 'alice' });
        const alice = await d.handler.next();
        await d.nextOutgoing();
        const group = d.conversationFor({ group: true });
        await d.channel.send({ conversationId: group, text: '答复来了', mentionUserId: alice.userId });
        expect(await d.nextOutgoing()).toEqual({ conversationId: group, text: '答复来了', mentions: alice.userId });
      },
      supports.groups === true,
    );

    test(
      'non-text',
      "a picture arrives as kind 'non_text' and can be answered",
      async (d) => {
        d.handler.answer = (i) => [{ conversationId: i.conversationId, text: i.kind === 'non_text' ? '只能看文字' : '?' }];
        await d.say('', { nonText: true });
        const incoming = await d.handler.next();
        expect(incoming).toMatchObject({ kind: 'non_text', isGroup: false, text: '' });
        expect(await d.nextOutgoing()).toEqual({ conversationId: incoming.conversationId, text: '只能看文字' });
      },
      supports.nonText === true,
    );

    test('handler-throws', 'a handler that throws does not kill the channel: the next message is handled', async (d) => {
      d.handler.answer = (i) => {
        if (i.text === '炸') throw new Error('engine failure');
        return FakeHandler.echo(i);
      };
      await d.say('炸');
      await d.handler.next();
      await d.say('还在吗？');
      expect((await d.handler.next()).text).toBe('还在吗？');
      // Whatever the channel said about the failure, the answer to the next message comes after it.
      const texts: string[] = [];
      while (!texts.includes('答：还在吗？')) texts.push((await d.nextOutgoing()).text);
      expect(texts.at(-1)).toBe('答：还在吗？');
    });

    test('stop', 'stop() resolves; afterwards neither send() nor a new message puts anything on the platform', async (d) => {
      await d.say('你好');
      await d.handler.next();
      await d.nextOutgoing();
      await d.channel.stop();
      await d.channel.send({ conversationId: d.conversationFor(), text: '停了以后' }).catch(() => undefined);
      await d.say('还有人吗？').catch(() => undefined);
      await settle();
      expect(await d.drain()).toEqual([]);
      expect(d.handler.received.all).toHaveLength(1);
    });

    test('stop-in-flight', 'an answer being worked out when stop() is called goes out before stop() resolves, or never', async (d) => {
      const slow = gate();
      d.handler.answer = async (i) => {
        await slow.opened;
        return FakeHandler.echo(i);
      };
      const saying = d.say('正在回答的问题');
      await d.handler.next();
      const stopping = d.channel.stop();
      // A channel that waits for answers in hand is still stopping; one that does not has stopped.
      const stoppedFirst = await Promise.race([stopping.then(() => true), settle().then(() => false)]);
      slow.open();
      await stopping;
      const atStop = await d.drain();
      await saying.catch(() => undefined);
      await settle();
      const afterStop = await d.drain();
      if (stoppedFirst) expect([...atStop, ...afterStop]).toEqual([]);
      else expect(atStop).toHaveLength(1);
      expect(afterStop).toEqual([]);
    });
  });
}
