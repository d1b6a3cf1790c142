import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OnboardingError } from '../core/errors.js';

/** A labelled knowledge base: `kb/` and `questions.jsonl`. */
export interface Corpus {
  name: string;
  kbDir: string;
  questionsFile: string;
  /** Never read by training, tuning or threshold choice. */
  heldout: boolean;
}

class CorpusError extends OnboardingError {}

const splitsSchema = z.object({ train: z.array(z.string()).min(1), heldout: z.array(z.string()).min(1) }).strict();

/**
 * The corpora under `root` as `splits.json` divides them. Every folder must be in exactly one
 * split and every name in the splits must be a folder, so no corpus slips into training unseen.
 */
export function listCorpora(root: string): Corpus[] {
  const file = join(root, 'splits.json');
  let splits: z.infer<typeof splitsSchema>;
  try {
    splits = splitsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new CorpusError(`${file}: expected {"train": [names], "heldout": [names]}`, { cause });
  }
  const folders = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const named = [...splits.train, ...splits.heldout];
  const twice = named.filter((n, i) => named.indexOf(n) !== i);
  if (twice.length > 0) throw new CorpusError(`${file}: ${twice.join(', ')} named twice`);
  const unlisted = folders.filter((f) => !named.includes(f));
  if (unlisted.length > 0) throw new CorpusError(`${file}: the corpora ${unlisted.join(', ')} are in no split`);
  return named.sort().map((name) => {
    const dir = join(root, name);
    const corpus = { name, kbDir: join(dir, 'kb'), questionsFile: join(dir, 'questions.jsonl'), heldout: splits.heldout.includes(name) };
    if (!existsSync(corpus.kbDir) || !existsSync(corpus.questionsFile)) throw new CorpusError(`${dir}: expected kb/ and questions.jsonl`);
    return corpus;
  });
}
