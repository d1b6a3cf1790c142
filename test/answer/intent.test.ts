import { describe, expect, it } from 'vitest';
import { detectIntent } from '../../src/answer/intent.js';

describe('questions a person must take, recognised by their wording', () => {
  it.each([
    ['转人工', 'human_request'],
    ['我想直接跟人事秘书聊一下，帮我转一下', 'human_request'],
    ['能帮我约一下人事处的老师吗', 'human_request'],
    ['帮我查下我的档案到了没有', 'personal_case'],
    ['我上个月的租房补贴怎么没发', 'personal_case'],
    ['我的调档函什么时候能批下来', 'personal_case'],
    ['这个月工资少了500，是不是算错了', 'personal_case'],
    ['打了一上午电话都没人接，这什么服务态度', 'complaint'],
    ['你们效率也太低了，我要投诉', 'complaint'],
  ])('%s → %s', (text, reason) => {
    expect(detectIntent(text)).toBe(reason);
  });

  it.each([
    '入职第一个月没收到工资正常吗？',
    '我8月28号报到的，工资从几月开始算？',
    '租房补贴什么时候发',
    '人事秘书一般什么时候回消息',
    '报到要带什么材料',
  ])('leaves an ordinary question to the documents: %s', (text) => {
    expect(detectIntent(text)).toBeUndefined();
  });
});
