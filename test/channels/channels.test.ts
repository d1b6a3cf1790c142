import { PassThrough } from 'node:stream';
import { afterAll } from 'vitest';
import { types } from 'wechaty';
import { ConsoleChannel } from '../../src/channels/console/console-channel.js';
import { startWebServer } from '../../src/channels/web/web-server.js';
import { WechatChannel } from '../../src/channels/wechat/wechat-channel.js';
import { silentLogger } from '../../src/logging/logger.js';
import { OneBotPeer, at, startChannel, text, type ActionRequest } from './qq/onebot-peer.js';
import { startWebFixture, type WebFixture } from './web/web-fixture.js';
import { MockWeChat } from './wechat/mock-wechat.js';
import { FakeHandler, Queue, settle } from './channel-fakes.js';
import { describeChannel, type ChannelDriver, type Outgoing, type SayOptions } from './describe-channel.js';

const nextOutgoing = (queue: Queue<Outgoing>) => () => queue.next(5_000, 'the platform to receive a message from the bot');

// ---- console: a terminal made of two streams ----

describeChannel(
  'console',
  async () => {
    const handler = new FakeHandler();
    const input = new PassThrough();
    const output = new PassThrough();
    const out = new Queue<Outgoing>();
    let printed = '';
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => {
      printed += chunk;
      // Each reply is printed as "\n机器人 > <text, continuation lines indented>\n\n".
      for (let m = /\n机器人 > ([\s\S]*?)\n\n/.exec(printed); m; m = /\n机器人 > ([\s\S]*?)\n\n/.exec(printed)) {
        out.put({ conversationId: 'local', text: m[1]!.replace(/\n {9}/g, '\n') });
        printed = printed.slice(m.index + m[0].length);
      }
    });
    const channel = new ConsoleChannel({ input, output });
    await channel.start(handler);
    return {
      channel,
      handler,
      async say(line) {
        input.write(`${line}\n`);
      },
      nextOutgoing: nextOutgoing(out),
      async drain() {
        return out.drain();
      },
      conversationFor: () => 'local',
      async close() {
        await channel.stop();
      },
    } satisfies ChannelDriver;
  },
  {
    supports: { concurrentMessages: true },
    // One terminal, one person: no groups, no pictures.
  },
);

// ---- web: the real app and server on loopback, visitors through /api/chat and the inbox long poll ----

let web: WebFixture | undefined;
let webRuns = 0;
afterAll(async () => {
  await web?.close();
});

describeChannel(
  'web',
  async () => {
    web ??= await startWebFixture();
    const app = web.app;
    const handler = new FakeHandler();
    const server = await startWebServer(app, { handler, host: '127.0.0.1', port: 0, inboxWaitSeconds: 5 });
    const out = new Queue<Outgoing>();
    const cursors = new Map<string, number>();
    // Inboxes live in the app's database, shared by every case: each driver has its own visitors.
    const run = ++webRuns;
    const visitor = (options: Pick<SayOptions, 'userId'> = {}) => `contract-${run}-${options.userId ?? 'alice'}`;
    const watch = (id: string) => (cursors.has(id) ? undefined : cursors.set(id, 0));
    /** Collects what waits in the visitors' inboxes, waiting up to `wait` seconds for something. */
    const poll = async (wait: number) => {
      await Promise.all(
        [...cursors].map(async ([id, after]) => {
          const res = await fetch(`${server.url}/api/chat/inbox?user=${id}&after=${after}&wait=${wait}&epoch=${server.channel.epoch}`);
          const body = (await res.json()) as { messages: Array<{ seq: number; text: string }> };
          for (const m of body.messages) {
            if (m.seq <= (cursors.get(id) ?? 0)) continue;
            cursors.set(id, m.seq);
            out.put({ conversationId: id, text: m.text });
          }
        }),
      );
    };
    return {
      channel: server.channel,
      handler,
      async say(line, options = {}) {
        const user = visitor(options);
        watch(user);
        const res = await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user, text: line }),
        });
        const body = (await res.json()) as { reply?: string };
        if (res.ok && body.reply !== undefined) out.put({ conversationId: user, text: body.reply });
      },
      async nextOutgoing() {
        if (out.size === 0) await poll(5);
        return nextOutgoing(out)();
      },
      async drain() {
        await poll(0);
        return out.drain();
      },
      conversationFor(options = {}) {
        const id = visitor(options);
        watch(id);
        return id;
      },
      async close() {
        await server.close();
      },
    } satisfies ChannelDriver;
  },
  {
    // Private only; each question is its own request, answered in its response, so there is no
    // order between two of them to keep.
    supports: { manyUsers: true, restart: true },
  },
);

