/**
 * `npm run train`: fits the answer model on the train split of eval/corpora and writes
 * models/answerer.json. Deterministic: a fresh clone reproduces the committed file byte for
 * byte (`npm run train -- --check` says whether it does). Held-out corpora are never read.
 * With `EMBEDDINGS_BASE_URL` set it trains for those embeddings instead, for a deployment's own
 * model file (`--out`, then `ANSWER_MODEL_FILE`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerModelSchema } from '../src/answer/answer-model.js';
import { processEnv } from '../src/config/env.js';
import { listCorpora } from '../src/evaluation/corpora.js';
import { corpusExamples } from '../src/training/dataset.js';
import { trainModels } from '../src/training/train-models.js';
import { trainingConfig, trainingEmbeddings } from '../src/training/training-embeddings.js';
import { OnboardingError } from '../src/core/errors.js';
import { createLogger } from '../src/logging/logger.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
};
// --corpora and --out serve experiments; the committed model is made with the defaults.
const corporaDir = option('--corpora', `${root}eval/corpora`);
const shippedModel = `${root}models/answerer.json`;
const modelFile = option('--out', shippedModel);
const check = process.argv.includes('--check');

const started = performance.now();
const log = createLogger({ level: 'warn' });
try {
  const { config, note } = trainingConfig(modelFile, shippedModel, processEnv());
  if (note) process.stderr.write(`${note}\n`);
  const embeddings = await trainingEmbeddings(config, log);
  process.stderr.write(`embeddings: ${embeddings.space}\n`);
  const train = listCorpora(corporaDir).filter((c) => !c.heldout);
  const examples = [];
  for (const corpus of train) {
    const list = await corpusExamples(corpus, config.retrieval.topK, embeddings.choice);
    embeddings.assertAnswered();
    process.stderr.write(`${corpus.name}: ${list.length} questions\n`);
    examples.push(...list);
  }
  const { file, summary, misses, outcomes } = trainModels(examples, { budget: config.answer.maxAnswerChars, embeddings: embeddings.space });
  const text = `${JSON.stringify(answerModelSchema.parse(file), null, 1)}\n`;
  process.stderr.write(`${summary.join('\n')}\n`);
  const missesFile = option('--misses', '');
  if (missesFile) writeFileSync(missesFile, `${misses.join('\n')}\n`);
  // One JSON line a question: what a trial did out of fold, for `npm run compare-outcomes`.
  const outcomesFile = option('--outcomes', '');
  if (outcomesFile) writeFileSync(outcomesFile, outcomes.map((o) => `${JSON.stringify(o)}\n`).join(''));
  if (check) {
    const same = readFileSync(modelFile, 'utf8') === text;
    process.stderr.write(same ? `${modelFile} is what training makes\n` : `${modelFile} differs from what training makes; run \`npm run train\`\n`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(modelFile, text);
    process.stderr.write(`wrote ${modelFile} (${examples.length} questions, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
} catch (error) {
  // A person runs this to make their deployment's model: a plain reason, not a stack trace.
  if (!(error instanceof OnboardingError)) throw error;
  process.stderr.write(`onboarding-bot train: ${error.message}\n`);
  process.exitCode = 1;
}
