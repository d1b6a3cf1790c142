import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';

/**
 * Debian's Chromium (scripts/ensure-chromium.sh installs it); never a browser download. Its
 * headless shell (package chromium-headless-shell) when there: the same engine without the
 * browser's windows, tabs and address bar, a quarter of the full browser's CPU per page here.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const FULL_BROWSER = '/usr/bin/chromium';
const CHROMIUM = existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_BROWSER;
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
// Flags that keep Chromium from calling the network on its own (updates, sync, QUIC probes).
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The full browser (140 and later) gives each window a page of its own, the address bar's popup
// (chrome://omnibox-popup.top-chrome), in a renderer that works on every navigation: it was half
// of the renderers' CPU in these tests, for a window nobody sees.
const NOT_WANTED = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];
const DISABLE_FEATURES = '--disable-features=';

/**
 * One Chromium for the whole test run (test/global-setup.ts): launching one per browser test
 * file cost a second or two of both cores each time. Files connect to it and open their own
 * contexts, so no cookie or page is shared between them. Undefined without Chromium.
 */
export async function startChromiumServer(): Promise<BrowserServer | undefined> {
  if (!HAVE_CHROMIUM) return undefined;
  const launch = (args: string[]) => chromium.launchServer({ executablePath: CHROMIUM, args, host: '127.0.0.1' });
  if (CHROMIUM === HEADLESS_SHELL) return launch(ARGS);
  // Chromium reads only the last --disable-features it is given, so ours must repeat the list
  // Playwright passes (features that would get in the way of automation), which Playwright does
  // not export: a first launch shows it, for a fraction of a second.
  const probe = await launch(ARGS);
  const playwrights = probe.process().spawnargs.find((a) => a.startsWith(DISABLE_FEATURES))?.slice(DISABLE_FEATURES.length);
  await probe.close();
  const disabled = [...(playwrights ? playwrights.split(',') : []), ...NOT_WANTED];
  return launch([...ARGS, DISABLE_FEATURES + disabled.join(',')]);
}
