import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { pino } from 'pino';
import type { MessageHandler } from '../../../src/core/ports.js';
import type { Incoming, Reply } from '../../../src/core/types.js';
import { WechatChannel, isRoomId, stripMentions } from '../../../src/channels/wechat/wechat-channel.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { MockWeChat, type Person } from './mock-wechat.js';

/** Answers every text with "re:<text>", groups only when @-mentioned, as the engine does. */
class EchoHandler implements MessageHandler {
  readonly seen: Incoming[] = [];
  async handle(incoming: Incoming): Promise<Reply[]> {
    this.seen.push(incoming);
    if (incoming.isGroup && !incoming.mentionsBot) return [];
    const text = incoming.kind === 'non_text' ? '只能看文字' : `re:${incoming.text}`;
    return [{ conversationId: incoming.conversationId, text, mentionUserId: incoming.isGroup ? incoming.userId : undefined }];
  }
}

function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('WechatChannel over wechaty-puppet-mock', () => {
  let world: MockWeChat;
  let handler: EchoHandler;
  let channel: WechatChannel;
  let alice: Person;
  let bob: Person;

  async function connect(h: MessageHandler, log = silentLogger()): Promise<void> {
    channel = new WechatChannel({ wechaty: world.wechaty, log, showQrCode: () => {} });
    await channel.start(h);
    await world.login();
  }

  beforeEach(() => {
    world = new MockWeChat();
    handler = new EchoHandler();
    alice = world.person('wxid_alice', '张老师');
    bob = world.person('wxid_bob', '李博士');
  });

  afterEach(async () => {
    await channel.stop();
    await world.stop();
  });

  it('maps a private text to Incoming and answers the person', async () => {
    await connect(handler);
    const replies = await alice.says('  报到要带什么材料 ');
    expect(replies).toEqual(['re:报到要带什么材料']);
    expect(handler.seen).toHaveLength(1);
    const incoming = handler.seen[0]!;
    expect(incoming).toMatchObject({
      channel: 'wechat',
      conversationId: 'wxid_alice',
      userId: 'wxid_alice',
      userName: '张老师',
      text: '报到要带什么材料',
      isGroup: false,
      mentionsBot: false,
      kind: 'text',
    });
    expect(incoming.messageId).toEqual(expect.any(String));
    expect(incoming.at).toBeInstanceOf(Date);
  });

  it('never hands the bot its own messages', async () => {
    await connect(handler);
    await alice.says('你好');
    await bob.says('谢谢');
    expect(handler.seen.map((i) => i.userId)).toEqual(['wxid_alice', 'wxid_bob']);
  });

  it('in a group passes the @-mention and strips "@name" with its U+2005, replying with a mention', async () => {
    await connect(handler);
    const room = world.room('newstaff@chatroom', '2026新教工群', [alice, bob]);
    bob.saysInRoom(room, '今天天气不错', false);
    alice.saysInRoom(room, '报到要带什么材料？', true);
    const [sent] = await world.waitForSent(room.id, 1);
    expect(handler.seen.map((i) => [i.userId, i.mentionsBot, i.text])).toEqual([
      ['wxid_bob', false, '今天天气不错'],
      ['wxid_alice', true, '报到要带什么材料？'],
    ]);
    expect(handler.seen[1]).toMatchObject({ conversationId: room.id, isGroup: true });
    expect(sent!.mentionIds).toEqual(['wxid_alice']);
    expect(sent!.text).toBe('@张老师 re:报到要带什么材料？');
  });

  it('marks images, voice, files, stickers and red packets as non_text, and ignores recalls and system notices', async () => {
    await connect(handler);
    const kinds = [types.Message.Image, types.Message.Audio, types.Message.Attachment, types.Message.Emoticon, types.Message.RedEnvelope];
    for (const type of kinds) world.deliver({ talker: alice, type });
    world.deliver({ talker: alice, type: types.Message.Recalled });
    world.deliver({ talker: alice, type: types.Message.Unknown });
    await world.waitForSent(alice.id, kinds.length);
    expect(handler.seen.map((i) => i.kind)).toEqual(kinds.map(() => 'non_text'));
    expect(handler.seen.every((i) => i.text === '' && !i.isGroup)).toBe(true);
  });

  it('ignores messages sent before the channel started', async () => {
    await connect(handler);
    world.deliver({ talker: alice, text: '昨天的问题', timestamp: Date.now() - 60_000 });
    await alice.says('今天的问题');
    expect(handler.seen.map((i) => i.text)).toEqual(['今天的问题']);
  });

  it('answers one person in the order they wrote, even when the first answer is slower', async () => {
    const slow: MessageHandler = {
      handle: async (i) => {
        await new Promise((r) => setTimeout(r, i.text === '第一' ? 50 : 0));
        return [{ conversationId: i.conversationId, text: `re:${i.text}` }];
      },
    };
    await connect(slow);
    alice.send('第一');
    alice.send('第二');
    const sent = await world.waitForSent(alice.id, 2);
    expect(sent.map((s) => s.text)).toEqual(['re:第一', 're:第二']);
  });

  it('keeps serving after the handler throws', async () => {
    const failing: MessageHandler = {
      handle: async (i) => {
        if (i.text === 'boom') throw new Error('engine failure');
        return [{ conversationId: i.conversationId, text: 'ok' }];
      },
    };
    const { log, lines } = captureLog();
    await connect(failing, log);
    alice.send('boom');
    expect(await alice.says('still there?')).toEqual(['ok']);
    expect(lines.some((l) => l.includes('message not handled') && l.includes('engine failure'))).toBe(true);
  });

  it('sends relays by id to a contact, and to a room mentioning the person', async () => {
    await connect(handler);
    const room = world.room('hrstaff@chatroom', '人事处工作群', [alice, bob]);
    await channel.send({ conversationId: 'wxid_bob', text: '#T1 档案已到' });
    await channel.send({ conversationId: room.id, text: '答复来了', mentionUserId: 'wxid_alice' });
    expect(bob.received()).toEqual(['#T1 档案已到']);
    const [inRoom] = world.sentTo(room.id);
    expect(inRoom).toMatchObject({ text: '@张老师 答复来了', mentionIds: ['wxid_alice'] });
  });

  it('rejects a relay to someone WeChat does not know', async () => {
    await connect(handler);
    await expect(channel.send({ conversationId: 'wxid_nobody', text: 'x' })).rejects.toThrow(/wxid_nobody not found/);
  });

  it('stop() lets the answers in hand go out', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const gated: MessageHandler = {
      handle: async (i) => {
        entered();
        await gate;
        return [{ conversationId: i.conversationId, text: 'late answer' }];
      },
    };
    await connect(gated);
    alice.send('问题');
    await inHandler;
    const stopping = channel.stop();
    release();
    await stopping;
    expect(alice.received()).toEqual(['late answer']);
  });

  it('a start while a stop lets the answers in hand go out waits for it, and leaves WeChat running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    await connect({
      handle: async (i) => {
        entered();
        await gate;
        return [{ conversationId: i.conversationId, text: 'late answer' }];
      },
    });
    alice.send('问题');
    await inHandler;
    const stopping = channel.stop();
    const restarting = channel.start(handler);
    release();
    await Promise.all([stopping, restarting]);
    expect(alice.received()).toEqual(['late answer']);
    expect(world.wechaty.state.active()).toBe(true);
  });
});

