import { z } from 'zod';

const MESSAGE = 'expected a real date as YYYY-MM-DD, such as 2025-07-28';

/**
 * The `updated` date of front matter or a side file: "YYYY-MM-DD" naming a day that exists, or
 * the Date a YAML 1.1 parser (gray-matter's) makes of an unquoted one.
 */
export const updatedDateSchema = z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.iso.date({ message: MESSAGE })]);

/**
 * Why the date the parser made differs from the one written, or undefined. A YAML 1.1 parser
 * turns "2025-13-45" into 2026-02-14 without a word; replies would cite that day as the update.
 */
export function rolledOverDate(written: string | undefined, parsed: string): string | undefined {
  const m = /^["']?(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(written?.trim() ?? '');
  if (!m) return undefined;
  const same = [m[1], m[2], m[3]].map(Number).join('-') === parsed.split('-').map(Number).join('-');
  return same ? undefined : MESSAGE;
}
