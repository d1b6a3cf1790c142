import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../src/app.js';
import type { Channel } from '../src/channels/channel.js';
import { fixedClock } from '../src/core/clock.js';
import type { MessageHandler } from '../src/core/ports.js';
import type { Reply } from '../src/core/types.js';
import { silentLogger } from '../src/logging/logger.js';
import { removeDirs, WEDNESDAY_10AM } from './bot/chat.js';
import { SAMPLE_KNOWLEDGE, sampleDataDir } from './sample-index.js';

/** A channel that keeps the handler it was started with and what it was given to send. */
class RecordingChannel implements Channel {
  readonly name = 'test';
  handler: MessageHandler | undefined;
  readonly sent: Reply[] = [];
  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
  }
  async stop(): Promise<void> {}
  async send(reply: Reply): Promise<void> {
    this.sent.push(reply);
  }
}

async function openApp() {
  const dataDir = await sampleDataDir('app');
  const app = await createApp({
    knowledgeDir: SAMPLE_KNOWLEDGE,
    dataDir,
    logger: silentLogger(),
    clock: fixedClock(WEDNESDAY_10AM),
    env: {},
    config: { secretaries: ['test:sec'] },
  });
  onTestFinished(async () => {
    await app.close();
    await removeDirs(dataDir);
  });
  return app;
}

describe('the app', () => {
  it('connects a channel: starts it with the engine, then lets it carry what the bot says on its own', async () => {
    const app = await openApp();
    const channel = new RecordingChannel();
    await app.connect(channel);
    expect(channel.handler).toBe(app.bot);
    const [reply] = await channel.handler!.handle({
      channel: 'test', conversationId: 'zhang', userId: 'zhang', text: '帮我查下我的档案到了没有', isGroup: false, mentionsBot: false, at: WEDNESDAY_10AM, messageId: 'm1', kind: 'text',
    });
    expect(reply?.ticketId).toBeDefined();
    // The secretary's notice of the new ticket goes out over the connected channel.
    await app.outbox.idle();
    expect(channel.sent.filter((r) => r.conversationId === 'sec').map((r) => r.text).join('\n')).toContain(`#${reply!.ticketId}`);
  });

  it('refuses to connect a channel once closed, and leaves the channel unstarted', async () => {
    const app = await openApp();
    await app.close();
    const channel = new RecordingChannel();
    await expect(app.connect(channel)).rejects.toThrow(/app is closed/);
    expect(channel.handler).toBeUndefined();
  });
});
