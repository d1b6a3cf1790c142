import type { Logger } from '../logging/logger.js';
import { AnswerModel } from './answer-model.js';

export interface ServingModelOptions {
  /** A model the caller chose (`eval --model`, tests): checked, never replaced. */
  given?: AnswerModel;
  /** The model file a deployment set (ANSWER_MODEL_FILE), if any. */
  file?: string;
  /** The shipped model, trained with the offline embeddings. */
  shipped: string;
  /** The vector space of the embeddings serving. */
  serving: string;
  log: Logger;
}

/**
 * The answer model for the embeddings in use. A model is calibrated for the embeddings it was
 * trained with; with others the bot says so. A deployment's model for a remote endpoint meets
 * the offline embeddings when the endpoint did not answer at start: then the shipped model,
 * which is theirs, answers until the restart.
 */
export function servingModel(options: ServingModelOptions): AnswerModel {
  const { given, file, shipped, serving, log } = options;
  const model = given ?? AnswerModel.read(file ?? shipped);
  const trainedWith = model.file.embeddings;
  if (trainedWith === serving) return model;
  if (!given && file !== undefined && file !== shipped) {
    const fallback = AnswerModel.read(shipped);
    if (fallback.file.embeddings === serving) {
      log.warn({ trainedWith, servingWith: serving }, 'ANSWER_MODEL_FILE is a model for other embeddings than those serving; the shipped model, trained with these, answers until restart');
      return fallback;
    }
  }
  log.warn(
    { trainedWith, servingWith: serving },
    'the answer model was trained with other embeddings, so its confidence is not calibrated for these; train one with the same EMBEDDINGS_* settings (npm run train -- --out FILE) and set ANSWER_MODEL_FILE to it',
  );
  return model;
}
