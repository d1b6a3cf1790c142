import { describe, expect, it } from 'vitest';
import { ConversationQueue, logFailures, type MessageContext } from '../../src/channels/conversation-queue.js';
import { createLogger } from '../../src/logging/logger.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe('the conversation queue', () => {
  it('runs one conversation in order and other conversations beside it', async () => {
    const queue = new ConversationQueue(() => undefined);
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    queue.push('a', async () => {
      await gate;
      events.push('a1');
    });
    queue.push('a', async () => {
      events.push('a2');
    });
    queue.push('b', async () => {
      events.push('b1');
    });
    await tick();
    expect(events).toEqual(['b1']);
    release();
    await queue.idle();
    expect(events).toEqual(['b1', 'a1', 'a2']);
  });

  it('hands a failure to the boundary with its context and goes on with the next message', async () => {
    const failures: Array<[unknown, MessageContext]> = [];
    const queue = new ConversationQueue((err, context) => failures.push([err, context]));
    const done: string[] = [];
    queue.push('a', async () => {
      throw new Error('engine failure');
    }, { msgId: 'm1' });
    queue.push('a', async () => {
      done.push('m2');
    });
    await queue.idle();
    expect(failures).toEqual([[new Error('engine failure'), { msgId: 'm1' }]]);
    expect(done).toEqual(['m2']);
  });

  it('logs a failure with the message ids', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });
    logFailures(log)(new Error('engine failure'), { msgId: 'm1' });
    const [line] = lines.map((l) => JSON.parse(l) as { msg: string; msgId: string; err: { message: string } });
    expect(line).toMatchObject({ msg: 'message not handled', msgId: 'm1', err: { message: 'engine failure' } });
  });
});
