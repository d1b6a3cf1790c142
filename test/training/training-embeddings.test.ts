import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ModelError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/logging/logger.js';
import { vectorSpace } from '../../src/retrieval/create-embeddings.js';
import { corpusExamples } from '../../src/training/dataset.js';
import { checkModelDestination, trainingEmbeddings } from '../../src/training/training-embeddings.js';
import { OpenAiStub } from '../answer/openai-stub.js';
import { CAMPUSES, withTinyCorpora } from './tiny-corpora.js';

describe('the embeddings training prepares the corpora with', () => {
  let stub: OpenAiStub;
  beforeAll(async () => {
    stub = await OpenAiStub.start();
  });
  afterAll(() => stub.close());
  const settings = (env: Record<string, string> = {}) => loadConfig({ env: { DATA_DIR: 'data', ...env } });

  it('are the offline ones unless EMBEDDINGS_BASE_URL is set', async () => {
    expect((await trainingEmbeddings(settings(), silentLogger())).id).toBe('local-char-ngram-v1-512');
  });

  it('are the endpoint the bot will serve with, which embeds every chunk and question of the corpus', async () => {
    const choice = await trainingEmbeddings(settings({ EMBEDDINGS_BASE_URL: stub.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' }), silentLogger());
    expect(vectorSpace(choice.id)).toBe('openai:bge-m3');
    const before = stub.embeddingInputs.length;
    const examples = await withTinyCorpora(CAMPUSES.slice(0, 1), ([corpus]) => corpusExamples(corpus!, 8, choice));
    const sent = stub.embeddingInputs.slice(before);
    expect(sent).toContain('新老师报到是几号到几号');
    expect(sent.some((t) => t.includes('集中报到时间为8月25日至8月29日'))).toBe(true);
    expect(examples.find((e) => e.question.id === 'A1')!.unitLabels).toContain(1);
  });

  it('stop training with the reason when the endpoint does not answer, rather than train for the offline ones', async () => {
    stub.embeddingsStatus = 404;
    try {
      const config = settings({ EMBEDDINGS_BASE_URL: stub.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' });
      await expect(trainingEmbeddings(config, silentLogger())).rejects.toThrow(/^EMBEDDINGS_BASE_URL does not answer \(.+\); training needs the embeddings the bot will serve with/);
    } finally {
      stub.embeddingsStatus = 200;
    }
  });
});

describe('where a model for other embeddings may be written', () => {
  const shipped = 'models/answerer.json';

  it('not over the shipped model, which is the offline embeddings\' and which CI remakes', () => {
    expect(() => checkModelDestination(shipped, shipped, 'openai:bge-m3')).toThrow(ModelError);
    expect(() => checkModelDestination('./models/../models/answerer.json', shipped, 'openai:bge-m3')).toThrow(/write the one for openai:bge-m3 elsewhere .*ANSWER_MODEL_FILE/);
  });

  it('anywhere else, and the offline model over the shipped one', () => {
    expect(() => checkModelDestination('data/answerer.json', shipped, 'openai:bge-m3')).not.toThrow();
    expect(() => checkModelDestination(shipped, shipped, 'local-char-ngram-v1-512')).not.toThrow();
  });
});