describe('WechatChannel logs', () => {
  it('logs the QR code URL, login and inbound ids, never the message text', async () => {
    const world = new MockWeChat();
    const alice = world.person('wxid_alice', '张老师');
    const { log, lines } = captureLog();
    const shown: string[] = [];
    const channel = new WechatChannel({ wechaty: world.wechaty, log, showQrCode: (q) => shown.push(q) });
    await channel.start(new EchoHandler());
    world.mocker.scan('https://login.weixin.qq.com/l/abc', types.ScanStatus.Waiting);
    await world.login();
    await alice.says('我的身份证号是110101199003077777，档案到了吗');
    await channel.stop();
    await world.stop();
    const text = lines.join('');
    expect(shown).toEqual(['https://login.weixin.qq.com/l/abc']);
    expect(text).toContain('https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fabc');
    expect(text).toMatch(/"userName":"入职助手".*"msg":"logged in"/);
    expect(text).toMatch(/"userId":"wxid_alice".*"msg":"inbound"/);
    expect(text).toContain('"module":"channel.wechat"');
    expect(text).not.toContain('档案到了吗');
    expect(text).not.toContain('110101199003077777');
  });
});

describe('helpers', () => {
  it('tells room ids from contact ids on the usual protocols', () => {
    expect(isRoomId('123456789@chatroom')).toBe(true);
    expect(isRoomId('@@3a7f0c')).toBe(true);
    expect(isRoomId('@3a7f0c')).toBe(false);
    expect(isRoomId('wxid_abc')).toBe(false);
  });

  it('removes leftover @names and U+2005', () => {
    expect(stripMentions('@人事小助手\u2005报到要带什么')).toBe('报到要带什么');
    expect(stripMentions('报到\u2005要带什么')).toBe('报到 要带什么');
    expect(stripMentions('邮件发到 hr@example.edu.cn 可以吗')).toBe('邮件发到 hr@example.edu.cn 可以吗');
  });
});
