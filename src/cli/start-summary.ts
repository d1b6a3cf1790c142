import type { Config } from '../config/schema.js';

export interface StartFacts {
  config: Config;
  /** The web server's address, when it runs. */
  webUrl?: string;
  documents: number;
  chunks: number;
  /** Documents that did not load at start. */
  skipped: number;
  wecom: boolean;
  officialAccount: boolean;
  /** The embeddings the answer model was trained with and those serving. */
  embeddingSpaces: { model: string; serving: string };
}

/**
 * The few lines a person reads when the bot starts: where the three pages are, and each
 * part that is off with the setting that turns it on. Plain text, not JSON, so it reads
 * the same in a terminal and in `docker logs`.
 */
export function startSummary(f: StartFacts): string {
  const { config } = f;
  const lines = [`onboarding-bot is running: ${f.documents} documents, ${f.chunks} chunks${f.skipped ? `, ${f.skipped} not loaded (see the admin page)` : ''}`];
  if (f.webUrl) {
    const pad = (s: string) => s.padEnd(8);
    lines.push(`  ${pad('chat')}${f.webUrl}/`);
    lines.push(`  ${pad('console')}${f.webUrl}/console${config.web.secretaryPassword ? '' : '   (closed: set SECRETARY_PASSWORD)'}`);
    lines.push(`  ${pad('admin')}${f.webUrl}/admin${config.web.adminPassword ? '' : '     (closed: set ADMIN_PASSWORD)'}`);
  } else {
    lines.push('  web pages off (WEB_ENABLED=false)');
  }
  const off = [
    config.wechat.puppet ? undefined : 'WeChat: WECHATY_PUPPET',
    f.wecom ? undefined : 'WeCom: WECOM_*',
    f.officialAccount ? undefined : 'Official Account: WECHAT_MP_*',
    config.onebot.accessToken || config.onebot.forwardUrl || !f.webUrl ? undefined : 'QQ: ONEBOT_ACCESS_TOKEN',
    config.llm.baseUrl ? undefined : 'LLM: LLM_BASE_URL',
  ].filter((s): s is string => s !== undefined);
  if (off.length) lines.push(`  off (set to turn on): ${off.join(' · ')}`);
  const spaces = f.embeddingSpaces;
  if (spaces.model !== spaces.serving) {
    lines.push(`  answer model trained with ${spaces.model} embeddings, serving with ${spaces.serving}: its confidence is not calibrated; see docs/llm.md`);
  }
  if (f.webUrl && config.onebot.accessToken) lines.push(`  QQ: OneBot v11 frameworks connect to ${f.webUrl.replace(/^http/, 'ws')}/onebot/v11/ws`);
  return `${lines.join('\n')}\n`;
}
