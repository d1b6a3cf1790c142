import { z } from 'zod';

const urlReason = z.array(z.object({ url: z.string(), reason: z.string() }));

/** The report as `last-sync.json` holds it; checked when read back. */
export const syncReportSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  added: z.array(z.string()),
  changed: z.array(z.string()),
  unchanged: z.number(),
  notModified: z.number(),
  removed: z.array(z.string()),
  gone: z.array(z.string()),
  failed: urlReason,
  skipped: urlReason,
  listPages: z.number(),
  pruneHeld: z.string().optional(),
});

/** What one sync run did, document by document; lists pages are not documents and are only counted. */
export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  /** Saved documents (paths relative to the knowledge directory). */
  added: string[];
  changed: string[];
  unchanged: number;
  /** Answered 304 Not Modified: the proof that a second run asks only for changes. */
  notModified: number;
  removed: string[];
  /** Gone from the site but kept, because --prune was not given or the crawl was incomplete. */
  gone: string[];
  failed: Array<{ url: string; reason: string }>;
  skipped: Array<{ url: string; reason: string }>;
  listPages: number;
  /** Why pruning was held back, when it was. */
  pruneHeld?: string;
}

export function emptyReport(): SyncReport {
  return { startedAt: new Date().toISOString(), finishedAt: '', added: [], changed: [], unchanged: 0, notModified: 0, removed: [], gone: [], failed: [], skipped: [], listPages: 0 };
}

export function hasChanges(report: SyncReport): boolean {
  return report.added.length + report.changed.length + report.removed.length > 0;
}

/** The report as the admin reads it in a terminal. */
export function formatSyncReport(report: SyncReport): string {
  const lines = [
    `同步完成：新增 ${report.added.length}，更新 ${report.changed.length}，未变 ${report.unchanged}，删除 ${report.removed.length}，失败 ${report.failed.length}` +
      `（列表页 ${report.listPages}，其中 ${report.notModified} 个地址服务器答复"未修改"）`,
  ];
  const list = (label: string, items: string[]) => {
    for (const item of items) lines.push(`  ${label} ${item}`);
  };
  list('新增', report.added);
  list('更新', report.changed);
  list('删除', report.removed);
  list('已从网站消失（保留；加 --prune 删除）', report.gone);
  for (const f of report.failed) lines.push(`  失败 ${f.url}：${f.reason}`);
  for (const s of report.skipped) lines.push(`  跳过 ${s.url}：${s.reason}`);
  if (report.pruneHeld) lines.push(`  未删除任何文件：${report.pruneHeld}`);
  return lines.join('\n');
}

const REASONS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^HTTP 404$|^HTTP 410$/, () => '网页不存在（可能已被删除）'],
  [/^HTTP (\d+)$/, (m) => `网站返回错误 ${m[1]}`],
  [/^no response within ([\d.]+) s$/, (m) => `${m[1]} 秒内没有响应`],
  [/^larger than the (\d+) KB limit/, (m) => `文件太大，超过 ${m[1]} KB 的上限`],
  [/^redirected off the synced site to (.+)$/, (m) => `跳转到了同步范围以外的地址 ${m[1]}`],
  [/redirect/, () => '跳转过多或跳转不正常'],
  [/^not an HTML page/, () => '不是网页，也不是支持的附件'],
  [/^robots\.txt disallows it$/, () => '网站的 robots.txt 不允许抓取'],
  [/^sync stopped$/, () => '同步被中止'],
  [/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)$/, () => '连不上网站'],
];

/** A failure's reason as the admin page says it; the crawler's own words stay in brackets for whoever digs further. */
export function explainReason(reason: string): string {
  for (const [pattern, say] of REASONS) {
    const m = pattern.exec(reason);
    if (m) return `${say(m)}（${reason}）`;
  }
  return reason;
}
