import { getSignature, encrypt } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TencentApiError, TencentUndeliverable } from '../../../src/channels/tencent/tencent-api.js';
import { settle } from '../channel-fakes.js';
import { otherXml, textXml } from '../tencent/sealed-callback.js';
import { AGENT_ID, CORP_ID, SECRET, TOKEN, startWecom, type WecomWorld } from './wecom-driver.js';

let world: WecomWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const text = (body: string, msgId: string, from = 'zhangsan') => textXml({ to: CORP_ID, from, text: body, msgId, agentId: AGENT_ID });

describe('WeCom callback', () => {
  it('verifies the URL: a signed, encrypted echostr is answered with its plaintext', async () => {
    world = await startWecom();
    const echostr = encrypt(world.aesKey, '8123456789012345678', CORP_ID);
    const query = new URLSearchParams({ msg_signature: getSignature(TOKEN, '1700000000', 'n1', echostr), timestamp: '1700000000', nonce: 'n1', echostr });
    const ok = await world.channel.fetch(new Request(`http://127.0.0.1/wecom/callback?${query}`));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8123456789012345678');
    query.set('msg_signature', '0'.repeat(40));
    const bad = await world.channel.fetch(new Request(`http://127.0.0.1/wecom/callback?${query}`));
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('8123456789012345678');
  });

  it('answers an answer ready in time as the encrypted passive reply, and sends nothing through the API', async () => {
    world = await startWecom();
    const response = await world.post(text('报到要带什么？', '1'));
    expect(response.status).toBe(200);
    expect(world.passive(await response.text())).toEqual({ to: 'zhangsan', from: CORP_ID, text: '答：报到要带什么？' });
    await settle();
    expect(world.tencent.sent.size).toBe(0);
  });

  it('says success when the answer is late and sends it through the app message API with the agent id', async () => {
    world = await startWecom();
    world.handler.answer = async (i) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      return [{ conversationId: i.conversationId, text: `答：${i.text}` }];
    };
    const response = await world.post(text('报到要带什么？', '1'));
    expect(await response.text()).toBe('success');
    expect(await world.tencent.sent.next()).toEqual({ api: 'wecom', to: 'zhangsan', text: '答：报到要带什么？', agentId: AGENT_ID });
  });

  it('refuses a message before it is started (503, so WeCom sends it again) and answers it once started', async () => {
    world = await startWecom({ started: false });
    expect((await world.post(text('报到要带什么？', '1'))).status).toBe(503);
    expect(world.handler.received.all).toEqual([]);

    await world.channel.start(world.handler);
    const retried = await world.post(text('报到要带什么？', '1'));
    expect(world.passive(await retried.text())).toEqual({ to: 'zhangsan', from: CORP_ID, text: '答：报到要带什么？' });
    expect(world.handler.received.all).toHaveLength(1);
  });

  it('refuses a bad signature (401) and a message sealed for another corp (403), and answers neither', async () => {
    world = await startWecom();
    expect((await world.post(text('你好', '2'), { signature: 'f'.repeat(40) })).status).toBe(401);
    expect((await world.post(text('你好', '3'), { corpId: 'wwffffffffffffffff' })).status).toBe(403);
    await settle();
    expect(world.handler.received.all).toEqual([]);
    expect(world.tencent.sent.size).toBe(0);
  });

  it('refuses a body over 64 KiB and leaves XML entities unexpanded', async () => {
    world = await startWecom();
    const big = await world.channel.fetch(new Request('http://127.0.0.1/wecom/callback?a=1', { method: 'POST', body: 'x'.repeat(65 * 1024) }));
    expect(big.status).toBe(413);
    const bomb = text('&lol;', '4').replace('<xml>', '<!DOCTYPE xml [<!ENTITY lol "lollollol">]><xml>').replace('<![CDATA[&lol;]]>', '&lol;');
    expect((await world.post(bomb)).status).toBeLessThan(500);
    await settle();
    for (const incoming of world.handler.received.all) expect(incoming.text).not.toContain('lollollol');
  });

  it('takes a retried MsgId once: one question, one answer', async () => {
    world = await startWecom();
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) bodies.push(await (await world.post(text('调档函怎么开？', '77'))).text());
    expect(bodies.map((b) => world!.passive(b)?.text)).toEqual(['答：调档函怎么开？', undefined, undefined]);
    await settle(20);
    expect(world.handler.received.all).toHaveLength(1);
    expect(world.tencent.sent.all).toHaveLength(0);
  });

  it('greets a member who adds the app with the guide, and skips other events', async () => {
    world = await startWecom();
    await world.post(otherXml({ to: CORP_ID, from: 'zhangsan', msgType: 'event', event: 'enter_agent' }));
    await world.post(otherXml({ to: CORP_ID, from: 'zhangsan', msgType: 'event', event: 'subscribe' }));
    expect((await world.handler.next()).text).toBe('/help');
    await settle();
    expect(world.handler.received.all).toHaveLength(1);
  });

  it('splits a long answer into texts of at most 2,048 bytes', async () => {
    world = await startWecom();
    world.handler.answer = (i) => [{ conversationId: i.conversationId, text: '入职材料请按清单准备齐全。'.repeat(200) }];
    await world.post(text('清单', '5'));
    await world.tencent.sent.next();
    await settle(50);
    const parts = world.tencent.sent.all;
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(2048);
  });
});

