import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkCorpus } from '../../src/evaluation/check-corpus.js';
import { listCorpora } from '../../src/evaluation/corpora.js';
import { readEvalSet } from '../../src/evaluation/eval-set.js';
import { cachedJson } from '../inputs-cache.js';

const ROOT = fileURLToPath(new URL('../../eval/corpora/', import.meta.url));

function tree(splits: unknown, folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpora-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'splits.json'), JSON.stringify(splits));
  for (const f of folders) {
    mkdirSync(join(dir, f, 'kb'), { recursive: true });
    writeFileSync(join(dir, f, 'questions.jsonl'), '');
  }
  return dir;
}

describe('the corpora and their splits', () => {
  it('puts every folder in one split and refuses one that is in none', () => {
    expect(listCorpora(tree({ train: ['a'], heldout: ['b'] }, ['a', 'b'])).map((c) => [c.name, c.heldout])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(() => listCorpora(tree({ train: ['a'], heldout: ['b'] }, ['a', 'b', 'c']))).toThrow(/c are in no split/);
    expect(() => listCorpora(tree({ train: ['a'], heldout: ['a'] }, ['a']))).toThrow(/named twice/);
    expect(() => listCorpora(tree({ train: ['a'], heldout: ['x'] }, ['a']))).toThrow(/expected kb\/ and questions\.jsonl/);
  });

  it('holds at least 10 bases and 1,200 questions, 3 bases held out, each fact verbatim in a listed document', async () => {
    const corpora = listCorpora(ROOT);
    expect(corpora.length).toBeGreaterThanOrEqual(10);
    expect(corpora.filter((c) => c.heldout).length).toBeGreaterThanOrEqual(3);
    let total = 0;
    const problems: string[] = [];
    for (const corpus of corpora) {
      total += (await readEvalSet(corpus.questionsFile)).length;
      // Reading every document of fifteen bases takes seconds; the verdict holds until a document, a question or the code changes.
      const found = await cachedJson(`corpus-check/${corpus.name}`, [join(ROOT, corpus.name)], () => checkCorpus(corpus));
      problems.push(...found.map((p) => `${corpus.name}: ${p}`));
    }
    expect(total).toBeGreaterThanOrEqual(1200);
    expect(problems).toEqual([]);
  });
});
