import { expect, it } from 'vitest';
import { COMMON_JS } from '../../../../src/channels/web/pages/layout.js';

/**
 * Reading the pages as a browser would rely on them, without one: which ids exist, which ids
 * labels, ARIA attributes and scripts point at, and what the shared script offers.
 */

export const idsIn = (html: string): Set<string> => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));

/** Ids that labels and ARIA attributes name; aria-describedby may name several. */
export const idsReferred = (html: string): string[] =>
  [...html.matchAll(/\s(?:for|aria-controls|aria-labelledby|aria-describedby)="([^"]+)"/g)].flatMap((m) => m[1]!.split(/\s+/));

/** Ids a page script looks up by name; a renamed element leaves the script holding null. */
const idsLookedUp = (js: string): string[] => [...new Set([...js.matchAll(/getElementById\('([^']+)'\)/g)].map((m) => m[1]!))];

/** The shared helpers (`window.ob`) a page script calls. */
const helpersCalled = (js: string): string[] => [...new Set([...js.matchAll(/\bob\.(\w+)/g)].map((m) => m[1]!))];

/** Ids that the page's labels and ARIA attributes or the scripts it loads name, but no element has. */
export function missingIds(html: string, ...scripts: string[]): string[] {
  const ids = idsIn(html);
  return [...idsReferred(html), ...scripts.flatMap(idsLookedUp)].filter((id) => !ids.has(id));
}

/** Shared helpers a page script calls that the shared script does not offer. */
const unknownHelpers = (js: string): string[] => helpersCalled(js).filter((name) => !(name in commonHelpers()));

/** The shared script run as a browser runs it, on a bare window: it touches no page until called. */
export function commonHelpers(): Record<string, unknown> {
  const window: { ob?: Record<string, unknown> } = {};
  new Function('window', COMMON_JS)(window);
  return window.ob!;
}

/** Parses a page script without running it: a syntax error in a string would reach only the browser. */
export function parseScript(js: string): void {
  new Function(js);
}

/** The test each page script gets: it parses, and it calls only the shared helpers there are. */
export function itShipsASoundScript(js: string): void {
  it('ships a script that parses and calls only the shared helpers there are', () => {
    parseScript(js);
    expect(unknownHelpers(js)).toEqual([]);
  });
}
