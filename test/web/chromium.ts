import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';
import { REPO } from './web-fixture.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
// Flags that keep Chromium from calling the network on its own (updates, sync, QUIC probes).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where the browser tests leave their screenshots, for a person to look at. */
export const OUT = join(REPO, 'test-output');
const PLACE = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

export const PHONE: BrowserContextOptions = { ...PLACE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP: BrowserContextOptions = { ...PLACE, viewport: { width: 1280, height: 900 } };
/** A 1280×900 window at 200 % zoom: half the CSS pixels, each drawn twice as large. */
export const ZOOM_200: BrowserContextOptions = { ...PLACE, viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
