import { afterEach, describe, expect, it } from 'vitest';
import { plainSignature } from '../../../src/channels/tencent/callback-crypto.js';
import { TencentUndeliverable } from '../../../src/channels/tencent/tencent-api.js';
import { settle } from '../channel-fakes.js';
import { otherXml, textXml } from '../tencent/sealed-callback.js';
import { ACCOUNT, TOKEN, startMp, type MpWorld } from './mp-driver.js';

let world: MpWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const OPENID = 'oAlice0000000000000000000000';
const text = (body: string, msgId: string) => textXml({ to: ACCOUNT, from: OPENID, text: body, msgId });
const gate = () => {
  let open!: () => void;
  return { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
};

describe('Official Account callback', () => {
  it('verifies the server URL with the SHA-1 of the sorted token, timestamp and nonce', async () => {
    world = await startMp();
    const query = new URLSearchParams({ signature: plainSignature(TOKEN, '1700000000', '42'), timestamp: '1700000000', nonce: '42', echostr: 'echo-123' });
    const ok = await world.channel.fetch(new Request(`http://127.0.0.1/wechat/mp?${query}`));
    expect(await ok.text()).toBe('echo-123');
    query.set('signature', 'a'.repeat(40));
    const bad = await world.channel.fetch(new Request(`http://127.0.0.1/wechat/mp?${query}`));
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('echo-123');
  });

  it('answers a quick answer as the passive reply, sealed in safe mode, and sends nothing through the API', async () => {
    world = await startMp();
    const response = await world.post(text('报到时间？', '1'));
    expect(response.reply).toBe('答：报到时间？');
    expect(response.body).toContain('<Encrypt>');
    await settle();
    expect(world.tencent.sent.all).toEqual([]);
  });

  it('refuses a message before it is started (503, so WeChat sends it again) and answers it once started', async () => {
    world = await startMp({ started: false });
    expect((await world.post(text('报到时间？', '1'))).status).toBe(503);
    expect(world.handler.received.all).toEqual([]);

    await world.channel.start(world.handler);
    expect((await world.post(text('报到时间？', '1'))).reply).toBe('答：报到时间？');
    expect(world.handler.received.all).toHaveLength(1);
  });

  it('answers a plaintext-mode message with a plaintext passive reply', async () => {
    world = await startMp({ safeMode: false });
    const response = await world.post(text('报到时间？', '1'));
    expect(response.body).toContain('<Content><![CDATA[答：报到时间？]]></Content>');
  });

  it('refuses a bad signature (401) and a message sealed for another app (403), and answers neither', async () => {
    world = await startMp();
    expect((await world.post(text('你好', '2'), { signature: 'b'.repeat(40) })).status).toBe(401);
    expect((await world.post(text('你好', '3'), { appId: 'wxffffffffffffffff' })).status).toBe(403);
    await settle();
    expect(world.handler.received.all).toEqual([]);
  });

  it('refuses a safe-mode message when no EncodingAESKey is set, and a body over 64 KiB', async () => {
    world = await startMp({ safeMode: false });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = new URLSearchParams({ signature: plainSignature(TOKEN, timestamp, '1'), timestamp, nonce: '1' });
    const url = (extra: Record<string, string> = {}) => `http://127.0.0.1/wechat/mp?${new URLSearchParams({ ...Object.fromEntries(signed), ...extra })}`;
    const sealed = await world.channel.fetch(new Request(url({ encrypt_type: 'aes', msg_signature: 'c'.repeat(40) }), { method: 'POST', body: '<xml><Encrypt>x</Encrypt></xml>' }));
    expect(sealed.status).toBe(403);
    const big = await world.channel.fetch(new Request(url(), { method: 'POST', body: `<xml>${'x'.repeat(65 * 1024)}</xml>` }));
    expect(big.status).toBe(413);
    await settle();
    expect(world.handler.received.all).toEqual([]);
  });

  it('says success when the answer is late, sends it through the customer-service API, and takes the retries once', async () => {
    world = await startMp();
    const slow = gate();
    world.handler.answer = async (i) => {
      await slow.opened;
      return [{ conversationId: i.conversationId, text: '慢慢来的答复' }];
    };
    expect((await world.post(text('住房怎么申请？', '9'))).body).toBe('success');
    // WeChat's retries of the same MsgId, while the answer is still being worked out and after.
    expect((await world.post(text('住房怎么申请？', '9'))).body).toBe('success');
    slow.open();
    expect(await world.tencent.sent.next()).toMatchObject({ api: 'custom', to: OPENID, text: '慢慢来的答复' });
    expect((await world.post(text('住房怎么申请？', '9'))).body).toBe('success');
    await settle(20);
    expect(world.handler.received.all).toHaveLength(1);
    expect(world.tencent.sent.all).toHaveLength(1);
  });

  it('sends an answer of several parts through the API, each within 2,048 bytes, in order', async () => {
    world = await startMp();
    world.handler.answer = (i) => [{ conversationId: i.conversationId, text: '社保和医保在入职当月办理。'.repeat(160) }];
    expect((await world.post(text('社保', '4'))).body).toBe('success');
    await world.tencent.sent.next();
    await settle(50);
    expect(world.tencent.sent.all.length).toBeGreaterThan(1);
    for (const part of world.tencent.sent.all) expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(2048);
  });

  it('hands a new follower the guide and a voice message as non-text; other events are skipped', async () => {
    world = await startMp();
    await world.post(otherXml({ to: ACCOUNT, from: OPENID, msgType: 'event', event: 'unsubscribe' }));
    await world.post(otherXml({ to: ACCOUNT, from: OPENID, msgType: 'event', event: 'subscribe' }));
    expect((await world.handler.next()).text).toBe('/help');
    await world.post(otherXml({ to: ACCOUNT, from: OPENID, msgType: 'voice', msgId: '6' }));
    expect((await world.handler.next()).kind).toBe('non_text');
    expect(world.handler.received.all).toHaveLength(2);
  });
});

describe('Official Account customer-service API', () => {
  it('reports a person past the 48-hour window (45015) as undeliverable, in words the desk can show', async () => {
    world = await startMp();
    world.tencent.fail({ errcode: 45015 });
    const sending = world.channel.send({ conversationId: OPENID, text: '#T7 答复：档案已到。' });
    await expect(sending).rejects.toBeInstanceOf(TencentUndeliverable);
    await expect(sending).rejects.toThrow(/48 小时/);
    expect(world.tencent.sent.all).toEqual([]);
  });

  it('fetches a new token once on 42001 and retries 45047 with backoff', async () => {
    world = await startMp();
    await world.channel.send({ conversationId: OPENID, text: '一' });
    world.tencent.expireTokens();
    world.tencent.fail({ errcode: 45047 });
    await world.channel.send({ conversationId: OPENID, text: '二' });
    expect(world.tencent.tokenRequests).toBe(2);
    expect(world.tencent.sent.all.map((s) => s.text)).toEqual(['一', '二']);
  });
});
