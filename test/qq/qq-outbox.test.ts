import { describe, expect, it } from 'vitest';
import type { OneBotConnection } from '../../src/channels/qq/onebot-connection.js';
import type { Segment } from '../../src/channels/qq/onebot-protocol.js';
import { QqOutbox } from '../../src/channels/qq/qq-outbox.js';
import { silentLogger } from '../../src/logging/logger.js';

/** A connection that records what it was asked to send. */
function recordingConnection(sent: Array<[string, string, Segment[]]>): OneBotConnection {
  return {
    mode: 'reverse',
    sendPrivateMessage: async (id: string, message: Segment[]) => void sent.push(['private', id, message]),
    sendGroupMessage: async (id: string, message: Segment[]) => void sent.push(['group', id, message]),
  } as unknown as OneBotConnection;
}

describe('the QQ outbox', () => {
  it('parks replies while no framework is connected, drops the oldest past the limit, and sends the rest in order', async () => {
    let connection: OneBotConnection | undefined;
    const outbox = new QqOutbox({ log: silentLogger(), maxQueued: 2, live: () => connection, forget: () => undefined });
    // The sender is told once the reply is parked; a later overflow only logs it.
    const parked = new Promise<void>((resolve, reject) =>
      outbox.enqueue({ reply: { conversationId: 'private:1', text: '一' }, target: { type: 'private', id: '1' }, waiter: { resolve, reject } }),
    );
    outbox.enqueue({ reply: { conversationId: 'group:9', text: '二', mentionUserId: '1' }, target: { type: 'group', id: '9' } });
    outbox.enqueue({ reply: { conversationId: 'private:1', text: '三' }, target: { type: 'private', id: '1' } });
    await expect(parked).resolves.toBeUndefined();
    expect(outbox.length).toBe(2);

    const sent: Array<[string, string, Segment[]]> = [];
    connection = recordingConnection(sent);
    await outbox.pump();
    expect(sent.map(([type, id, message]) => [type, id, message.map((s) => s.type)])).toEqual([
      ['group', '9', ['at', 'text']],
      ['private', '1', ['text']],
    ]);
    expect(outbox.length).toBe(0);
  });
});
