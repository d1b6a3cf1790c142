import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { REPO } from './web-fixture.js';

export { HAVE_CHROMIUM } from './chromium-server.js';

/** Where the browser tests leave their screenshots, for a person to look at. */
const OUT = join(REPO, 'test-output');
/**
 * Screenshots are for a person checking the pages by eye (`npm run test:screenshots`); other
 * runs skip them: encoding two dozen pages cost the suite about 5 s of CPU and asserted nothing.
 */
const SCREENSHOTS = process.env.SCREENSHOTS === '1';

/** Saves what a page or an element shows as `test-output/<name>` when screenshots are asked for. */
export async function screenshot(shown: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(OUT, { recursive: true });
  const path = join(OUT, name);
  await ('goto' in shown ? shown.screenshot({ path, ...options }) : shown.screenshot({ path }));
}

export const PLACE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export const PHONE: BrowserContextOptions = { ...PLACE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP: BrowserContextOptions = { ...PLACE, viewport: { width: 1280, height: 900 } };
/** A 1280×900 window at 200 % zoom: half the CSS pixels, each drawn twice as large. */
export const ZOOM_200: BrowserContextOptions = { ...PLACE, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

/** A connection to the run's one Chromium (test/global-setup.ts); closing it closes only this connection's contexts. */
export function connectChromium(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  if (!endpoint) throw new Error('no Chromium was started for this run');
  return chromium.connect(endpoint);
}

/**
 * The start and stop of a browser test file: before its tests, starts what it serves (`start`)
 * while connecting to Chromium, and hands both to `ready`; after them, closes both.
 */
export function servedInChromium<T extends { close(): Promise<void> }>(start: () => Promise<T>, ready: (served: T, browser: Browser) => void | Promise<void>): void {
  let served: T | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [served, browser] = await Promise.all([start(), connectChromium()]);
    await ready(served, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
}
