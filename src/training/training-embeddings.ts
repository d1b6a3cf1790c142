import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ModelError } from '../core/errors.js';
import type { Logger } from '../logging/logger.js';
import { embeddingsFromSpec, probeEmbeddings, type EmbeddingsChoice } from '../retrieval/create-embeddings.js';
import { LocalEmbeddings } from '../retrieval/local-embeddings.js';

/**
 * The embeddings `npm run train` prepares the corpora with: the ones the bot is set to serve
 * with, since the ranker and the decision weigh vector ranks and similarities. A remote endpoint
 * that does not answer stops training rather than falling back as the bot does: a model trained
 * for the offline embeddings is what the deployment already has.
 */
export async function trainingEmbeddings(config: Config, log: Logger): Promise<EmbeddingsChoice> {
  const { baseUrl } = config.embeddings;
  if (!baseUrl) return embeddingsFromSpec({ kind: 'local' }, log);
  const cacheFile = join(resolve(config.dataDir), 'embeddings-cache.db');
  const choice = await embeddingsFromSpec({ kind: 'remote', config: config.embeddings, baseUrl, cacheFile }, log);
  const failure = await probeEmbeddings(choice.embeddings);
  if (failure !== undefined) {
    throw new ModelError(
      `EMBEDDINGS_BASE_URL does not answer (${failure}); training needs the embeddings the bot will serve with. Check EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL, or unset them to train for the offline embeddings`,
    );
  }
  return choice;
}

/**
 * Refuses to write a model for other embeddings over the shipped one: the package's model is
 * the offline embeddings' (CI checks that training remakes it), so a deployment's goes elsewhere.
 */
export function checkModelDestination(out: string, shipped: string, space: string): void {
  if (resolve(out) !== resolve(shipped) || space === new LocalEmbeddings().id) return;
  throw new ModelError(
    `${shipped} is the shipped model, trained with the offline embeddings; write the one for ${space} elsewhere (npm run train -- --out data/answerer.json) and set ANSWER_MODEL_FILE to it`,
  );
}
