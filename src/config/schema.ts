import { z } from 'zod';
import { DEFAULT_SYNC_DELAY_MS, durationSchema } from '../sync/options.js';

/**
 * What the README's configuration table says of a setting: its environment variable (if
 * operators may set it that way), its meaning, and, when the default is not a literal value,
 * how to describe it. `npm run config-table` writes the table from these.
 */
export interface SettingMeta {
  env?: string;
  meaning: string;
  defaultText?: string;
}

/** Every leaf of the schema is registered here with its meta; `settings-table.ts` walks them. */
export const settings = z.registry<SettingMeta>();

// Channel names may hold a hyphen (`wechat-mp:<openid>`).
const personId = z
  .string()
  .regex(/^[a-z]+(?:-[a-z]+)*:.+$/, 'expected "channel:id", e.g. "wechat:wxid_abc" or "qq:12345"');

const url = z.url({ message: 'expected a URL such as http://127.0.0.1:11434/v1' });

// Tencent's EncodingAESKey: 43 characters of base64 (a 32-byte key without its trailing '=').
const aesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'expected the 43-character EncodingAESKey from the admin console');
const callbackToken = z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'expected the Token from the admin console: 3 to 32 letters or digits');

/** Settings an official channel needs once its id is set, with the variable that sets each. */
function requireWhenOn(id: string, needed: Array<[string, string]>) {
  return (section: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (section[id] === undefined) return;
    for (const [key, env] of needed) {
      if (section[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is missing; set ${env} as well (the channel is on since its id is set)` });
    }
  };
}

const meta = (meaning: string, env?: string, defaultText?: string): SettingMeta => ({ meaning, env, defaultText });

/** Every setting of the bot, with its default, variable and meaning (README "Configuration" is made from it). */
export const configSchema = z.object({
  knowledgeDir: z.string().min(1).default('knowledge').register(settings, meta('the documents', 'KNOWLEDGE_DIR')),
  dataDir: z.string().min(1).default('data').register(settings, meta('index, tickets (SQLite), WeChat session, logs of the terminal mode', 'DATA_DIR')),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .register(settings, meta('pino level; phone and ID numbers are masked, secrets redacted', 'LOG_LEVEL')),
  admins: z.array(personId).default([]).register(settings, meta('comma-separated `channel:id` names', 'ONBOARDING_ADMINS')),
  secretaries: z.array(personId).default([]).register(settings, meta('comma-separated `channel:id` names; they get every escalation', 'ONBOARDING_SECRETARIES')),
  answer: z
    .object({
      minConfidence: z.number().min(0).max(1).optional()
        .register(settings, meta('below it, escalate', 'ANSWER_MIN_CONFIDENCE', 'the threshold written with the model')),
      maxAnswerChars: z.number().int().min(80).max(2000).default(220).register(settings, meta('soft length of the answer part of a reply')),
      modelFile: z.string().min(1).optional()
        .register(settings, meta('the trained answer model; `npm run train -- --out FILE` makes one for the embeddings set (docs/llm.md)', 'ANSWER_MODEL_FILE', 'the shipped models/answerer.json')),
    })
    .prefault({}),
  retrieval: z
    .object({
      topK: z.number().int().min(1).max(50).default(12).register(settings, meta('chunks the answer is chosen from')),
    })
    .prefault({}),
  embeddings: z
    .object({
      baseUrl: url.optional().register(settings, meta('an OpenAI-compatible embeddings endpoint; unset, the offline embeddings', 'EMBEDDINGS_BASE_URL')),
      apiKey: z.string().optional().register(settings, meta('its API key', 'EMBEDDINGS_API_KEY')),
      model: z.string().default('bge-m3').register(settings, meta('its model', 'EMBEDDINGS_MODEL')),
      timeoutMs: z.number().int().min(100).default(15000).register(settings, meta('how long one embeddings request may take')),
    })
    .prefault({}),
  llm: z
    .object({
      baseUrl: url.optional().register(settings, meta('an OpenAI-compatible chat model endpoint; unset, no language model', 'LLM_BASE_URL')),
      apiKey: z.string().optional().register(settings, meta('its API key', 'LLM_API_KEY')),
      model: z.string().optional().register(settings, meta('its model', 'LLM_MODEL')),
      timeoutMs: z.number().int().min(100).default(20000).register(settings, meta('after this, the offline answer is given', 'LLM_TIMEOUT_MS')),
      temperature: z.number().min(0).max(2).default(0.1).register(settings, meta('sampling temperature', 'LLM_TEMPERATURE')),
      maxContextChars: z.number().int().min(500).default(6000).register(settings, meta('passages given to the model, in characters')),
    })
    .prefault({}),
  bot: z
    .object({
      maxMessageChars: z.number().int().min(10).default(500).register(settings, meta('longer messages are asked to be shortened')),
      ratePerMinute: z.number().int().min(1).default(10).register(settings, meta('questions per person per minute before a friendly notice', 'RATE_PER_MINUTE')),
      historyTurns: z.number().int().min(0).max(20).default(4).register(settings, meta('earlier messages kept for follow-ups')),
      historyTtlMinutes: z.number().min(1).default(30).register(settings, meta('how long they are kept')),
      nonTextNoticeMinutes: z.number().min(0).default(10).register(settings, meta('"text only" is said once per person in this time')),
      maxReplyChars: z.number().int().min(50).default(2000).register(settings, meta('a reply longer than this is split at sentence ends')),
      channelReplyChars: z
        .record(z.string(), z.number().int().min(50))
        .default({})
        .register(settings, meta('per-channel overrides of `bot.maxReplyChars`, e.g. `{ "qq": 3000 }`')),
    })
    .prefault({}),
  escalation: z
    .object({
      remindAfterHours: z.number().min(0.1).default(4)
        .register(settings, meta('working hours before secretaries are reminded of an open ticket', 'REMIND_AFTER_HOURS')),
      officeHours: z
        .string()
        .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected "HH:MM-HH:MM", e.g. "08:30-17:30"')
        .default('08:30-17:30')
        .register(settings, meta('outside them the asker is told when to expect an answer', 'OFFICE_HOURS')),
      workdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]).register(settings, meta('working days, Monday = 1 … Sunday = 7')),
      timezone: z.string().default('Asia/Shanghai').register(settings, meta('the time zone of the office hours')),
      reminderCheckMinutes: z.number().min(0.1).default(5).register(settings, meta('how often open tickets are checked for reminders')),
      noticesPerMinute: z.number().int().min(1).default(20)
        .register(settings, meta('new tickets a minute that each get a notice; beyond it, one digest a minute', 'ESCALATION_NOTICES_PER_MINUTE')),
    })
    .prefault({}),
  web: z
    .object({
      enabled: z.boolean().default(true).register(settings, meta('the HTTP server (web pages, API, QQ, Official Account and WeCom endpoints)', 'WEB_ENABLED')),
      host: z.string().default('127.0.0.1').register(settings, meta('the address it listens on', 'HOST')),
      port: z.number().int().min(0).max(65535).default(8787).register(settings, meta('its port', 'PORT')),
      secretaryPassword: z.string().min(8, 'expected at least 8 characters').optional()
        .register(settings, meta('shared sign-in of the `secretary` role (≥ 8 characters), a quick start beside named accounts (`user add`); unset, that role has no shared password', 'SECRETARY_PASSWORD')),
      adminPassword: z.string().min(8, 'expected at least 8 characters').optional()
        .register(settings, meta('shared sign-in of the `admin` role (≥ 8 characters), a quick start beside named accounts; unset, that role has no shared password', 'ADMIN_PASSWORD')),
      secureCookies: z.boolean().default(false).register(settings, meta('mark the session cookie `Secure`; set it when people reach the server over HTTPS (a proxy)')),
      sessionHours: z.number().min(0.1).max(720).default(8).register(settings, meta('how long a console or admin sign-in lasts')),
      loginMaxFailures: z.number().int().min(1).default(5)
        .register(settings, meta('failed sign-ins of an account or a client address before sign-in waits; a browser that signed in to the account before is counted on its own', 'LOGIN_MAX_FAILURES')),
      loginWindowMinutes: z.number().min(1).default(15).register(settings, meta('failures are forgotten this many minutes after the last one')),
      loginDelaySeconds: z.number().min(0.1).default(2)
        .register(settings, meta('the first wait after `web.loginMaxFailures` failures; each further failure doubles it', 'LOGIN_DELAY_SECONDS')),
      loginMaxDelayMinutes: z.number().min(0.1).default(15).register(settings, meta('the longest wait between two sign-in attempts', 'LOGIN_MAX_DELAY_MINUTES')),
      inboxWaitSeconds: z.number().min(0).max(30).default(25).register(settings, meta('longest wait of one long poll: a visitor\'s inbox, the admin page\'s sync status')),
      reviewBelow: z.number().min(0).max(1).default(0.85)
        .register(settings, meta('answers given below this confidence are listed on the admin page for review, beside the escalations', 'REVIEW_BELOW')),
      headersTimeoutSeconds: z.number().min(1).default(10)
        .register(settings, meta('a client must send its request headers within this time, and its whole request within `web.bodyTimeoutSeconds`')),
      bodyTimeoutSeconds: z.number().min(1).default(60).register(settings, meta('the longest a whole request may take to arrive')),
      keepAliveSeconds: z.number().min(1).default(5).register(settings, meta('an idle kept-alive connection is closed after this; browsers reopen one when they need it')),
      idleTimeoutSeconds: z.number().min(1).default(60)
        .register(settings, meta('a connection that sends and receives nothing this long is closed (longer than a long poll waits)')),
      maxConnections: z.number().int().min(1).default(1000)
        .register(settings, meta('connections held open at once; beyond it new ones are refused until some close', 'WEB_MAX_CONNECTIONS')),
      trustProxy: z.union([z.ipv4(), z.ipv6()], { message: 'expected the IP address of the reverse proxy, e.g. "127.0.0.1"' }).optional()
        .register(settings, meta('the reverse proxy\'s address: only when the direct peer is this address is `X-Forwarded-For` read for the client\'s address; unset, the header is ignored', 'WEB_TRUST_PROXY')),
      chatPerAddressPerMinute: z.number().int().min(1).default(30)
        .register(settings, meta('anonymous chat questions one client address may ask per minute, across all its browser ids')),
      metricsToken: z.string().min(16, 'expected at least 16 characters').optional()
        .register(settings, meta('bearer token for `GET /metrics` (Prometheus); unset, the route is off', 'METRICS_TOKEN')),
    })
    .refine((web) => web.headersTimeoutSeconds <= web.bodyTimeoutSeconds, {
      path: ['headersTimeoutSeconds'],
      message: 'must not exceed web.bodyTimeoutSeconds (the whole request includes its headers)',
    })
    .refine((web) => web.idleTimeoutSeconds > web.inboxWaitSeconds, {
      path: ['idleTimeoutSeconds'],
      message: 'must be longer than web.inboxWaitSeconds, or waiting long polls are cut',
    })
    .prefault({}),
  onebot: z
    .object({
      accessToken: z.string().min(1, 'is empty; set it to the token in the framework settings').optional()
        .register(settings, meta('QQ reverse WebSocket token; unset, the endpoint is off', 'ONEBOT_ACCESS_TOKEN')),
      forwardUrl: z.string().regex(/^wss?:\/\//, 'expected a ws:// or wss:// URL').optional()
        .register(settings, meta('`ws://…` of a framework to dial instead', 'ONEBOT_FORWARD_URL')),
      actionTimeoutMs: z.number().int().min(100).default(10000)
        .register(settings, meta('how long an action (send_private_msg …) may wait for the framework\'s response')),
      reconnectMinMs: z.number().int().min(10).default(1000).register(settings, meta('first wait between forward WebSocket reconnect attempts')),
      reconnectMaxMs: z.number().int().min(10).default(60000).register(settings, meta('longest wait between them')),
      stopGraceMs: z.number().int().min(0).default(10000).register(settings, meta('how long stopping waits for answers still being worked out')),
    })
    .prefault({}),
  /** The durable outbox: how long a message that failed waits before its next attempt. */
  outbox: z
    .object({
      retryMinMs: z.number().int().min(10).default(2000)
        .register(settings, meta('first wait before a failed message is tried again; it doubles, with jitter, after each further failure', 'OUTBOX_RETRY_MIN_MS')),
      retryMaxMs: z.number().int().min(10).default(300000)
        .register(settings, meta('longest wait between attempts; a message is retried until delivered, never given up', 'OUTBOX_RETRY_MAX_MS')),
    })
    .refine((o) => o.retryMaxMs >= o.retryMinMs, { path: ['retryMaxMs'], message: 'must not be below retryMinMs' })
    .prefault({}),
  wechat: z
    .object({
      puppet: z.string().optional().register(settings, meta('the Wechaty puppet; unset, no WeChat', 'WECHATY_PUPPET')),
      secretaryRooms: z.array(z.string()).default([]).register(settings, meta('`wechat:<roomId>` of HR staff groups that also get notices')),
    })
    .prefault({}),
  /** The Official Account (公众号); off while appId is unset. */
  wechatMp: z
    .object({
      appId: z.string().regex(/^wx[0-9a-f]{16}$/, 'expected the AppID from 公众平台 → 设置与开发 → 基本配置, e.g. wx0123456789abcdef').optional()
        .register(settings, meta('the Official Account\'s AppID; unset, the channel is off', 'WECHAT_MP_APP_ID')),
      appSecret: z.string().min(1).optional().register(settings, meta('its AppSecret', 'WECHAT_MP_APP_SECRET')),
      token: callbackToken.optional().register(settings, meta('the server configuration\'s Token', 'WECHAT_MP_TOKEN')),
      aesKey: aesKey.optional().register(settings, meta('EncodingAESKey (43 characters); unset, plaintext mode (明文模式)', 'WECHAT_MP_AES_KEY')),
      apiBase: url.default('https://api.weixin.qq.com').register(settings, meta('Tencent\'s API, a proxy, or a test fake', 'WECHAT_API_BASE')),
    })
    .superRefine(requireWhenOn('appId', [['appSecret', 'WECHAT_MP_APP_SECRET'], ['token', 'WECHAT_MP_TOKEN']]))
    .prefault({}),
  /** The WeCom self-built app (企业微信自建应用); off while corpId is unset. */
  wecom: z
    .object({
      corpId: z.string().regex(/^ww[0-9a-zA-Z]{16}$|^wx[0-9a-zA-Z]{16}$/, 'expected the corp ID from 我的企业 → 企业信息, e.g. ww0123456789abcdef').optional()
        .register(settings, meta('the WeCom corp ID; unset, the channel is off', 'WECOM_CORP_ID')),
      agentId: z.number().int().positive('expected the AgentId of the app, a positive number').optional()
        .register(settings, meta('the self-built app\'s AgentId', 'WECOM_AGENT_ID')),
      secret: z.string().min(1).optional().register(settings, meta('its Secret', 'WECOM_SECRET')),
      token: callbackToken.optional().register(settings, meta('the receive-messages Token', 'WECOM_TOKEN')),
      aesKey: aesKey.optional().register(settings, meta('the receive-messages EncodingAESKey', 'WECOM_AES_KEY')),
      apiBase: url.default('https://qyapi.weixin.qq.com').register(settings, meta('Tencent\'s API, a proxy, or a test fake', 'WECOM_API_BASE')),
      webhookUrl: z.url({ protocol: /^https?$/, message: 'expected the robot webhook URL, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }).optional()
        .register(settings, meta('a group robot\'s (群机器人) webhook (`…/cgi-bin/webhook/send?key=…`) in the HR staff group; each escalation notice is also posted there as markdown', 'WECOM_WEBHOOK_URL')),
    })
    .superRefine(
      requireWhenOn('corpId', [['agentId', 'WECOM_AGENT_ID'], ['secret', 'WECOM_SECRET'], ['token', 'WECOM_TOKEN'], ['aesKey', 'WECOM_AES_KEY']]),
    )
    .prefault({}),
  console: z
    .object({
      enabled: z.boolean().default(true).register(settings, meta('the terminal chat when stdin is a terminal')),
    })
    .prefault({}),
  sync: z
    .object({
      urls: z
        .array(z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// list page URL' }))
        .default([])
        .register(settings, meta('list pages of the department site (通知公告, 办事指南 …) that `start` keeps in `knowledge/site/`', 'SYNC_URLS')),
      every: durationSchema.optional()
        .register(settings, meta('how often to sync them, as `6h`, `30m` or `1d`; unset, the bot does not sync on its own', 'SYNC_EVERY')),
      include: z.array(z.string()).default([]).register(settings, meta('also follow URLs matching these regular expressions')),
      exclude: z.array(z.string()).default([]).register(settings, meta('never follow URLs matching these')),
      prune: z.boolean().default(false)
        .register(settings, meta('delete documents gone from the site; off, so a site hiccup cannot empty the knowledge', 'SYNC_PRUNE')),
      delayMs: z.number().int().min(0).default(DEFAULT_SYNC_DELAY_MS)
        .register(settings, meta('milliseconds between the starts of two requests to the site (a robots.txt `Crawl-delay` can only raise it)', 'SYNC_DELAY_MS')),
    })
    .refine((sync) => sync.every === undefined || sync.urls.length > 0, {
      path: ['urls'],
      message: 'sync.every is set but there are no pages to sync; set sync.urls (or SYNC_URLS, comma-separated) to the list pages',
    })
    .prefault({}),
  privacy: z
    .object({
      retainDays: z.number().int().min(0).default(180)
        .register(settings, meta('message texts older than this are blanked daily (counts kept); `0` keeps them', 'PRIVACY_RETAIN_DAYS')),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
