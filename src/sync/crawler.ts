import { createHash } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import { decodePage } from './charset.js';
import { HttpClient, type FetchResult } from './http-client.js';
import { parsePage, type PageLink } from './page.js';
import { loadRobots, type RobotsRules } from './robots.js';
import { attachmentPath, attachmentTitle, pagePath, removeDocument, saveDocument } from './site-files.js';
import type { SyncOptions } from './options.js';
import type { SyncReport } from './sync-report.js';
import type { SyncState, UrlState } from './sync-state.js';

type Kind = UrlState['kind'];
interface Item {
  url: string;
  kind: Kind;
  /** For an attachment: the article it was linked from, and that article's saved file. */
  page?: { url: string; file: string };
}

export type PageOutcome = 'new' | 'changed' | 'unchanged' | 'failed' | 'skipped';

export interface CrawlDeps {
  state: SyncState;
  log: Logger;
  report: SyncReport;
  run: number;
  signal?: AbortSignal;
  /** Called once per URL, for a progress bar or a log line. */
  onPage?: (url: string, outcome: PageOutcome) => void;
  /** Called when a newly found URL is queued, so a progress bar can grow its total. */
  onQueued?: () => void;
}

const MAX_REDIRECTS = 5;

/**
 * What a run with these options may visit: pages below the list pages' folders (or matching
 * `include`), attachments anywhere on their hosts, nothing matching `exclude`.
 */
export function scopeOf(options: Pick<SyncOptions, 'urls' | 'include' | 'exclude'>): (url: string, kind: Kind) => boolean {
  const prefixes = options.urls.map((u) => new URL('.', u).href);
  const origins = new Set(options.urls.map((u) => new URL(u).origin));
  return (url, kind) =>
    !options.exclude.some((re) => re.test(url)) &&
    (kind === 'attachment' ? origins.has(new URL(url).origin) : prefixes.some((p) => url.startsWith(p)) || options.include.some((re) => re.test(url)));
}

/**
 * Walks the site from its list pages: list → pagination and articles → attachments. Each URL
 * is asked for with the validators of the last run; only what changed is written.
 * Returns whether the crawl saw every list page (pruning is safe only then).
 */
