import { describe, expect, it } from 'vitest';
import { AnswerModel } from '../../src/answer/answer-model.js';
import { INTENT_FEATURE_NAMES, INTENT_RULE_COUNT, intentFeatures } from '../../src/answer/intent.js';
import { DEFAULT_MODEL_FILE } from '../../src/app.js';

const { intents } = AnswerModel.read(DEFAULT_MODEL_FILE);

describe('questions a person must take, recognised by the learned intent step', () => {
  it.each([
    ['转人工', 'human_request'],
    ['我想直接跟人事秘书聊一下，帮我转一下', 'human_request'],
    ['能找个真人吗', 'human_request'],
    ['请转人事秘书，谢谢', 'human_request'],
    ['有人工吗', 'human_request'],
    ['叫你们负责人来跟我说', 'human_request'],
    ['叫你们负责人来', 'human_request'],
    ['帮我查下我的档案到了没有', 'personal_case'],
    ['我的调档函什么时候能批下来', 'personal_case'],
    ['这个月工资少了500，是不是算错了', 'personal_case'],
    ['我的请假单批了没', 'personal_case'],
    ['打了一上午电话都没人接，这什么服务态度', 'complaint'],
    ['你们效率也太低了，我要投诉', 'complaint'],
    ['凭什么不给我报销', 'complaint'],
    ['这也太离谱了吧', 'complaint'],
  ])('%s → %s', (text, intent) => {
    expect(intents.detect(text)).toBe(intent);
  });

  it.each(['入职第一个月没收到工资正常吗？', '我8月28号报到的，工资从几月开始算？', '租房补贴什么时候发', '人事秘书一般什么时候回消息', '报到要带什么材料', '人工智能学院的老师报到在哪', '外国人工作许可证怎么办', '个人工资条在哪看', '转正要交什么材料', '请问新老师几号来报到', '老师本人需要到场吗', '电话打不通怎么办', '周末有人工作吗', '学校会让老师来接站吗'])(
    'leaves an ordinary question to the documents: %s',
    (text) => {
      expect(intents.detect(text)).toBeUndefined();
    },
  );

  it('reads the wording rules first, then character n-grams, the same on every run', () => {
    const f = intentFeatures('我要投诉');
    expect(f).toHaveLength(INTENT_FEATURE_NAMES.length);
    expect([...f.slice(0, INTENT_RULE_COUNT)]).toEqual([0, 1, 0]);
    expect([...f.slice(INTENT_RULE_COUNT)].filter((v) => v === 1).length).toBeGreaterThan(3);
    expect(intentFeatures('我要投诉')).toEqual(f);
  });
});
