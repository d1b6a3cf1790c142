import { describe, expect, it } from 'vitest';
import { PassiveReplies, passiveReplyXml } from '../../../src/channels/tencent/passive-reply.js';
import { MAX_TEXT_UNITS, callbackMessage } from '../../../src/channels/tencent/callback-message.js';
import { parseCallbackXml } from '../../../src/channels/tencent/xml.js';

/** A waiting callback whose passive reply (or undefined) can be awaited. */
function openOne(replies: PassiveReplies) {
  let resolve!: (text: string | undefined) => void;
  const settled = new Promise<string | undefined>((r) => (resolve = r));
  const waiting = replies.open(resolve);
  return { waiting, settled };
}

describe('the passive reply of a Tencent callback', () => {
  it('answers the callback itself with one reply ready in time', async () => {
    const replies = new PassiveReplies(60_000);
    const { waiting, settled } = openOne(replies);
    expect(replies.offer(waiting, 'u1', [{ conversationId: 'u1', text: '请带身份证到人事处报到。' }])).toBe(true);
    expect(await settled).toBe('请带身份证到人事处报到。');
    expect(waiting.state).toBe('passive');
  });

  it('answers `success` once the wait is over, and a later answer goes through the message API', async () => {
    const replies = new PassiveReplies(5);
    const { waiting, settled } = openOne(replies);
    expect(await settled).toBeUndefined();
    expect(waiting.state).toBe('late');
    expect(replies.offer(waiting, 'u1', [{ conversationId: 'u1', text: '迟到的回答' }])).toBe(false);
  });

  it('leaves several messages, a long one that splits, or none to the message API', async () => {
    const cases = [
      [
        { conversationId: 'u1', text: '第一条' },
        { conversationId: 'u1', text: '第二条' },
      ],
      [{ conversationId: 'u1', text: '长。'.repeat(MAX_TEXT_UNITS) }],
      [],
    ];
    for (const list of cases) {
      const replies = new PassiveReplies(60_000);
      const { waiting, settled } = openOne(replies);
      expect(replies.offer(waiting, 'u1', list)).toBe(false);
      expect(await settled).toBeUndefined();
    }
  });

  it('never answers one person with a reply meant for another conversation', async () => {
    const replies = new PassiveReplies(60_000);
    const { waiting, settled } = openOne(replies);
    expect(replies.offer(waiting, 'u1', [{ conversationId: 'secretary', text: '新问题待答' }])).toBe(false);
    expect(await settled).toBeUndefined();
  });

  it('settles a callback once: a second offer neither answers again nor changes the first answer', () => {
    const replies = new PassiveReplies(60_000);
    let calls = 0;
    const waiting = replies.open(() => calls++);
    expect(replies.offer(waiting, 'u1', [{ conversationId: 'u1', text: '一' }])).toBe(true);
    expect(replies.offer(waiting, 'u1', [{ conversationId: 'u1', text: '二' }])).toBe(true);
    waiting.settle(undefined);
    expect(calls).toBe(1);
    expect(waiting.state).toBe('passive');
  });

  it('lets every waiting callback answer `success` when the channel stops', async () => {
    const replies = new PassiveReplies(60_000);
    const a = openOne(replies);
    const b = openOne(replies);
    replies.releaseAll();
    expect(await Promise.all([a.settled, b.settled])).toEqual([undefined, undefined]);
    expect(replies.offer(a.waiting, 'u1', [{ conversationId: 'u1', text: '太晚了' }])).toBe(false);
  });
});

describe('the passive reply XML', () => {
  it('reads back as a text message from the account to the person, hostile text and all', () => {
    const text = '材料 ]]><MsgType>event</MsgType> & <b>';
    const xml = passiveReplyXml('oPerson', 'gh_account', text);
    const msg = parseCallbackXml(xml, callbackMessage);
    expect(msg).toMatchObject({ ToUserName: 'oPerson', FromUserName: 'gh_account', MsgType: 'text', Content: text });
    expect(Math.abs(msg.CreateTime - Date.now() / 1000)).toBeLessThan(5);
  });
});