// ---- qq: the loopback OneBot v11 peer on the reverse WebSocket ----

const QQ_USERS = { alice: '20002', bob: '20004' } as const;
const QQ_GROUP = '30003';

function qqOutgoing(action: ActionRequest): Outgoing {
  const params = action.params as { user_id?: number; group_id?: number; message: Array<{ type: string; data: Record<string, string> }> };
  const conversationId = action.action === 'send_group_msg' ? `group:${params.group_id}` : `private:${params.user_id}`;
  const mention = params.message.find((s) => s.type === 'at')?.data.qq;
  const joined = params.message.filter((s) => s.type === 'text').map((s) => s.data.text).join('');
  return { conversationId, text: mention ? joined.replace(/^ /, '') : joined, ...(mention ? { mentions: mention } : {}) };
}

describeChannel(
  'qq',
  async () => {
    const handler = new FakeHandler();
    const harness = await startChannel({ handler, log: silentLogger() });
    const peer = await OneBotPeer.connect(harness.url, { token: 'test-token' });
    const out = new Queue<Outgoing>();
    void (async () => {
      for (;;) {
        const action = await peer.actions.next(Number.POSITIVE_INFINITY);
        if (action.action === 'send_private_msg' || action.action === 'send_group_msg') out.put(qqOutgoing(action));
      }
    })();
    const user = (options: SayOptions) => QQ_USERS[options.userId ?? 'alice'];
    return {
      channel: harness.channel,
      handler,
      async say(line, options = {}) {
        const message = options.nonText
          ? [{ type: 'image', data: { file: 'photo.jpg', url: 'http://127.0.0.1/photo.jpg' } }]
          : options.group && options.mention
            ? [at(peer.selfId), text(` ${line}`)]
            : [text(line)];
        if (options.group) peer.groupMessage(Number(QQ_GROUP), Number(user(options)), message);
        else peer.privateMessage(Number(user(options)), message);
      },
      nextOutgoing: nextOutgoing(out),
      async drain() {
        await settle();
        return out.drain();
      },
      conversationFor: (options = {}) => (options.group ? `group:${QQ_GROUP}` : `private:${user(options)}`),
      async close() {
        await harness.close();
        await peer.close();
      },
    } satisfies ChannelDriver;
  },
  { supports: { groups: true, nonText: true, manyUsers: true, concurrentMessages: true } },
);

// ---- wechat: wechaty-puppet-mock ----

describeChannel(
  'wechat',
  async () => {
    const handler = new FakeHandler();
    const world = new MockWeChat();
    const people = { alice: world.person('wxid_alice', '张老师'), bob: world.person('wxid_bob', '李博士') };
    const room = world.room('contract@chatroom', '新教工群', [people.alice, people.bob]);
    const out = new Queue<Outgoing>();
    let seen = 0;
    // MockWeChat fills its outbox from the bot's messages; this listener comes after its own.
    const botEvents = world.botUser as unknown as { on(event: 'message', listener: () => void): void };
    botEvents.on('message', () => {
      for (; seen < world.outbox.length; seen++) {
        const sent = world.outbox[seen]!;
        const mention = sent.mentionIds[0];
        out.put({
          conversationId: sent.conversationId,
          text: mention ? sent.text.replace(/^@[^\s\u2005]+[\s\u2005]/, '') : sent.text,
          ...(mention ? { mentions: mention } : {}),
        });
      }
    });
    const channel = new WechatChannel({ wechaty: world.wechaty, log: silentLogger(), showQrCode: () => {} });
    await channel.start(handler);
    await world.login();
    return {
      channel,
      handler,
      async say(line, options = {}) {
        const person = people[options.userId ?? 'alice'];
        // A stopped Wechaty receives nothing; the mock would still hand it the message.
        if (!world.wechaty.state.active()) throw new Error('WeChat is stopped');
        if (options.nonText) world.deliver({ talker: person, type: types.Message.Image, ...(options.group ? { room } : {}) });
        else if (options.group) person.saysInRoom(room, line, options.mention ?? false);
        else person.send(line);
      },
      nextOutgoing: nextOutgoing(out),
      async drain() {
        await settle();
        return out.drain();
      },
      conversationFor: (options = {}) => (options.group ? room.id : people[options.userId ?? 'alice'].id),
      async close() {
        await channel.stop();
        await world.stop();
      },
    } satisfies ChannelDriver;
  },
  { supports: { groups: true, nonText: true, manyUsers: true, concurrentMessages: true } },
);
