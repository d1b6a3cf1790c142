import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { backup, forget, restore } from '../../src/cli/data-commands.js';
import { SqliteTicketStore } from '../../src/escalation/sqlite-ticket-store.js';
import { createLogger } from '../../src/logging/logger.js';
import { sampleDataDir } from '../sample-index.js';

const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));

describe('backup, restore and forget on the data directory', () => {
  let app: App;
  let dataDir: string;
  let spare: string;
  let ticketId: string;
  beforeAll(async () => {
    dataDir = await sampleDataDir('data-cmd');
    spare = await mkdtemp(join(tmpdir(), 'data-cmd-spare-'));
    app = await createApp({ knowledgeDir: KNOWLEDGE, dataDir, env: {}, logger: createLogger({ level: 'silent' }) });
    ticketId = (await app.ask({ text: '帮我查下我的档案到了没有', history: [], userId: 'zhang', channel: 'web' })).ticketId!;
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(spare, { recursive: true, force: true });
  });

  it('backs up while the bot runs, and the backup restores into another data directory', async () => {
    const file = join(spare, 'backup.db');
    expect(await backup(dataDir, file)).toMatch(/backed up 1 tickets/);
    const target = join(spare, 'restored');
    expect(await restore(target, file)).toMatch(/restored 1 tickets/);
    const store = new SqliteTicketStore(join(target, 'tickets.db'));
    expect(store.get(ticketId)?.question).toBe('帮我查下我的档案到了没有');
    store.dispose();
  });

  it('refuses to restore under a running bot, or from a file that is no backup', async () => {
    const running = join(spare, 'running');
    await rm(running, { recursive: true, force: true });
    await mkdir(running);
    await writeFile(join(running, 'bot.pid'), String(process.pid));
    await expect(restore(running, join(spare, 'backup.db'))).rejects.toThrow(/stop it before restoring/);
    await writeFile(join(spare, 'junk.db'), 'not a database');
    await expect(restore(spare, join(spare, 'junk.db'))).rejects.toThrow(/is not a backup of onboarding-bot/);
  });

  it('forgets a person on request and names what it blanked; a malformed name is refused', () => {
    expect(forget(dataDir, 'web:zhang')).toMatch(/forgot web:zhang: 0 questions, 1 tickets/);
    expect(app.tickets.get(ticketId)?.question).toBe('');
    expect(() => forget(dataDir, 'zhang')).toThrow(/expected "channel:id"/);
    expect(() => forget(join(spare, 'nowhere'), 'web:zhang')).toThrow(/pass --data DIR/);
  });
});
