import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { AskOutput } from '../../src/core/types.js';
import { createLogger } from '../../src/logging/logger.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));

describe('answer or escalate, over the sample knowledge base', () => {
  let app: App;
  let dataDir: string;
  let asker = 0;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'answerer-'));
    app = await createApp({ knowledgeDir: KNOWLEDGE, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // Every question from a new person, so no open ticket of an earlier one is reused.
  const ask = (text: string, history: string[] = []) => app.ask({ id: `q${++asker}`, text, history, userId: `staff-${asker}` });

  function expectEscalated(out: AskOutput, reason: string): void {
    expect(out).toMatchObject({ escalated: true, reason });
    expect(out.reply).toMatch(/人事秘书/);
    expect(out.ticketId).toMatch(/^[A-Z0-9]+$/);
    expect(out.reply).toContain(`工单号 #${out.ticketId}`);
    expect(out.reply).not.toContain('来源');
  }

  it('answers each thing a two-part question asks: the phone and the room', async () => {
    const out = await ask('社保中心电话多少 办公室在哪');
    expect(out.escalated).toBe(false);
    expect(out.reply).toContain('0595-68123108');
    expect(out.reply).toContain('108室');
  });

  it('lists the materials to bring, from the table under its heading', async () => {
    const out = await ask('报到要带什么材料？');
    expect(out.escalated).toBe(false);
    expect(out.reply).toMatch(/居民身份证[\s\S]*离职证明[\s\S]*证件照/);
  });

  it.each([
    ['转人工', 'human_request'],
    ['机器人说不清楚 我要找人事秘书本人聊', 'human_request'],
    ['帮我查下我的档案到了没', 'personal_case'],
    ['我这个月工资怎么少了500', 'personal_case'],
    ['你们效率太低了我要投诉', 'complaint'],
    // Out of scope, and a near miss: the topic is covered, the asked detail is not.
    ['屿州哪家火锅好吃呀 推荐一下', 'no_match'],
    ['周转公寓能养宠物吗 我有只猫', 'no_match'],
  ])('escalates "%s" as %s', async (text, reason) => {
    expectEscalated(await ask(text), reason);
  });

  it('answers with the sentences that hold the fact, then the source line', async () => {
    const out = await ask('请问新老师入职体检去哪家医院做呀');
    expect(out).toMatchObject({ escalated: false, reason: null });
    expect(out.reply).toContain('屿州市第二人民医院');
    expect(out.reply).toMatch(/\n📄 来源：《2025年新进教职工入职体检安排》（2025-07-29 更新）/);
    expect(out.sources[0]).toMatchObject({ path: 'web/medical_exam_2025.html', title: '2025年新进教职工入职体检安排' });
  });

  it('answers a follow-up from the history', async () => {
    const first = '请问新老师入职体检去哪家医院做呀';
    const out = await ask('那要多少钱哈', [first]);
    expect(out.escalated).toBe(false);
    expect(out.reply).toContain('380元');
    // Without the earlier question the same words say nothing answerable.
    expect((await ask('那要多少钱哈')).reply).not.toContain('380元');
  });

  it('keeps ordinary answers short, cites them, and reports confidence in [0, 1]', async () => {
    const questions = ['调档函怎么开', '公积金交多少比例', '周转公寓最长能住几年', 'OA和统一身份认证的初始密码是啥呀', '异地就医备案在哪个app上办'];
    for (const text of questions) {
      const out = await ask(text);
      expect(out.escalated, text).toBe(false);
      expect(out.reply, text).toMatch(/📄 来源：《[^》]+》/);
      expect(out.reply.length, out.reply).toBeLessThanOrEqual(300);
      expect(out.confidence).toBeGreaterThan(0);
      expect(out.confidence).toBeLessThanOrEqual(1);
      expect(out.sources.length).toBeGreaterThan(0);
    }
    const escalated = await ask('转人工');
    expect(escalated.confidence).toBeGreaterThanOrEqual(0);
    expect(escalated.confidence).toBeLessThanOrEqual(1);
  });
});
