import { afterEach, describe, expect, it, vi } from 'vitest';
import { TencentApi, TencentApiError, TencentUndeliverable } from '../../../src/channels/tencent/tencent-api.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { FakeTencent } from './fake-tencent.js';

const CORP = { id: 'ww0123456789abcdef', secret: 'corp-secret' };
/** The pauses of three attempts lie from 1 to 4 times this; no other timer of the test does. */
const BACKOFF_MS = 10_000;

let tencent: FakeTencent | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await tencent?.close();
  tencent = undefined;
});

async function start(): Promise<{ api: TencentApi; send: (text: string) => Promise<void>; pauses: number[] }> {
  tencent = await FakeTencent.start(CORP);
  const api = new TencentApi({
    baseUrl: tencent.url,
    tokenPath: `/cgi-bin/gettoken?corpid=${CORP.id}&corpsecret=${CORP.secret}`,
    log: silentLogger(),
    timeoutMs: 1_000,
    backoffMs: BACKOFF_MS,
  });
  // The pauses are recorded and skipped: the test checks their length without waiting them out.
  const pauses: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    if (ms === undefined || ms < BACKOFF_MS || ms > 4 * BACKOFF_MS) return realSetTimeout(callback, ms);
    pauses.push(ms);
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout);
  const send = (text: string) => api.post('/cgi-bin/message/send', { touser: 'zhangsan', msgtype: 'text', agentid: 1, text: { content: text } });
  return { api, send, pauses };
}

describe('Tencent API calls', () => {
  it('try a 5xx and a busy errcode again after a doubling pause, each stretched by a random factor from 1 to 2', async () => {
    const { send, pauses } = await start();
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    tencent!.fail('http500', { errcode: 45009 });
    await send('终于到了');
    // Without the random factor the pauses would be exactly 1 and 2 times the backoff.
    expect(pauses).toEqual([1.25 * BACKOFF_MS, 1.25 * 2 * BACKOFF_MS]);
    expect(tencent!.sent.all.map((m) => m.text)).toEqual(['终于到了']);
  });

  it('give up after three attempts with the last failure', async () => {
    const { send, pauses } = await start();
    tencent!.fail('http500', 'http500', { errcode: 45047 });
    await expect(send('丢不了')).rejects.toThrow(/errcode 45047/);
    expect(pauses).toHaveLength(2);
    expect(tencent!.sent.all).toEqual([]);
  });

  it('do not try again what another try cannot cure: a refused request or a person out of reach', async () => {
    const { send, pauses } = await start();
    tencent!.fail({ errcode: 40003 });
    await expect(send('无效用户')).rejects.toBeInstanceOf(TencentApiError);
    tencent!.fail({ errcode: 45015 });
    await expect(send('过期')).rejects.toBeInstanceOf(TencentUndeliverable);
    expect(pauses).toEqual([]);
    await send('下一条');
    expect(tencent!.sent.all.map((m) => m.text)).toEqual(['下一条']);
  });
});
