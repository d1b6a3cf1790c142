import { z } from 'zod';
import { durationSchema } from '../sync/options.js';

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

/** Every setting of the bot, with its default. README "Configuration" lists them. */
export const configSchema = z.object({
  knowledgeDir: z.string().min(1).default('knowledge'),
  dataDir: z.string().min(1).default('data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  admins: z.array(personId).default([]),
  secretaries: z.array(personId).default([]),
  answer: z
    .object({
      /** Below this confidence the bot escalates; unset, the threshold trained with the model applies. */
      minConfidence: z.number().min(0).max(1).optional(),
      /** Soft limit for a reply's answer part, in characters. */
      maxAnswerChars: z.number().int().min(80).max(2000).default(220),
    })
    .prefault({}),
  retrieval: z
    .object({
      topK: z.number().int().min(1).max(50).default(12),
    })
    .prefault({}),
  embeddings: z
    .object({
      baseUrl: url.optional(),
      apiKey: z.string().optional(),
      model: z.string().default('bge-m3'),
      timeoutMs: z.number().int().min(100).default(15000),
    })
    .prefault({}),
  llm: z
    .object({
      baseUrl: url.optional(),
      apiKey: z.string().optional(),
      model: z.string().optional(),
      timeoutMs: z.number().int().min(100).default(20000),
      temperature: z.number().min(0).max(2).default(0.1),
      maxContextChars: z.number().int().min(500).default(6000),
    })
    .prefault({}),
  bot: z
    .object({
      maxMessageChars: z.number().int().min(10).default(500),
      /** Questions a person may ask per minute before a friendly notice. */
      ratePerMinute: z.number().int().min(1).default(10),
      historyTurns: z.number().int().min(0).max(20).default(4),
      historyTtlMinutes: z.number().min(1).default(30),
      /** A person gets the "text only" notice at most once in this many minutes. */
      nonTextNoticeMinutes: z.number().min(0).default(10),
      /** Longest message the bot sends; longer replies are split at sentence ends. */
      maxReplyChars: z.number().int().min(50).default(2000),
      /** Per-channel overrides of maxReplyChars, e.g. { "qq": 3000 }. */
      channelReplyChars: z.record(z.string(), z.number().int().min(50)).default({}),
    })
    .prefault({}),
  escalation: z
    .object({
      /** Remind the secretaries of tickets open longer than this many working hours. */
      remindAfterHours: z.number().min(0.1).default(4),
      officeHours: z
        .string()
        .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected "HH:MM-HH:MM", e.g. "08:30-17:30"')
        .default('08:30-17:30'),
      /** Working days, 1 = Monday … 7 = Sunday. */
      workdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
      timezone: z.string().default('Asia/Shanghai'),
      /** How often open tickets are checked for reminders. */
      reminderCheckMinutes: z.number().min(0.1).default(5),
      /** New tickets a minute that each get their own notice; beyond it the secretaries get one digest a minute. */
      noticesPerMinute: z.number().int().min(1).default(20),
    })
    .prefault({}),
  web: z
    .object({
      enabled: z.boolean().default(true),
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
      /** Passwords for the console; without them the console is closed. */
      secretaryPassword: z.string().min(8, 'expected at least 8 characters').optional(),
      adminPassword: z.string().min(8, 'expected at least 8 characters').optional(),
      /** Mark the session cookie `Secure`; set it when people reach the server over HTTPS (a proxy). */
      secureCookies: z.boolean().default(false),
      /** How long a console or admin sign-in lasts. */
      sessionHours: z.number().min(0.1).max(720).default(8),
      /** Failed sign-ins allowed from one client address within `loginWindowMinutes`; then sign-in waits. */
      loginMaxFailures: z.number().int().min(1).default(5),
      loginWindowMinutes: z.number().min(1).default(15),
      /** Longest wait of one long poll for a visitor's inbox. */
      inboxWaitSeconds: z.number().min(0).max(30).default(25),
    })
    .prefault({}),
  onebot: z
    .object({
      accessToken: z.string().min(1, 'is empty; set it to the token in the framework settings').optional(),
      forwardUrl: z.string().regex(/^wss?:\/\//, 'expected a ws:// or wss:// URL').optional(),
      /** How long an action (send_private_msg …) may wait for the framework's response. */
      actionTimeoutMs: z.number().int().min(100).default(10000),
      /** First and longest wait between forward WebSocket reconnect attempts. */
      reconnectMinMs: z.number().int().min(10).default(1000),
      reconnectMaxMs: z.number().int().min(10).default(60000),
      /** How long stopping waits for answers still being worked out. */
      stopGraceMs: z.number().int().min(0).default(10000),
    })
    .prefault({}),
  /** The durable outbox: how long a message that failed waits before its next attempt. */
  outbox: z
    .object({
      /** Wait after the first failure; it doubles with each further one. */
      retryMinMs: z.number().int().min(10).default(2000),
      /** Longest wait between attempts; a message is retried at this pace until delivered, never dropped. */
      retryMaxMs: z.number().int().min(10).default(300000),
    })
    .refine((o) => o.retryMaxMs >= o.retryMinMs, { path: ['retryMaxMs'], message: 'must not be below retryMinMs' })
    .prefault({}),
  wechat: z
    .object({
      puppet: z.string().optional(),
      /** Room ids (wechat:<roomId>) of HR staff groups that also receive escalation notices. */
      secretaryRooms: z.array(z.string()).default([]),
    })
    .prefault({}),
  /** The Official Account (公众号); off while appId is unset. */
  wechatMp: z
    .object({
      appId: z.string().regex(/^wx[0-9a-f]{16}$/, 'expected the AppID from 公众平台 → 设置与开发 → 基本配置, e.g. wx0123456789abcdef').optional(),
      appSecret: z.string().min(1).optional(),
      token: callbackToken.optional(),
      /** Absent: plaintext mode (明文模式). */
      aesKey: aesKey.optional(),
      apiBase: url.default('https://api.weixin.qq.com'),
    })
    .superRefine(requireWhenOn('appId', [['appSecret', 'WECHAT_MP_APP_SECRET'], ['token', 'WECHAT_MP_TOKEN']]))
    .prefault({}),
  /** The WeCom self-built app (企业微信自建应用); off while corpId is unset. */
  wecom: z
    .object({
      corpId: z.string().regex(/^ww[0-9a-zA-Z]{16}$|^wx[0-9a-zA-Z]{16}$/, 'expected the corp ID from 我的企业 → 企业信息, e.g. ww0123456789abcdef').optional(),
      agentId: z.number().int().positive('expected the AgentId of the app, a positive number').optional(),
      secret: z.string().min(1).optional(),
      token: callbackToken.optional(),
      aesKey: aesKey.optional(),
      apiBase: url.default('https://qyapi.weixin.qq.com'),
      /** A group robot (群机器人) webhook of the HR staff group: each escalation notice is posted there too. */
      webhookUrl: z.url({ protocol: /^https?$/, message: 'expected the robot webhook URL, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' }).optional(),
    })
    .superRefine(
      requireWhenOn('corpId', [['agentId', 'WECOM_AGENT_ID'], ['secret', 'WECOM_SECRET'], ['token', 'WECOM_TOKEN'], ['aesKey', 'WECOM_AES_KEY']]),
    )
    .prefault({}),
  console: z
    .object({
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  sync: z
    .object({
      /** List pages of the department website (通知公告, 办事指南 …) that `start` keeps in knowledge/site/. */
      urls: z.array(z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// list page URL' })).default([]),
      /** How often, as "6h", "30m" or "1d"; read as milliseconds. Unset, the bot does not sync on its own. */
      every: durationSchema.optional(),
      include: z.array(z.string()).default([]),
      exclude: z.array(z.string()).default([]),
      /** Delete documents gone from the site; off by default, so a site hiccup cannot empty the knowledge. */
      prune: z.boolean().default(false),
    })
    .refine((sync) => sync.every === undefined || sync.urls.length > 0, {
      path: ['urls'],
      message: 'sync.every is set but there are no pages to sync; set sync.urls (or SYNC_URLS, comma-separated) to the list pages',
    })
    .prefault({}),
  privacy: z
    .object({
      /** Message texts older than this many days are blanked (counts stay); 0 keeps them for ever. */
      retainDays: z.number().int().min(0).default(180),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
