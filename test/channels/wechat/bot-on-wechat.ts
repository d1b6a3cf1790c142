import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import type { mock } from 'wechaty-puppet-mock';
import { createApp, type App } from '../../../src/app.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { MockWeChat, type Person } from './mock-wechat.js';
import { sampleDataDir } from '../../sample-index.js';

// The whole bot on a mock WeChat, shared by the end-to-end tests of answers, escalations and load.

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Wednesday 25 November 2026, 10:00 in Shanghai: the secretary is in the office. */
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
export const SECRETARY = { id: 'wxid_hr_secretary', name: '人事处王老师' };
const ADMIN = { id: 'wxid_hr_admin', name: '人事处信息员' };
/** The HR office's own group, which gets every notice too. */
export const HR_ROOM = 'hrstaff2026@chatroom';
/** The secretary's login on the web console, the other place tickets are answered from. */
export const WEB_SECRETARY = 'wang';

export interface Dirs {
  knowledgeDir: string;
  dataDir: string;
}

export async function makeDirs(): Promise<Dirs> {
  const knowledgeDir = await mkdtemp(join(tmpdir(), 'wechat-kb-'));
  await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
  return { knowledgeDir, dataDir: await sampleDataDir('wechat') };
}

export async function removeDirs(dirs: Dirs): Promise<void> {
  await rm(dirs.knowledgeDir, { recursive: true, force: true });
  await rm(dirs.dataDir, { recursive: true, force: true });
}

export interface BotOnWeChat {
  app: App;
  world: MockWeChat;
  secretary: Person;
  admin: Person;
  hrRoom: mock.RoomMock;
  close(): Promise<void>;
}

/** One bot for a file's tests, over its own folders: opened before them, closed and removed after. */
export function useBotOnWeChat(config: ConfigInput = {}): { bot: BotOnWeChat; dirs: Dirs } {
  const held = {} as { bot: BotOnWeChat; dirs: Dirs };
  beforeAll(async () => {
    held.dirs = await makeDirs();
    held.bot = await openBot(held.dirs, config);
  });
  afterAll(async () => {
    await held.bot?.close();
    if (held.dirs) await removeDirs(held.dirs);
  });
  return held;
}
/** The real app on temp dirs, logged into a mock WeChat where the HR secretary is a contact. */
export async function openBot(dirs: Dirs, config: ConfigInput = {}): Promise<BotOnWeChat> {
  const app = await createApp({
    ...dirs,
    promptsDir: join(REPO, 'prompts'),
    logger: silentLogger(),
    clock: fixedClock(WEDNESDAY_10AM),
    env: {},
    config: {
      secretaries: [`wechat:${SECRETARY.id}`, `web:${WEB_SECRETARY}`],
      admins: [`wechat:${ADMIN.id}`],
      wechat: { secretaryRooms: [`wechat:${HR_ROOM}`] },
      ...config,
    },
  });
  const world = new MockWeChat();
  const secretary = world.person(SECRETARY.id, SECRETARY.name);
  const admin = world.person(ADMIN.id, ADMIN.name);
  const hrRoom = world.room(HR_ROOM, '人事处工作群', [secretary, admin]);
  await app.connectWechaty(world.wechaty);
  await world.login();
  return {
    app,
    world,
    secretary,
    admin,
    hrRoom,
    async close() {
      await app.close();
      await world.stop();
    },
  };
}

export function ticketIn(text: string | undefined): string {
  const id = /#([A-Z0-9]{2,12})\b/.exec(text ?? '')?.[1];
  expect(id, `no ticket id in: ${text}`).toBeDefined();
  return id!;
}

/** The `count`-th message the bot sent this person privately, once it arrived. */
export async function nextFor(person: Person, count: number): Promise<string> {
  const sent = await person.world.waitForSent(person.id, count);
  return sent[count - 1]!.text;
}
