import { z } from 'zod';
import { OnboardingError, type Undeliverable } from '../../core/errors.js';
import type { OutboundChannel } from '../../core/ports.js';
import type { Reply } from '../../core/types.js';
import type { Logger } from '../../logging/logger.js';

/** The name notices to the robot are addressed with: `wecom-robot:group`. */
export const WECOM_ROBOT = { channel: 'wecom-robot', conversationId: 'group' } as const;

/** The robot refused or failed a post; `errcode` is WeCom's, when it answered. */
export class WecomRobotError extends OnboardingError {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
  }
}

/** The webhook itself is wrong (removed robot, bad key): retrying cannot help until the URL is fixed. */
class WecomRobotRefused extends WecomRobotError implements Undeliverable {
  readonly undeliverable = true as const;
}

// 93000 invalid webhook url, 93004 robot removed / key revoked, 40058 malformed content.
const REFUSED = new Set([93000, 93004, 40058]);

const answer = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });

export interface WecomRobotOptions {
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, from the group's robot settings. */
  url: string;
  log: Logger;
  timeoutMs?: number;
}

/**
 * A WeCom group robot (群机器人): posts escalation notices to the HR staff group as markdown.
 * Outbound only; it reaches the group through the outbox like every other notice, so a failed
 * post is retried and never lost. The URL holds the robot's key and is never logged.
 */
export class WecomRobot implements OutboundChannel {
  readonly name = WECOM_ROBOT.channel;
  /** A markdown message may hold 4,096 bytes; 1,300 characters stay under it in UTF-8 with the markup. */
  readonly maxChars = 1300;
  private readonly log: Logger;

  constructor(private readonly options: WecomRobotOptions) {
    this.log = options.log.child({ module: 'channel.wecom-robot' });
  }

  async send(reply: Reply): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'markdown', markdown: { content: toMarkdown(reply.text) } }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new WecomRobotError(`the group robot did not answer (${cause instanceof Error ? cause.name : 'error'})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new WecomRobotError(`the group robot answered HTTP ${response.status}`);
    }
    const parsed = answer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new WecomRobotError('the group robot did not answer with WeCom\'s JSON');
    const { errcode } = parsed.data;
    if (errcode === 0) {
      this.log.info({ ticketId: reply.ticketId }, 'posted to the HR staff group');
      return;
    }
    if (REFUSED.has(errcode)) throw new WecomRobotRefused(`企业微信群机器人拒收（${errcode}）：请检查 WECOM_WEBHOOK_URL 是否仍有效`, errcode);
    throw new WecomRobotError(`the group robot answered errcode ${errcode}`, errcode);
  }
}

/** The notice as markdown: its first line (【新工单 #…】) in bold, the rest as lines of text. */
export function toMarkdown(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  // A line starting with markdown markup would change its look; a zero-width space keeps it text.
  const plain = (line: string) => (/^\s*([#>*-]|\d+\.)/.test(line) ? `\u200b${line}` : line);
  return [`**${first.replace(/\*/g, '')}**`, ...rest.map(plain)].join('\n');
}
