import { loadDocuments, scanDirectory } from '../knowledge/load-directory.js';
import type { Corpus } from './corpora.js';
import { normalizeForFacts, readEvalSet } from './eval-set.js';

/**
 * What is wrong with a corpus's labels: a listed document that does not exist or does not
 * load, a fact that no listed document shows a reader (checked on the loaded text, so a fact
 * hidden in HTML markup counts as absent), an answerable question without facts, a repeated id.
 */
export async function checkCorpus(corpus: Corpus): Promise<string[]> {
  const scan = await scanDirectory(corpus.kbDir);
  const { documents, warnings } = loadDocuments(scan.files);
  const problems = warnings.map((w) => `kb/${w.path}${w.line ? `:${w.line}` : ''}: ${w.message}`);
  const visible = new Map(documents.map((d) => [`kb/${d.path}`, normalizeForFacts(`${d.title}\n${d.body}`)]));
  const seen = new Set<string>();
  for (const q of await readEvalSet(corpus.questionsFile)) {
    if (seen.has(q.id)) problems.push(`${q.id}: id used twice`);
    seen.add(q.id);
    if (q.expect === 'escalate') continue;
    if (q.facts.length === 0 || q.docs.length === 0) problems.push(`${q.id}: an answerable question needs facts and docs`);
    const missing = q.docs.filter((d) => !visible.has(d));
    for (const d of missing) problems.push(`${q.id}: ${d} is not a loaded document`);
    for (const fact of q.facts) {
      const f = normalizeForFacts(fact);
      if (!q.docs.some((d) => visible.get(d)?.includes(f))) problems.push(`${q.id}: "${fact}" is in none of ${q.docs.join(', ')}`);
    }
  }
  return problems;
}
