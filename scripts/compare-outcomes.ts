/**
 * `npm run compare-outcomes -- BEFORE AFTER [--touched REGEX]`: how a trial did against a
 * baseline out of fold, from the files `npm run train -- --outcomes FILE` writes.
 */
import { readFileSync } from 'node:fs';
import { compareOutcomes, parseOutcomes } from '../src/training/compare-outcomes.js';

const args = process.argv.slice(2);
const at = args.indexOf('--touched');
const pattern = at >= 0 ? args.splice(at, 2)[1] : undefined;
const [before, after] = args;
if (!before || !after || (at >= 0 && !pattern)) {
  process.stderr.write('usage: npm run compare-outcomes -- BEFORE AFTER [--touched REGEX]\n');
  process.exit(2);
}
try {
  const read = (file: string) => parseOutcomes(readFileSync(file, 'utf8'), file);
  const touched = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  process.stdout.write(`${compareOutcomes(read(before), read(after), touched).join('\n')}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
