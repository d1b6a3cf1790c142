import { join, resolve } from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { ModelError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import { embeddingsFromSpec, failureReason, probeEmbeddings, vectorSpace, type EmbeddingsChoice } from '../retrieval/create-embeddings.js';

/**
 * The settings `npm run train` trains with. The shipped model is made with the defaults (the
 * offline embeddings), whatever the shell sets, so that a developer's run and CI's `--check`
 * agree; any other destination is a deployment's model, trained under its settings
 * (ONBOARDING_CONFIG, EMBEDDINGS_*) as the bot will serve with them.
 */
export function trainingConfig(out: string, shipped: string, env: Record<string, string | undefined>): { config: Config; note?: string } {
  if (resolve(out) !== resolve(shipped)) return { config: loadConfig({ env }) };
  const ignored = ['ONBOARDING_CONFIG', 'EMBEDDINGS_BASE_URL'].filter((name) => env[name]);
  const note = ignored.length
    ? `${shipped} is the shipped model, trained with the defaults: ${ignored.join(' and ')} ignored; to train a model for a deployment's settings, write it elsewhere with --out FILE and set ANSWER_MODEL_FILE to it`
    : undefined;
  return { config: loadConfig({ env: {} }), note };
}

/** The embeddings training prepares the corpora with, and whether they kept answering. */
export interface TrainingEmbeddings {
  choice: EmbeddingsChoice;
  /** Their vector space, recorded in the model. */
  space: string;
  /** Throws once the endpoint has failed: questions since went without their vector features. */
  assertAnswered(): void;
}

/**
 * The embeddings the bot is set to serve with, since the ranker and the decision weigh vector
 * ranks and similarities. A remote endpoint that does not answer stops training rather than
 * falling back as the bot does: a model for the offline embeddings is the shipped one.
 */
export async function trainingEmbeddings(config: Config, log: Logger): Promise<TrainingEmbeddings> {
  const { baseUrl } = config.embeddings;
  if (!baseUrl) {
    const choice = await embeddingsFromSpec({ kind: 'local' }, log);
    return { choice, space: vectorSpace(choice.id), assertAnswered: () => undefined };
  }
  const cacheFile = join(resolve(config.dataDir), 'embeddings-cache.db');
  const remote = await embeddingsFromSpec({ kind: 'remote', config: config.embeddings, baseUrl, cacheFile }, log);
  const failure = await probeEmbeddings(remote.embeddings);
  if (failure !== undefined) {
    throw new ModelError(
      `EMBEDDINGS_BASE_URL does not answer (${failure}); training needs the embeddings the bot will serve with. Check EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL, or unset them to train for the offline embeddings`,
    );
  }
  const watched = new WatchedEmbeddings(remote.embeddings);
  return {
    choice: { ...remote, embeddings: watched },
    space: vectorSpace(remote.id),
    assertAnswered: () => {
      if (watched.failure !== undefined) throw failedDuringTraining(watched.failure);
    },
  };
}

const failedDuringTraining = (reason: string) =>
  new ModelError(`the embeddings endpoint failed during training (${reason}); nothing was written. Run it again: the chunks embedded so far are cached`);

/**
 * Remembers the endpoint's first failure. The retriever answers from BM25 alone when a question
 * cannot be embedded, right for serving; in training it would fit the model on questions
 * without their vector features, so training asks after each corpus and stops.
 */
class WatchedEmbeddings extends Embeddings {
  failure: string | undefined;

  constructor(private readonly inner: Embeddings) {
    super({});
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.watch(() => this.inner.embedDocuments(texts));
  }

  embedQuery(text: string): Promise<number[]> {
    return this.watch(() => this.inner.embedQuery(text));
  }

  private async watch<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.failure ??= failureReason(error);
      throw failedDuringTraining(this.failure);
    }
  }
}
