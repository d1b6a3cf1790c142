import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); never a browser download. */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
// Flags that keep Chromium from calling the network on its own (updates, sync, QUIC probes).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * One Chromium for the whole test run (test/global-setup.ts): launching one per browser test
 * file cost a second or two of both cores each time. Files connect to it and open their own
 * contexts, so no cookie or page is shared between them. Undefined without Chromium.
 */
export async function startChromiumServer(): Promise<BrowserServer | undefined> {
  if (!HAVE_CHROMIUM) return undefined;
  return chromium.launchServer({ executablePath: CHROMIUM, args: ARGS, host: '127.0.0.1' });
}
