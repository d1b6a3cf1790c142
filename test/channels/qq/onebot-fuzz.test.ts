import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { OneBotPeer, startChannel, text, type ActionRequest, type Harness } from './onebot-peer.js';
import { sampleDataDir } from '../../sample-index.js';
import { soakSize } from '../../soak.js';
// The same seeded generator as the bench: the same hostile inputs on every run, so a failure can be replayed.
import { seededRandom as random } from '../../../src/core/seeded-random.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'fuzz-token';
// 10,000 frames in CI (issue 12); a twentieth of them in an everyday run, which still meets every kind many times.
const FRAMES = soakSize(10_000, 500);

/** Frames a broken or malicious framework could send: garbage, wrong types in every field, hostile segments. */
function hostileFrames(count: number, seed: number): Array<string | Buffer> {
  const r = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const odd = () =>
    pick<unknown>([null, {}, [], -1, 0, 1e308, -1e308, '', 'x'.repeat(1 + Math.floor(r() * 5000)), { toString: 1 }, { valueOf: {} }, [[[]]], true, '10001', '💥', '\u0000\ud800']);
  const segment = () => ({ type: pick(['text', 'at', 'image', 'face', 'reply', 'json', 'record', '', '__proto__', 'constructor']), data: pick([odd(), { qq: odd() }, { text: odd() }, { text: '报到要带什么材料' }, null]) });
  const event = () => {
    const e: Record<string, unknown> = {
      time: pick([1764144000, odd()]),
      self_id: pick([10001, odd()]),
      post_type: pick(['message', 'meta_event', 'notice', 'request', odd()]),
      message_type: pick(['private', 'group', odd()]),
      message_id: pick([Math.floor(r() * 1e9), odd()]),
      user_id: pick([20000 + Math.floor(r() * 20), odd()]),
      group_id: pick([30003, odd()]),
      message: pick([Array.from({ length: Math.floor(r() * 6) }, segment), odd(), [text('x'.repeat(100_000))]]),
      sender: pick([{ nickname: odd(), card: odd() }, odd()]),
      meta_event_type: pick(['heartbeat', 'lifecycle', odd()]),
      interval: pick([5000, 1e12, -5, odd()]),
      status: pick(['ok', 'failed', odd()]),
      retcode: pick([0, odd()]),
      echo: pick(['ob-1', 'unknown', odd()]),
    };
    // Some fields missing altogether.
    for (const key of Object.keys(e)) if (r() < 0.2) delete e[key];
    return e;
  };
  return Array.from({ length: count }, () => {
    const kind = r();
    if (kind < 0.05) return Buffer.from(Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)));
    if (kind < 0.1) return pick(['', 'null', '[]', '"a"', '{', '{"post_type":', '1e999', '[{"a":' + '['.repeat(3000)]);
    if (kind < 0.15) return `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"post_type":"message","message":[]}`;
    if (kind < 0.18) return '['.repeat(5000) + ']'.repeat(5000);
    return JSON.stringify(event());
  });
}

describe('the QQ channel under hostile frames', () => {
  let dirs: { knowledgeDir: string; dataDir: string };
  let app: App;
  let harness: Harness;
  let qq: OneBotPeer;

  beforeAll(async () => {
    const knowledgeDir = await mkdtemp(join(tmpdir(), 'fuzz-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dirs = { knowledgeDir, dataDir: await sampleDataDir('fuzz') };
    app = await createApp({ ...dirs, logger: silentLogger(), clock: fixedClock(new Date('2026-11-25T02:00:00Z')), env: {}, config: { onebot: { accessToken: TOKEN } } });
    harness = await startChannel({ handler: app.bot, log: app.log, ...app.config.onebot });
    await app.registerChannel(harness.channel);
    qq = await OneBotPeer.connect(harness.url, { token: TOKEN });
  });

  afterAll(async () => {
    await qq?.close();
    await harness?.close();
    if (harness) app.unregisterChannel(harness.channel);
    await app?.close();
    await rm(dirs.knowledgeDir, { recursive: true, force: true });
    await rm(dirs.dataDir, { recursive: true, force: true });
  });

  it(`keeps answering after ${FRAMES.toLocaleString('en')} random and hostile frames`, { timeout: 120_000 }, async () => {
    for (const frame of hostileFrames(FRAMES, 20261129)) qq.sendRaw(frame as string);
    // The same connection still carries a real question, and the answer comes back.
    qq.privateMessage(29999, [text('转人工')], '新同事');
    const reply = await qq.actions.find((a: ActionRequest) => a.action === 'send_private_msg' && a.params.user_id === 29999, 100_000);
    expect(JSON.stringify(reply.params.message)).toMatch(/工单号/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
