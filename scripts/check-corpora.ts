/**
 * `npm run check-corpora`: every corpus's labels against its documents (see checkCorpus).
 * Exits 1 when any problem is found, listing each with its question id.
 */
import { fileURLToPath } from 'node:url';
import { checkCorpus } from '../src/evaluation/check-corpus.js';
import { listCorpora } from '../src/evaluation/corpora.js';

const root = fileURLToPath(new URL('../../eval/corpora', import.meta.url));
let failed = 0;
for (const corpus of listCorpora(root)) {
  const problems = await checkCorpus(corpus);
  process.stdout.write(`${corpus.name}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}\n`);
  for (const p of problems) process.stdout.write(`  ${p}\n`);
  failed += problems.length;
}
process.exitCode = failed > 0 ? 1 : 0;
