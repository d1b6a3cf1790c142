import { describe, expect, it } from 'vitest';
import { MAX_HEARTBEAT_MS, parseFrame, outgoingId, type MessageEvent } from '../../../src/channels/qq/onebot-protocol.js';
import { parseConversationId, toIncoming } from '../../../src/channels/qq/qq-channel.js';

const groupEvent = {
  time: 1764144000,
  self_id: 10001,
  post_type: 'message',
  message_type: 'group',
  sub_type: 'normal',
  message_id: -2147000001,
  group_id: 30003,
  user_id: 20002,
  message: [
    { type: 'reply', data: { id: '77' } },
    { type: 'at', data: { qq: '10001' } },
    { type: 'text', data: { text: ' 入职体检 ' } },
    { type: 'face', data: { id: '14' } },
    { type: 'text', data: { text: '在哪里做？' } },
  ],
  sender: { user_id: 20002, nickname: 'wang', card: '' },
};

function message(raw: unknown): MessageEvent {
  const frame = parseFrame(JSON.stringify(raw));
  if (frame.kind !== 'message') throw new Error(`expected a message, got ${frame.kind}`);
  return frame.event;
}

describe('OneBot v11 frames', () => {
  it('reads a group message event and maps it for the bot', () => {
    expect(toIncoming(message(groupEvent))).toEqual({
      channel: 'qq',
      conversationId: 'group:30003',
      userId: '20002',
      userName: 'wang',
      text: '入职体检 在哪里做？',
      isGroup: true,
      mentionsBot: true,
      at: new Date(1764144000 * 1000),
      messageId: '-2147000001',
      kind: 'text',
    });
  });

  it('accepts ids as strings and a null data, as some frameworks send them', () => {
    const event = message({ ...groupEvent, self_id: '10001', user_id: '20002', group_id: '30003', message: [{ type: 'at', data: { qq: 10001 } }, { type: 'face', data: null }] });
    expect(toIncoming(event)).toMatchObject({ conversationId: 'group:30003', userId: '20002', text: '', kind: 'non_text', mentionsBot: true });
  });

  it('marks group messages that do not at the bot, @all included', () => {
    const event = message({ ...groupEvent, message: [{ type: 'at', data: { qq: 'all' } }, { type: 'text', data: { text: '通知' } }] });
    expect(toIncoming(event)).toMatchObject({ isGroup: true, mentionsBot: false, text: '通知' });
  });

  it('classifies responses, other events and invalid frames without echoing their content', () => {
    expect(parseFrame('{"status":"ok","retcode":0,"data":{"message_id":5},"echo":"ob-1"}')).toMatchObject({ kind: 'response', response: { echo: 'ob-1', data: { message_id: 5 } } });
    expect(parseFrame('{"post_type":"notice","notice_type":"friend_add"}')).toEqual({ kind: 'other', postType: 'notice' });
    expect(parseFrame('{"post_type":"meta_event","meta_event_type":"heartbeat","self_id":1,"interval":5000}')).toMatchObject({ kind: 'meta' });
    expect(parseFrame('秘密')).toEqual({ kind: 'invalid', reason: 'not JSON' });
    const cq = parseFrame(JSON.stringify({ ...groupEvent, message: '[CQ:at,qq=10001] 秘密' }));
    expect(cq).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/format to array/) });
    const broken = parseFrame(JSON.stringify({ ...groupEvent, group_id: undefined, message: [{ type: 'text', data: { text: '秘密' } }] }));
    expect(broken).toMatchObject({ kind: 'invalid', issues: [{ path: 'group_id' }] });
    expect(JSON.stringify(broken)).not.toContain('秘密');
  });

  it('reads a hostile at segment as naming no one instead of throwing', () => {
    const event = message({ ...groupEvent, message: [{ type: 'at', data: { qq: { toString: 1 } } }, { type: 'text', data: { text: '你好' } }] });
    expect(toIncoming(event)).toMatchObject({ mentionsBot: false, text: '你好' });
  });

  it('clamps a heartbeat interval no timer can hold', () => {
    const frame = parseFrame('{"post_type":"meta_event","meta_event_type":"heartbeat","self_id":1,"interval":1e12}');
    expect(frame).toMatchObject({ kind: 'meta', event: { interval: MAX_HEARTBEAT_MS } });
  });

  it('sends QQ numbers as JSON numbers', () => {
    expect(outgoingId('20002')).toBe(20002);
    expect(outgoingId('99999999999999999999')).toBe('99999999999999999999');
  });
});

describe('QQ channel helpers', () => {
  it('parses conversation ids and names the expected forms when one is wrong', () => {
    expect(parseConversationId('group:30003')).toEqual({ type: 'group', id: '30003' });
    expect(parseConversationId('private:20002')).toEqual({ type: 'private', id: '20002' });
    expect(parseConversationId('90009')).toEqual({ type: 'private', id: '90009' });
    expect(() => parseConversationId('wxid_abc')).toThrow(/none of private:<user_id>, group:<group_id> or <user_id>/);
  });
});
