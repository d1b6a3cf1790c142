import { join, resolve } from 'node:path';
import type { Wechaty } from 'wechaty';
import { loadConfig } from './config/load-config.js';
import type { Config, ConfigInput } from './config/schema.js';
import { processEnv } from './config/env.js';
import { systemClock, type Clock } from './core/clock.js';
import { randomIds, type IdGenerator } from './core/ids.js';
import type { AskInput, AskOutput } from './core/types.js';
import { createLogger, type Logger } from './logging/logger.js';
import { KnowledgeBase, type ReloadReport } from './knowledge/knowledge-base.js';
import { createEmbeddings, vectorSpace } from './retrieval/create-embeddings.js';
import { tokenize } from './retrieval/tokenizer.js';
import { ExtractiveAnswerer } from './answer/extractive-answerer.js';
import type { AnswerModel } from './answer/answer-model.js';
import { servingModel } from './answer/serving-model.js';
import { withLanguageModel } from './answer/llm-setup.js';
import type { Answerer } from './answer/answerer.js';
import { SqliteTicketStore } from './escalation/sqlite-ticket-store.js';
import type { TicketStore } from './escalation/ticket-store.js';
import { loadTemplates, type Templates } from './prompts/templates.js';
import type { QuestionFlow, FlowResult } from './bot/question-flow.js';
import { BotMetrics } from './metrics/bot-metrics.js';
import { MeteredQuestionFlow } from './metrics/metered-flow.js';
import { Bot } from './bot/bot.js';
import { describeReload } from './bot/reload-report.js';
import { ExpandingAnswerer } from './bot/expanding-answerer.js';
import type { MessageHandler, OutboundChannel } from './core/ports.js';
import { OfficeHours } from './escalation/office-hours.js';
import { Outbox } from './escalation/outbox.js';
import { SqliteOutboxStore } from './escalation/sqlite-outbox-store.js';
import { SecretaryDesk } from './escalation/secretary-desk.js';
import { quotedTextOf } from './answer/units.js';
import type { DocumentText } from './escalation/suggested-reply.js';
import type { QuestionLog } from './escalation/question-log.js';
import { SqliteQuestionLog } from './escalation/sqlite-question-log.js';
import { startRetention } from './escalation/privacy.js';
import { WECOM_ROBOT, WecomRobot } from './channels/wecom/wecom-robot.js';
import type { AttachedWechaty } from './channels/wechat/attach-wechaty.js';
import type { Channel } from './channels/channel.js';
import { PACKAGE_ROOT } from './package-root.js';

/** The trained answer model shipped with the package (`npm run train` remakes it). */
export const DEFAULT_MODEL_FILE = join(PACKAGE_ROOT, 'models', 'answerer.json');

/** The prompts/ folder shipped with the package, found from this module whether it runs from src/ or dist/src/. */
export const DEFAULT_PROMPTS_DIR = join(PACKAGE_ROOT, 'prompts');

