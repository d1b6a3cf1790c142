import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { REPO } from './web-fixture.js';

export { HAVE_CHROMIUM } from './chromium-server.js';

/** Where the browser tests leave their screenshots, for a person to look at. */
export const OUT = join(REPO, 'test-output');
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
    await mkdir(OUT, { recursive: true });
    [served, browser] = await Promise.all([start(), connectChromium()]);
    await ready(served, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
}
