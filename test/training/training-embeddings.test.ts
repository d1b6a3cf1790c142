import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ModelError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/logging/logger.js';
import { corpusExamples } from '../../src/training/dataset.js';
import { trainingConfig, trainingEmbeddings } from '../../src/training/training-embeddings.js';
import { OpenAiStub } from '../answer/openai-stub.js';
import { CAMPUSES, withTinyCorpora } from './tiny-corpora.js';

describe('the embeddings training prepares the corpora with', () => {
  let stub: OpenAiStub;
  let dataDir: string;
  beforeAll(async () => {
    stub = await OpenAiStub.start();
    dataDir = await mkdtemp(join(tmpdir(), 'training-embeddings-'));
  });
  afterAll(async () => {
    await stub.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const settings = (env: Record<string, string> = {}) => loadConfig({ env: { DATA_DIR: dataDir, ...env } });
  const remote = () => settings({ EMBEDDINGS_BASE_URL: stub.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' });
  const examplesWith = (choice: Awaited<ReturnType<typeof trainingEmbeddings>>['choice']) =>
    withTinyCorpora(CAMPUSES.slice(0, 1), ([corpus]) => corpusExamples(corpus!, 8, choice));

  it('are the offline ones unless EMBEDDINGS_BASE_URL is set', async () => {
    expect((await trainingEmbeddings(settings(), silentLogger())).space).toBe('local-char-ngram-v1-512');
  });

  it('are the endpoint the bot will serve with, which embeds every chunk and question of the corpus', async () => {
    const embeddings = await trainingEmbeddings(remote(), silentLogger());
    expect(embeddings.space).toBe('openai:bge-m3');
    const before = stub.embeddingInputs.length;
    const examples = await examplesWith(embeddings.choice);
    const sent = stub.embeddingInputs.slice(before);
    expect(sent).toContain('新老师报到是几号到几号');
    expect(sent.some((t) => t.includes('集中报到时间为8月25日至8月29日'))).toBe(true);
    expect(examples.find((e) => e.question.id === 'A1')!.unitLabels).toContain(1);
    expect(() => embeddings.assertAnswered()).not.toThrow();
  });

  it('stop training with the reason when the endpoint does not answer, rather than train for the offline ones', async () => {
    stub.embeddingsStatus = 404;
    try {
      await expect(trainingEmbeddings(remote(), silentLogger())).rejects.toThrow(
        /^EMBEDDINGS_BASE_URL does not answer \([^\n]+\); training needs the embeddings the bot will serve with/,
      );
    } finally {
      stub.embeddingsStatus = 200;
    }
  });

  it('stop training when the endpoint fails midway, though the retriever carried on without vectors', async () => {
    // A first run caches the chunks' vectors; in the second every question fails to embed.
    await examplesWith((await trainingEmbeddings(remote(), silentLogger())).choice);
    const embeddings = await trainingEmbeddings(remote(), silentLogger());
    stub.embeddingsStatus = 404;
    try {
      const examples = await examplesWith(embeddings.choice);
      expect(examples).toHaveLength(10);
      expect(() => embeddings.assertAnswered()).toThrow(ModelError);
      expect(() => embeddings.assertAnswered()).toThrow(/^the embeddings endpoint failed during training \([^\n]+\); nothing was written/);
    } finally {
      stub.embeddingsStatus = 200;
    }
  });
});

describe('the settings a model is trained with', () => {
  const shipped = 'models/answerer.json';
  const env = { EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1', EMBEDDINGS_MODEL: 'bge-m3' };

  it('are the defaults for the shipped model, whatever the shell sets, and the trainer is told what was ignored', () => {
    const { config, note } = trainingConfig('./models/../models/answerer.json', shipped, env);
    expect(config.embeddings.baseUrl).toBeUndefined();
    expect(note).toMatch(/shipped model, trained with the defaults: EMBEDDINGS_BASE_URL ignored; .*--out FILE .*ANSWER_MODEL_FILE/);
    expect(trainingConfig(shipped, shipped, {}).note).toBeUndefined();
  });

  it("are the deployment's for any other model file", () => {
    const { config, note } = trainingConfig('data/answerer.json', shipped, env);
    expect(config.embeddings).toMatchObject({ baseUrl: 'http://127.0.0.1:9/v1', model: 'bge-m3' });
    expect(note).toBeUndefined();
  });
});