export interface CreateAppOptions {
  knowledgeDir?: string;
  dataDir?: string;
  /** Settings; they override the environment. */
  config?: ConfigInput;
  /** Environment to read settings from; the process environment by default. */
  env?: Record<string, string | undefined>;
  promptsDir?: string;
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  /** The trained answer model; the shipped one by default. */
  model?: AnswerModel;
  /** Replaces the answering core (tests, or an LLM answerer). */
  answerer?: Answerer;
  /** Called with progress while the index is built (documents done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** The assembled bot: knowledge, answering, tickets; channels attach to it. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly knowledge: KnowledgeBase;
  /** The embeddings the answer model was trained with and those serving; they differ when a deployment changed embeddings without training for them. */
  readonly embeddingSpaces: { model: string; serving: string };
  readonly tickets: TicketStore;
  readonly templates: Templates;
  /** The folder the message templates and LLM prompts were read from. */
  readonly promptsDir: string;
  readonly flow: QuestionFlow;
  readonly clock: Clock;
  /** The conversation engine every chat channel hands its messages to. */
  readonly bot: Bot;
  /** The HR secretary's side: notices, relays, reminders (`checkReminders(now)`). */
  readonly desk: SecretaryDesk;
  /** The durable outbox every message the bot sends on its own goes through (`idle()` waits for a delivery pass). */
  readonly outbox: Outbox;
  /** Every question handled, for `/stats` and the web console. */
  readonly questions: QuestionLog;
  /** Answers without opening tickets or logging: to check a question against the current index. */
  readonly answerer: Answerer;
  /** Each document of the serving index as replies quote it: where a draft's sentences come from. */
  documentText(): DocumentText;
  /** Counters and gauges for `/metrics` (Prometheus). */
  readonly metrics: BotMetrics;
  /**
   * The one way to wire a channel: starts it with the engine (`channel.start(bot)`; `handler`
   * replaces the engine, for tests), then registers it, so relays waiting since the last run
   * go out at once. Stop it with `unregisterChannel` and its `stop()` before `close()`.
   */
  connect(channel: Channel, handler?: MessageHandler): Promise<void>;
  /**
   * Lets a channel carry messages the bot starts itself (secretary notices, relays, reminders).
   * `connect` calls it; while the channel says it is not connected (`isConnected()`, WeChat
   * before login) the outbox only waits. It then delivers what waits for
   * this channel (e.g. across a restart). Registering again replaces the channel. Never rejects. A private chat's conversationId is the person's id on the channel,
   * so `wechat:<contactId>` in `secretaries` is reached at conversation `<contactId>`.
   */
  registerChannel(channel: OutboundChannel): Promise<void>;
  /** Stops routing messages to this channel (it is stopping). */
  unregisterChannel(channel: OutboundChannel): void;
  /** The `ask` contract, in-process. */
  ask(input: AskInput): Promise<AskOutput>;
  /** Rebuilds the index off the serving path and swaps it in; the old one serves on failure. */
  reload(): Promise<ReloadReport>;
  /**
   * Attaches any Wechaty (a real puppet or wechaty-puppet-mock) as the `wechat` channel and
   * starts it (and the Wechaty, unless already started); resolves once it listens. The
   * channel carries notices and relays from each login on. `close()` stops both.
   */
  connectWechaty(wechaty: Wechaty): Promise<void>;
  close(): Promise<void>;
}

