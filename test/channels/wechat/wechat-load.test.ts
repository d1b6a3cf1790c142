import { describe, expect, it } from 'vitest';
import { useBotOnWeChat } from './bot-on-wechat.js';
import { soakSize } from '../../soak.js';

// The load test's people, five questions each: 100 in CI, 30 in an everyday run.
const LOAD_USERS = soakSize(100, 30);

describe('the onboarding bot on WeChat under load', () => {
  // Without follow-up history every question has one right answer, whatever was asked before.
  const wx = useBotOnWeChat({ bot: { historyTurns: 0 } });

  it(`${LOAD_USERS} users sending ${LOAD_USERS * 5} questions at once each get the answers to their own questions, in order`, async () => {
    const questions = ['报到要带什么材料', '工资条在哪看呀', '公积金交多少比例', '周转公寓最长能住几年', 'OA和统一身份认证的初始密码是啥呀', '请问合同签几年 有试用期吗', '副高租房补贴多少钱'];
    const expected = new Map<string, string>();
    for (const q of questions) {
      const out = await wx.bot.app.ask({ text: q });
      expect(out.escalated, q).toBe(false);
      expect(new Set([...expected.values()])).not.toContain(out.reply);
      expected.set(q, out.reply);
    }
    const users = Array.from({ length: LOAD_USERS }, (_, u) => wx.bot.world.person(`wxid_load_${u}`, `新教工${u}`));
    const asked = users.map((_, u) => Array.from({ length: 5 }, (_, k) => questions[(u + k) % questions.length]!));

    const started = performance.now();
    users.forEach((user, u) => asked[u]!.forEach((q) => user.send(q)));
    await Promise.all(users.map((user) => wx.bot.world.waitForSent(user.id, 5, 30_000)));
    const seconds = (performance.now() - started) / 1000;

    users.forEach((user, u) => {
      expect(user.received(), user.id).toEqual(asked[u]!.map((q) => expected.get(q)));
    });
    const rate = (LOAD_USERS * 5) / seconds;
    console.log(`wechat load: ${LOAD_USERS * 5} questions from ${LOAD_USERS} users answered in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} msgs/s`);
    expect(rate).toBeGreaterThan(20);
  });
});