describe('WeCom app message API', () => {
  it('fetches one token for concurrent sends and keeps it, and never logs it or the secret', async () => {
    world = await startWecom();
    await Promise.all(['一', '二', '三'].map((t) => world!.channel.send({ conversationId: 'zhangsan', text: t })));
    await world.channel.send({ conversationId: 'lisi', text: '四' });
    expect(world.tencent.tokenRequests).toBe(1);
    expect(world.tencent.sent.all).toHaveLength(4);
    const logs = world.logs.join('');
    expect(logs).toContain('access token fetched');
    expect(logs).not.toMatch(/token-\d/);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain('一');
  });

  it('fetches a new token once when Tencent says it expired (42001)', async () => {
    world = await startWecom();
    await world.channel.send({ conversationId: 'zhangsan', text: '一' });
    world.tencent.expireTokens();
    await world.channel.send({ conversationId: 'zhangsan', text: '二' });
    expect(world.tencent.tokenRequests).toBe(2);
    expect(world.tencent.sent.all.map((s) => s.text)).toEqual(['一', '二']);
  });

  it('retries with backoff after a 5xx, a timeout and 45047, and delivers once', async () => {
    world = await startWecom();
    world.tencent.fail('http500', 'timeout');
    await world.channel.send({ conversationId: 'zhangsan', text: '终于到了' });
    world.tencent.fail({ errcode: 45047 });
    await world.channel.send({ conversationId: 'zhangsan', text: '又到了' });
    expect(world.tencent.sent.all.map((s) => s.text)).toEqual(['终于到了', '又到了']);
  });

  it('rejects when every attempt fails, so the outbox keeps the message', async () => {
    world = await startWecom();
    world.tencent.fail('http500', 'http500', 'http500');
    await expect(world.channel.send({ conversationId: 'zhangsan', text: '丢不了' })).rejects.toBeInstanceOf(TencentApiError);
    expect(world.tencent.sent.all).toEqual([]);
  });

  it('reports a member outside the app\'s visible range as undeliverable, though WeCom said errcode 0', async () => {
    world = await startWecom();
    world.tencent.unreachable.add('outsider');
    const sending = world.channel.send({ conversationId: 'outsider', text: '#T3 答复' });
    await expect(sending).rejects.toBeInstanceOf(TencentUndeliverable);
    await expect(sending).rejects.toThrow(/可见范围/);
    expect(world.tencent.sent.all).toEqual([]);
  });

  it('reports 45015 as undeliverable without retrying', async () => {
    world = await startWecom();
    world.tencent.fail({ errcode: 45015 });
    await expect(world.channel.send({ conversationId: 'zhangsan', text: '过期' })).rejects.toBeInstanceOf(TencentUndeliverable);
    await world.channel.send({ conversationId: 'zhangsan', text: '下一条' });
    expect(world.tencent.sent.all.map((s) => s.text)).toEqual(['下一条']);
  });
});