/** Builds the bot from settings: loads or builds the index, opens SQLite, loads templates. */
export async function createApp(options: CreateAppOptions = {}): Promise<App> {
  const overrides: ConfigInput = { ...(options.config ?? {}) };
  if (options.knowledgeDir) overrides.knowledgeDir = options.knowledgeDir;
  if (options.dataDir) overrides.dataDir = options.dataDir;
  const config = loadConfig({ env: options.env ?? processEnv(), overrides });
  const log = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const promptsDir = options.promptsDir ?? DEFAULT_PROMPTS_DIR;
  const templates = loadTemplates(promptsDir);
  const knowledgeDir = resolve(config.knowledgeDir);
  const dataDir = resolve(config.dataDir);

  const indexDir = join(dataDir, 'index');
  const embeddings = await createEmbeddings(config.embeddings, log, { indexDir, cacheFile: join(dataDir, 'embeddings-cache.db') });
  const serving = vectorSpace(embeddings.id);
  const file = config.answer.modelFile ? resolve(config.answer.modelFile) : undefined;
  const model = servingModel({ given: options.model, file, shipped: DEFAULT_MODEL_FILE, serving, log });
  const embeddingSpaces = { model: model.file.embeddings, serving };
  const knowledge = new KnowledgeBase({
    knowledgeDir,
    indexDir,
    embeddings,
    log: log.child({ module: 'knowledge' }),
    clock,
    extractedDir: join(dataDir, 'extracted-text'),
  });
  await knowledge.open(options.onProgress);
  // Loading the segmenter's dictionary takes ~0.2 s; pay it at start, not on the first question.
  tokenize('报到');

  const tickets = new SqliteTicketStore(join(dataDir, 'tickets.db'));
  const officeHours = new OfficeHours(config.escalation);
  // Same file as the tickets: the web console reads both from one database.
  const questions = new SqliteQuestionLog(join(dataDir, 'tickets.db'), officeHours);
  const stopRetention =
    config.privacy.retainDays > 0
      ? startRetention({ file: join(dataDir, 'tickets.db'), days: config.privacy.retainDays, now: () => clock.now(), log: log.child({ module: 'privacy' }) })
      : () => undefined;
  const limitFor = (channel: string) => config.bot.channelReplyChars[channel] ?? config.bot.maxReplyChars;
  const outboxStore = new SqliteOutboxStore(join(dataDir, 'tickets.db'));
  const outbox = new Outbox({ store: outboxStore, clock, log: log.child({ module: 'outbox' }), limitFor, retry: { minMs: config.outbox.retryMinMs, maxMs: config.outbox.retryMaxMs } });
  const reload = () => knowledge.reload();
  const documentText = (): DocumentText => quotedTextOf(knowledge.current().chunks);
  const describedReload = async () => describeReload(templates, await reload());
  const desk = new SecretaryDesk({
    tickets,
    outbox,
    templates,
    officeHours,
    clock,
    log: log.child({ module: 'escalation' }),
    knowledgeDir,
    recipients: [...config.secretaries, ...config.wechat.secretaryRooms],
    noticeOnly: config.wecom.webhookUrl ? [`${WECOM_ROBOT.channel}:${WECOM_ROBOT.conversationId}`] : [],
    remindAfterHours: config.escalation.remindAfterHours,
    noticesPerMinute: config.escalation.noticesPerMinute,
    reload: describedReload,
    documentText,
  });
  // The HR staff group's robot only ever receives notices; it is ready as soon as the app is.
  if (config.wecom.webhookUrl) await outbox.register(new WecomRobot({ url: config.wecom.webhookUrl, log }));
  await desk.recover();
  const core =
    options.answerer ??
    (await withLanguageModel(new ExtractiveAnswerer({ knowledge, config: config.answer, topK: config.retrieval.topK, model }), {
      config: config.llm,
      topK: config.retrieval.topK,
      promptsDir,
      log: log.child({ module: 'llm' }),
      clock,
    }));
  const answerer = new ExpandingAnswerer(core, () => knowledge.synonyms);
  const metrics = new BotMetrics({ tickets, knowledge });
  const flow = new MeteredQuestionFlow({
    answerer,
    tickets,
    templates,
    clock,
    ids: options.ids ?? randomIds,
    log: log.child({ module: 'flow' }),
    officeHoursNote: (at) =>
      officeHours.isOpen(at) ? '' : templates.render('office-hours-note', { next: officeHours.describe(officeHours.nextOpening(at)) }),
    onTicket: (ticket) => desk.notify(ticket),
  }, metrics);
  const bot = new Bot({
    flow,
    desk,
    questions,
    tickets,
    templates,
    clock,
    log: log.child({ module: 'bot' }),
    settings: config.bot,
    admins: config.admins,
    secretaries: config.secretaries,
    // A web page shows a reply of any length; one piece keeps the answer beside its sources.
    limitFor: (channel) => (channel === 'web' ? Number.MAX_SAFE_INTEGER : limitFor(channel)),
    reload: describedReload,
  });
  desk.startReminders(config.escalation.reminderCheckMinutes * 60_000);

  let closed = false;
  let wechat: AttachedWechaty | undefined;
  const app: App = {
    config,
    log,
    knowledge,
    embeddingSpaces,
    tickets,
    templates,
    promptsDir,
    flow,
    clock,
    bot,
    desk,
    outbox,
    questions,
    answerer,
    metrics,
    documentText,
    async connect(channel, handler = bot) {
      if (closed) throw new Error('the app is closed; create a new one to connect a channel');
      await channel.start(handler);
      await app.registerChannel(channel);
    },
    async registerChannel(channel) {
      await outbox.register(channel);
    },
    unregisterChannel: (channel) => outbox.unregister(channel),
    async ask(input) {
      const result: FlowResult = await flow.ask(input);
      return result.output;
    },
    reload,
    async connectWechaty(wechaty) {
      if (closed) throw new Error('the app is closed; create a new one to connect a Wechaty');
      if (wechat) throw new Error('a Wechaty is already connected to this app');
      // For embedders (the package's contract); src/main.ts wires WeChat itself, as its other channels.
      // Loaded on first use: the WeChat stack is heavy and most runs never need it.
      const { attachWechaty } = await import('./channels/wechat/attach-wechaty.js');
      wechat = await attachWechaty(app, wechaty, log);
    },
    async close() {
      if (closed) return;
      closed = true;
      // First let the messages in hand be answered, while the bot can still notify and relay.
      await wechat?.stop();
      await desk.stop();
      await outbox.stop();
      await knowledge.close();
      stopRetention();
      questions.dispose();
      tickets.dispose();
      outboxStore.close();
    },
  };
  return app;
}