export async function crawl(options: SyncOptions, deps: CrawlDeps): Promise<{ complete: boolean }> {
  const { state, log, report, run } = deps;
  const client = new HttpClient({ ...options, signal: deps.signal });
  const robots = new Map<string, Promise<RobotsRules>>();
  const queued = new Set<string>();
  const tasks: Array<Promise<void>> = [];
  let pages = 0;
  let complete = true;
  // Files this crawl has reported, whichever address reached them.
  const reported = new Set<string>();

  const inScope = scopeOf(options);

  const rulesFor = (url: string) => {
    const origin = new URL(url).origin;
    let rules = robots.get(origin);
    if (!rules) {
      rules = loadRobots(client, origin, options.userAgent).then((r) => {
        if (r.crawlDelay) client.slowDownTo(r.crawlDelay * 1000);
        return r;
      });
      robots.set(origin, rules);
    }
    return rules;
  };

  const enqueue = (item: Item) => {
    if (queued.has(item.url) || !inScope(item.url, item.kind)) return;
    if (item.kind !== 'attachment') {
      if (pages >= options.maxPages) {
        complete = false;
        return;
      }
      pages += 1;
    }
    queued.add(item.url);
    deps.onQueued?.();
    tasks.push(visit(item).catch((error: unknown) => fail(item, (error as Error).message)));
  };

  const fail = (item: Item, reason: string) => {
    report.failed.push({ url: item.url, reason });
    if (item.kind === 'list') complete = false;
    log.warn({ url: item.url, reason }, 'sync failed');
    deps.onPage?.(item.url, 'failed');
  };

  const follow = (links: PageLink[], from: Item, file: string | null) => {
    for (const link of links) {
      if (from.kind === 'list' && link.kind === 'pagination') enqueue({ url: link.url, kind: 'list' });
      else if (from.kind === 'list' && link.kind === 'page') enqueue({ url: link.url, kind: 'article' });
      else if (from.kind === 'article' && link.kind === 'attachment' && file) enqueue({ url: link.url, kind: 'attachment', page: { url: from.url, file } });
    }
  };

  async function fetchFollowing(item: Item, prev: UrlState | undefined): Promise<FetchResult | { kind: 'disallowed' }> {
    let url = item.url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (!(await rulesFor(url)).allows(url)) return { kind: 'disallowed' };
      const result = await client.get(url, { etag: prev?.etag, lastModified: prev?.lastModified });
      if (result.kind !== 'redirect') return result;
      if (!inScope(result.location, item.kind)) return { kind: 'failed', url, reason: `redirected off the synced site to ${result.location}` };
      url = result.location;
    }
    return { kind: 'failed', url, reason: `more than ${MAX_REDIRECTS} redirects` };
  }

  async function visit(item: Item): Promise<void> {
    const prev = state.get(item.url);
    const result = await fetchFollowing(item, prev);
    if (result.kind === 'disallowed') {
      report.skipped.push({ url: item.url, reason: 'robots.txt disallows it' });
      log.info({ url: item.url }, 'skipped by robots.txt');
      deps.onPage?.(item.url, 'skipped');
      return;
    }
    if (result.kind === 'failed' || result.kind === 'redirect') {
      // A page that answers 404 stays unseen, so it counts as gone; a timeout must not delete it.
      if (prev && !('status' in result && (result.status === 404 || result.status === 410))) state.markSeen(item.url, run);
      fail(item, result.kind === 'failed' ? result.reason : 'unexpected redirect');
      return;
    }
    if (item.kind === 'list') report.listPages += 1;
    if (result.kind === 'not-modified' && prev) {
      report.notModified += 1;
      state.markSeen(item.url, run);
      if (item.kind !== 'list') report.unchanged += 1;
      log.info({ url: item.url, kind: item.kind }, 'not modified');
      deps.onPage?.(item.url, 'unchanged');
      follow(prev.links, item, prev.path);
      return;
    }
    if (result.kind !== 'ok') return fail(item, 'answered 304 to a request without validators');
    const hash = createHash('sha256').update(result.bytes).digest('hex');
    const validators = { etag: result.etag, lastModified: result.lastModified, hash, seenRun: run, url: item.url, kind: item.kind };
    if (item.kind === 'attachment') {
      const path = attachmentPath(result.url, item.page!.file);
      const title = await attachmentTitle(options.knowledgeDir, path, item.page!.file);
      const outcome = await saveIfChanged(prev, hash, path, result.bytes, { title, source: item.page!.url, updated: httpDate(result.lastModified) });
      state.put({ ...validators, path, links: [], page: item.page!.url });
      return done(item, outcome, path);
    }
    if (!/html|xml|^text\//i.test(result.contentType ?? 'text/html')) return fail(item, `not an HTML page (${result.contentType})`);
    const html = decodePage(result.contentType, result.bytes);
    const page = parsePage(html, result.url);
    if (item.kind === 'list') {
      state.put({ ...validators, path: null, links: page.links, page: null });
      log.info({ url: item.url, links: page.links.length }, 'list page');
      deps.onPage?.(item.url, 'unchanged');
      follow(page.links, item, null);
      return;
    }
    const path = pagePath(result.url);
    const outcome = await saveIfChanged(prev, hash, path, html, { title: page.title, source: result.url, updated: page.published ?? httpDate(result.lastModified) });
    state.put({ ...validators, path, links: page.links, page: null });
    done(item, outcome, path);
    follow(page.links, item, path);
  }

  async function saveIfChanged(prev: UrlState | undefined, hash: string, path: string, data: Buffer | string, meta: Parameters<typeof saveDocument>[3]): Promise<PageOutcome> {
    if (prev?.hash === hash && prev.path === path) return 'unchanged';
    await saveDocument(options.knowledgeDir, path, data, meta);
    // A page now redirected elsewhere would otherwise leave its old copy answering beside the new one.
    if (prev?.path && prev.path !== path) await removeDocument(options.knowledgeDir, prev.path);
    return prev?.path ? 'changed' : 'new';
  }

  function done(item: Item, outcome: PageOutcome, path: string): void {
    // An old address that redirects to a page the list also links leads to the same file: one document, reported once.
    if (reported.has(path)) {
      log.info({ url: item.url, kind: item.kind, path }, 'reached again by another address');
      deps.onPage?.(item.url, 'unchanged');
      return;
    }
    reported.add(path);
    if (outcome === 'new') report.added.push(path);
    else if (outcome === 'changed') report.changed.push(path);
    else report.unchanged += 1;
    log.info({ url: item.url, kind: item.kind, path, outcome }, 'synced');
    deps.onPage?.(item.url, outcome);
  }

  for (const url of options.urls) enqueue({ url, kind: 'list' });
  // Visits queue more visits; wait until the list stops growing.
  for (let i = 0; i < tasks.length; i += 1) await tasks[i];
  return { complete };
}

function httpDate(value: string | null): string | undefined {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 10) : undefined;
}
