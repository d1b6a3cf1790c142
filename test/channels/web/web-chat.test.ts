import { describe, expect, it } from 'vitest';
import { WebChat } from '../../../src/channels/web/web-chat.js';
import type { MessageHandler } from '../../../src/core/ports.js';
import type { Incoming, Reply } from '../../../src/core/types.js';

/** A handler that records what it got and answers with the replies given. */
function scripted(replies: Reply[]): MessageHandler & { got: Incoming[] } {
  const got: Incoming[] = [];
  return { got, handle: async (incoming) => (got.push(incoming), replies) };
}

describe('the web chat over a message handler', () => {
  const now = () => new Date('2026-11-25T02:00:00Z');

  it('hands a self-named visitor with the page history to the handler', async () => {
    const handler = scripted([{ conversationId: 'v', text: '你好' }]);
    await new WebChat({ handler, now }).ask('visitor-1', '报到要带什么', { history: ['在吗'] });
    expect(handler.got).toEqual([
      expect.objectContaining({ channel: 'web', conversationId: 'visitor-1', userId: 'visitor-1', text: '报到要带什么', selfNamed: true, history: ['在吗'] }),
    ]);
  });

  it('reads the outcome from the reply that carries it', async () => {
    const source = { path: 'checkin/notice.md', title: '报到须知', heading: '所需材料', url: 'https://hr.example.edu.cn/1', score: 0.87654 };
    const handler = scripted([
      { conversationId: 'v', text: '已转人工 #K7Q2M', ticketId: 'K7Q2M', basis: { escalated: true, reason: 'personal_case', confidence: 0.2, sources: [source] } },
    ]);
    const answer = await new WebChat({ handler, now }).ask('visitor-1', '我的档案到了吗', { id: 'q1' });
    expect(answer).toMatchObject({ id: 'q1', reply: '已转人工 #K7Q2M', escalated: true, reason: 'personal_case', confidence: 0.2, ticketId: 'K7Q2M' });
    expect(answer?.sources).toEqual([{ path: 'checkin/notice.md', title: '报到须知', heading: '所需材料', url: 'https://hr.example.edu.cn/1', score: 0.877 }]);
  });

  it('answers plain replies with no outcome, and nothing when the handler stays silent', async () => {
    const plain = await new WebChat({ handler: scripted([{ conversationId: 'v', text: '不客气' }]), now }).ask('visitor-1', '谢谢');
    expect(plain).toMatchObject({ reply: '不客气', escalated: false, reason: null, confidence: 0, sources: [] });
    expect(await new WebChat({ handler: scripted([]), now }).ask('visitor-1', '刷屏')).toBeUndefined();
  });
});
