import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONEBOT_REVERSE_PATH } from '../../src/channels/qq/onebot-protocol.js';
import { OneBotPeer, text, type ActionRequest } from '../channels/qq/onebot-peer.js';
import { Client } from '../channels/web/web-fixture.js';
import { sampleDataDir } from '../sample-index.js';
import { soakSize } from '../soak.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'dist', 'src', 'cli.js');
const TOKEN = 'kill-test-token';
const SECRETARY = 90009;
const PASSWORD = 'secretary-pass-123';
// Two kills in CI; one in an everyday run, which already leaves nothing in memory.
const KILLS = soakSize(2, 1);

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** Starts `onboarding-bot start` as its own process and resolves once its web server listens. */
async function startBot(dirs: { knowledgeDir: string; dataDir: string }): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'start', '--knowledge', dirs.knowledgeDir, '--data', dirs.dataDir], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ONEBOT_ACCESS_TOKEN: TOKEN,
      ONBOARDING_SECRETARIES: `qq:${SECRETARY}`,
      SECRETARY_PASSWORD: PASSWORD,
      OUTBOX_RETRY_MIN_MS: '50',
      OUTBOX_RETRY_MAX_MS: '400',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; web?: string };
      if (entry.msg === 'bot started' && entry.web) resolve(entry.web);
    });
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code} before it started`)));
  });
  return { child, url, exited };
}

async function kill9(bot: Running): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

const shown = (a: ActionRequest) =>
  (a.params.message as Array<{ type: string; data: Record<string, unknown> }>).map((s) => String(s.data.text ?? '')).join('');
const ticketIn = (message: string) => /#([A-Z0-9]{2,12})\b/.exec(message)![1]!;

describe('the outbox across kill -9', () => {
  let dirs: { knowledgeDir: string; dataDir: string };
  let bot: Running | undefined;

  beforeAll(async () => {
    const knowledgeDir = await mkdtemp(join(tmpdir(), 'kill-kb-'));
    await cp(join(REPO, 'knowledge'), knowledgeDir, { recursive: true });
    dirs = { knowledgeDir, dataDir: await sampleDataDir('kill') };
  });

  afterAll(async () => {
    if (bot) await kill9(bot);
    await rm(dirs.knowledgeDir, { recursive: true, force: true });
    await rm(dirs.dataDir, { recursive: true, force: true });
  });

  it(`delivers every relay and notice queued while QQ was down exactly once, after ${KILLS} SIGKILL(s)`, { timeout: 120_000 }, async () => {
    bot = await startBot(dirs);
    const wsUrl = (b: Running) => `${b.url.replace(/^http/, 'ws')}${ONEBOT_REVERSE_PATH}`;
    let qq = await OneBotPeer.connect(wsUrl(bot), { token: TOKEN });

    // Four newcomers on QQ hand personal cases to the secretary while QQ is up.
    const askers = [20011, 20012, 20013, 20014];
    const tickets: string[] = [];
    for (const user of askers) {
      qq.privateMessage(user, [text('我的档案到了没呀 原单位说上周就寄出了')], `新同事${user}`);
      tickets.push(ticketIn(shown(await qq.actions.find((a) => a.params.user_id === user && /工单号/.test(shown(a))))));
    }
    await qq.close();

    // QQ is down: the secretary answers in the console, and four web visitors open tickets.
    const secretary = new Client(bot.url);
    expect((await secretary.login('secretary', PASSWORD)).status).toBe(200);
    for (const id of tickets) {
      const answered = await secretary.post(`/api/tickets/${id}/answer`, { answer: `工单${id}的答复：档案已到。` });
      expect(answered.data).toMatchObject({ relayed: false, relay: 'queued' });
      expect(answered.data.message).toMatch(/QQ暂时未连接，回复已排队保存/);
    }
    const webTickets: string[] = [];
    for (let i = 0; i < 4; i++) {
      const asked = await new Client(bot.url).post('/api/chat', { user: `visitor-browser-${i}`, text: '帮我查下我的工资卡绑定的是哪个银行' });
      expect(asked.data.ticketId, JSON.stringify(asked.data)).toBeTruthy();
      webTickets.push(asked.data.ticketId as string);
    }
    const backlog = (await secretary.get('/api/outbox')).data.backlog as Array<{ channel: string; pending: number }>;
    expect(backlog.find((b) => b.channel === 'qq')?.pending).toBe(8);

    // Killed while the messages wait; nothing in memory survives that.
    for (let i = 0; i < KILLS; i++) {
      await kill9(bot);
      bot = await startBot(dirs);
    }

    qq = await OneBotPeer.connect(wsUrl(bot), { token: TOKEN });
    const relays = await Promise.all(tickets.map((id, i) => qq.actions.find((a) => a.params.user_id === askers[i] && shown(a).includes(`工单${id}的答复`))));
    const notices = await Promise.all(webTickets.map((id) => qq.actions.find((a) => a.params.user_id === SECRETARY && shown(a).includes(`【新工单 #${id}】`))));
    expect(relays).toHaveLength(4);
    expect(notices).toHaveLength(4);

    const after = new Client(bot.url);
    await after.login('secretary', PASSWORD);
    for (let i = 0; i < 50 && ((await after.get('/api/outbox')).data.backlog as unknown[]).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await after.get('/api/outbox')).data.backlog).toEqual([]);
    const count = (needle: string) => qq.actions.all.filter((a) => shown(a).includes(needle)).length;
    for (const id of tickets) expect(count(`工单${id}的答复`)).toBe(1);
    for (const id of webTickets) expect(count(`【新工单 #${id}】`)).toBe(1);
    for (const id of tickets) expect((await after.get(`/api/tickets/${id}`)).data.ticket.relay).toBe('delivered');
    await qq.close();
  });
});
