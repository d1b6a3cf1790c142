import { mkdirSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { watch as watchFiles } from 'chokidar';
import { createApp, type App } from './app.js';
import { ConsoleChannel } from './channels/console/console-channel.js';
import { ONEBOT_REVERSE_PATH } from './channels/qq/onebot-protocol.js';
import { QqChannel } from './channels/qq/qq-channel.js';
import { startWebServer, type WebServer } from './channels/web/web-server.js';
import { WECHAT_MP_PATH, WechatMpChannel, wechatMpSettings } from './channels/wechat-mp/wechat-mp-channel.js';
import { WECOM_CALLBACK_PATH, WecomChannel, wecomSettings } from './channels/wecom/wecom-channel.js';
import type { Channel } from './channels/channel.js';
import type { AttachedWechaty } from './channels/wechat/attach-wechaty.js';
import { PID_FILE, REPORT_FILE } from './cli/reload-command.js';
import { startSummary } from './cli/start-summary.js';
import { formatReloadReport } from './knowledge/format-report.js';
import { createLogger } from './logging/logger.js';
import { loadConfig } from './config/load-config.js';
import { SyncBusyError } from './core/errors.js';
import { SiteSync } from './sync/site-sync.js';
import { scheduleSync, type SyncSchedule } from './sync/sync-schedule.js';
import { formatSyncReport } from './sync/sync-report.js';

export interface StartOptions {
  knowledgeDir: string;
  dataDir: string;
  watch: boolean;
  /** "6h" and the like: overrides config sync.every. */
  syncEvery?: string;
  env: Record<string, string | undefined>;
}

/**
 * The composition root of a running bot: settings → logger → app → channels, reload on
 * SIGHUP or file changes, and a clean stop on SIGINT/SIGTERM.
 */
export async function startBot(options: StartOptions): Promise<void> {
  const config = loadConfig({ env: options.env, overrides: {
    knowledgeDir: options.knowledgeDir,
    dataDir: options.dataDir,
    ...(options.syncEvery ? { sync: { every: options.syncEvery } } : {}),
  } });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const interactive = config.console.enabled && process.stdin.isTTY === true;
  // With a terminal chat on screen, logs go to a file so they do not interleave with the chat.
  const logger = createLogger({
    level: config.logLevel,
    destination: interactive ? (await import('pino')).pino.destination({ dest: join(dataDir, 'bot.log'), mkdir: true, sync: false }) : undefined,
  });
  const app = await createApp({ knowledgeDir: config.knowledgeDir, dataDir: config.dataDir, env: options.env, logger });
  const log = logger.child({ module: 'main' });
  const channels: Channel[] = [];
  let stopping = false;

  const reload = async (why: string) => {
    log.info({ why }, 'reload requested');
    const report = await app.reload();
    const tmp = join(dataDir, `${REPORT_FILE}.tmp`);
    writeFileSync(tmp, JSON.stringify(report));
    renameSync(tmp, join(dataDir, REPORT_FILE));
    log.info({ ok: report.ok, documents: report.documents, chunks: report.chunks }, formatReloadReport(report).split('\n')[0]!);
    return report;
  };

  writeFileSync(join(dataDir, PID_FILE), String(process.pid));
  process.on('SIGHUP', () => void reload('SIGHUP'));

  let watcher: ReturnType<typeof watchFiles> | undefined;
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    watcher = watchFiles(resolve(config.knowledgeDir), { ignoreInitial: true });
    // Editors write a file in several steps; one reload after things settle.
    watcher.on('all', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload('files changed'), 800);
    });
  }

  // One door to the website sync for the schedule and the admin page's "sync now" button.
  const siteSync = SiteSync.fromSettings(config.sync, { knowledgeDir: config.knowledgeDir, dataDir: config.dataDir, log: logger, reload: () => reload('sync') });
  let syncSchedule: SyncSchedule | undefined;
  if (config.sync.every !== undefined) {
    syncSchedule = scheduleSync({
      everyMs: config.sync.every,
      log,
      run: async () => {
        try {
          const report = await siteSync.start();
          if (interactive) process.stdout.write(`${formatSyncReport(report).split('\n')[0]}\n`);
        } catch (error) {
          // Someone pressed "sync now" or ran `onboarding-bot sync`; that run does this turn's work.
          if (!(error instanceof SyncBusyError)) throw error;
          log.info({ reason: error.message }, 'scheduled sync skipped');
        }
      },
    });
  }

  if (interactive) {
    const terminal = new ConsoleChannel();
    channels.push(terminal);
    void terminal.ended.then(() => shutdown('end of input'));
  }

  for (const channel of channels) await app.connect(channel);

  let web: WebServer | undefined;
  if (config.web.enabled) {
    web = await startWebServer(app, { log: logger, siteSync });
    const qq = new QqChannel({ undelivered: app.outbox, log: logger, ...config.onebot });
    // QQ frameworks connect to the same server (reverse WebSocket) or are dialled (forward).
    web.registerUpgrade(ONEBOT_REVERSE_PATH, qq.handleUpgrade);
    await app.connect(qq);
    channels.push(qq);
    const wecomOn = wecomSettings(config.wecom);
    if (wecomOn) {
      const wecom = new WecomChannel({ ...wecomOn, undelivered: app.outbox, log: logger });
      web.registerRoute(WECOM_CALLBACK_PATH, wecom.fetch);
      await app.connect(wecom);
      channels.push(wecom);
    }
    const mpOn = wechatMpSettings(config.wechatMp);
    if (mpOn) {
      const mp = new WechatMpChannel({ ...mpOn, undelivered: app.outbox, log: logger });
      web.registerRoute(WECHAT_MP_PATH, mp.fetch);
      await app.connect(mp);
      channels.push(mp);
    }
  } else if (config.wecom.corpId || config.wechatMp.appId) {
    log.warn('WeCom and Official Account callbacks are served by the web server; set WEB_ENABLED=true to turn them on');
  }

  let wechat: AttachedWechaty | undefined;
  if (config.wechat.puppet) {
    // Loaded only when asked for: the WeChat stack is heavy.
    const { createWechaty } = await import('./channels/wechat/create-wechaty.js');
    const { attachWechaty } = await import('./channels/wechat/attach-wechaty.js');
    wechat = await attachWechaty(app, createWechaty(config), logger);
  }

  const index = app.knowledge.current();
  process.stderr.write(
    startSummary({
      config,
      webUrl: web?.url,
      documents: index.documents.length,
      chunks: index.chunks.length,
      skipped: app.knowledge.lastReload?.report.skipped.length ?? 0,
      wecom: web !== undefined && wecomSettings(config.wecom) !== undefined,
      officialAccount: web !== undefined && wechatMpSettings(config.wechatMp) !== undefined,
      embeddingSpaces: app.embeddingSpaces,
    }),
  );
  // QQ's channel runs whenever the web server does (frameworks may connect later); it is on only once configured.
  const qqOn = Boolean(config.onebot.accessToken || config.onebot.forwardUrl);
  const named = channels.map((c) => c.name).filter((name) => name !== 'qq' || qqOn);
  log.info({ channels: [...named, ...(web ? ['web'] : []), ...(config.wechat.puppet ? ['wechat'] : [])], web: web?.url, pid: process.pid }, 'bot started');

  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await watcher?.close();
    await syncSchedule?.stop();
    await siteSync.stop();
    // Channels first, so answers in progress still go out; the web server last, since QQ rides on it.
    await wechat?.stop().catch((err: unknown) => log.error({ err }, 'channel stop failed'));
    for (const channel of channels.reverse()) {
      app.unregisterChannel(channel);
      await channel.stop().catch((err: unknown) => log.error({ err }, 'channel stop failed'));
    }
    await web?.close();
    await app.close();
    rmSync(join(dataDir, PID_FILE), { force: true });
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export type { App };
