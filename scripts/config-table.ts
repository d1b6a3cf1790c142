import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withConfigTable } from '../src/config/config-table.js';

// Rewrites the README's configuration table from the zod schema; test/config/config-table.test.ts
// fails while the two differ.
const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withConfigTable(before);
if (after !== before) writeFileSync(readme, after);
process.stdout.write(after === before ? 'README configuration table is up to date\n' : 'README configuration table rewritten\n');
