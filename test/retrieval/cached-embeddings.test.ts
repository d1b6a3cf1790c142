import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import { CachedEmbeddings } from '../../src/retrieval/cached-embeddings.js';
import { vectorSpace } from '../../src/retrieval/create-embeddings.js';
import { createApp, DEFAULT_MODEL_FILE } from '../../src/app.js';
import { CapturedLog, PROMPTS_DIR, startApp, Workspace } from '../answer/llm-fixture.js';
import { OpenAiStub } from '../answer/openai-stub.js';

const PROBE = '入职报到';

/**
 * An endpoint that records what it was asked. A text's vector is its length and first
 * character code unless `vectorOf` says otherwise; `drop` leaves vectors off the end of a batch.
 */
class RecordingEmbeddings extends Embeddings {
  readonly documents: string[][] = [];
  readonly queries: string[] = [];
  constructor(private readonly options: { drop?: number; vectorOf?: (text: string) => number[] } = {}) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documents.push(texts);
    return texts.slice(0, texts.length - (this.options.drop ?? 0)).map((t) => this.vectorOf(t));
  }
  async embedQuery(text: string): Promise<number[]> {
    this.queries.push(text);
    return this.vectorOf(text);
  }
  private vectorOf(text: string): number[] {
    return this.options.vectorOf?.(text) ?? [text.length, text.charCodeAt(0)];
  }
}

/** A cache file in a folder of its own, removed when the test ends. */
function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embeddings-cache-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cache', 'embeddings.db');
}

describe('the embeddings cache', () => {
  it('computes a text once: repeated in a batch, again in a later batch, or by a new cache on the same file', async () => {
    const file = cacheFile();
    const inner = new RecordingEmbeddings();
    const cache = new CachedEmbeddings({ inner, space: 'bge-m3@hr', file });
    const first = await cache.embedDocuments(['报到须知', '周转公寓', '报到须知']);
    expect(inner.documents).toEqual([['报到须知', '周转公寓']]);
    expect(first[2]).toEqual(first[0]);
    expect(cache.stats).toEqual({ cached: 1, embedded: 2 });

    expect(await cache.embedDocuments(['周转公寓', '安家费'])).toEqual([first[1], [3, '安'.charCodeAt(0)]]);
    expect(inner.documents.slice(1)).toEqual([['安家费']]);
    expect(cache.stats).toEqual({ cached: 2, embedded: 3 });

    const reopened = new RecordingEmbeddings();
    await new CachedEmbeddings({ inner: reopened, space: 'bge-m3@hr', file }).embedDocuments(['报到须知', '安家费']);
    expect(reopened.documents).toEqual([]);
  });

  it('gives back the stored vectors at the index\'s own precision (32-bit floats)', async () => {
    const file = cacheFile();
    const inner = new RecordingEmbeddings({ vectorOf: () => [0.1, -2.5] });
    await new CachedEmbeddings({ inner, space: 's', file }).embedDocuments(['校医院']);
    const [vector] = await new CachedEmbeddings({ inner, space: 's', file }).embedDocuments(['校医院']);
    expect(inner.documents).toHaveLength(1);
    expect(vector).toEqual([Math.fround(0.1), -2.5]);
  });

  it('keeps the vectors of another model apart', async () => {
    const file = cacheFile();
    await new CachedEmbeddings({ inner: new RecordingEmbeddings(), space: 'bge-m3@hr', file }).embedDocuments(['报到须知']);
    const other = new RecordingEmbeddings();
    await new CachedEmbeddings({ inner: other, space: 'bge-large-zh@hr', file }).embedDocuments(['报到须知']);
    expect(other.documents).toEqual([['报到须知']]);
  });

  it('keeps questions in memory only, each computed once', async () => {
    const file = cacheFile();
    const inner = new RecordingEmbeddings();
    const cache = new CachedEmbeddings({ inner, space: 's', file });
    expect(await cache.embedQuery('我的档案到了吗')).toEqual(await cache.embedQuery('我的档案到了吗'));
    expect(inner.queries).toEqual(['我的档案到了吗']);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses an endpoint that answers with fewer vectors than texts, and stores none of them', async () => {
    const file = cacheFile();
    const short = new CachedEmbeddings({ inner: new RecordingEmbeddings({ drop: 1 }), space: 's', file });
    await expect(short.embedDocuments(['报到须知', '周转公寓'])).rejects.toThrow('the embeddings endpoint returned 1 vectors for 2 texts');
    const inner = new RecordingEmbeddings();
    await new CachedEmbeddings({ inner, space: 's', file }).embedDocuments(['报到须知', '周转公寓']);
    expect(inner.documents).toEqual([['报到须知', '周转公寓']]);
  });
});

describe('the vector space of an embeddings id, as a model file records it', () => {
  it('leaves out the endpoint, and keeps a model name with an "@" whole', () => {
    expect(vectorSpace('openai:bge-m3@http://127.0.0.1:11434/v1')).toBe('openai:bge-m3');
    expect(vectorSpace('openai:@cf/baai/bge-m3@https://user:pw@gateway.example/v1')).toBe('openai:@cf/baai/bge-m3');
    expect(vectorSpace('local-char-ngram-v1-512')).toBe('local-char-ngram-v1-512');
  });
});

describe('remote embeddings', () => {
  let stub: OpenAiStub;
  let workspace: Workspace;
  const remote = (model = 'bge-m3'): ConfigInput => ({ embeddings: { baseUrl: stub.baseUrl, model } });
  /** Document texts the endpoint received while `run` ran (the start-up probe aside). */
  const embeddedDuring = async (run: () => Promise<unknown>): Promise<string[]> => {
    const before = stub.embeddingInputs.length;
    await run();
    return stub.embeddingInputs.slice(before).filter((t) => t !== PROBE);
  };

  beforeAll(async () => {
    stub = await OpenAiStub.start();
    workspace = await Workspace.create();
  });
  afterAll(async () => {
    await stub.close();
    await workspace.remove();
  });

  it('index with the endpoint, and a rebuild re-embeds only the chunks that changed', async () => {
    let app = await startApp(workspace, remote());
    let chunks = app.knowledge.current().chunks.length;
    try {
      expect(app.knowledge.embeddingsId).toMatch(/^openai:bge-m3@http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(app.knowledge.current().manifest.dimensions).toBe(96);
      expect(stub.embeddingInputs.filter((t) => t !== PROBE).length).toBe(chunks);
      expect((await app.ask({ text: '周转公寓最长能住几年？', userId: 'e1' })).reply).toContain('3年');
    } finally {
      await app.close();
    }

    await rm(join(workspace.dataDir, 'index'), { recursive: true });
    expect(
      await embeddedDuring(async () => {
        app = await startApp(workspace, remote());
      }),
    ).toEqual([]);
    try {
      expect(app.knowledge.current().chunks.length).toBe(chunks);
      await appendFile(join(workspace.knowledgeDir, 'checkin/checkin_notice_2025.md'), '\n\n## 七、补充说明\n\n报到当天请提前十分钟到场。\n');
      const changed = await embeddedDuring(async () => expect((await app.reload()).changed).toEqual(['checkin/checkin_notice_2025.md']));
      chunks = app.knowledge.current().chunks.length;
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.length).toBeLessThan(chunks / 4);
      expect(changed.some((t) => t.includes('提前十分钟'))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('switching the model rebuilds the index, and the log says so', async () => {
    const log = new CapturedLog();
    let chunks = 0;
    const embedded = await embeddedDuring(async () => {
      const app = await startApp(workspace, remote('bge-large-zh'), { logger: log.logger });
      chunks = app.knowledge.current().chunks.length;
      await app.close();
    });
    expect(embedded.length).toBe(chunks);
    expect(log.lines.find((l) => /embedding model changed/.test(l.msg ?? ''))).toMatchObject({
      previous: expect.stringContaining('openai:bge-m3@'),
      current: expect.stringContaining('openai:bge-large-zh@'),
    });
  });

  it('an endpoint that does not answer at start leaves the bot on the offline embeddings, said clearly', async () => {
    const log = new CapturedLog();
    stub.embeddingsStatus = 404;
    try {
      const app = await startApp(workspace, remote(), { logger: log.logger });
      try {
        expect(app.knowledge.embeddingsId).toMatch(/^local-/);
        expect(log.lines.find((l) => /EMBEDDINGS_BASE_URL does not answer/.test(l.msg ?? ''))).toMatchObject({ level: 50 });
        // The shipped model was trained with the offline embeddings the bot fell back to.
        expect(log.count(/trained with other embeddings/)).toBe(0);
        expect((await app.ask({ text: '周转公寓最长能住几年？', userId: 'e2' })).reply).toContain('3年');
      } finally {
        await app.close();
      }
    } finally {
      stub.embeddingsStatus = 200;
    }
  });

  it('warns that the shipped model is not calibrated for remote embeddings, and ANSWER_MODEL_FILE names one trained for them', async () => {
    const log = new CapturedLog();
    let app = await startApp(workspace, remote(), { logger: log.logger });
    await app.close();
    expect(app.embeddingSpaces).toEqual({ model: 'local-char-ngram-v1-512', serving: 'openai:bge-m3' });
    expect(log.lines.find((l) => /trained with other embeddings/.test(l.msg ?? ''))).toMatchObject({
      level: 40,
      trainedWith: 'local-char-ngram-v1-512',
      servingWith: 'openai:bge-m3',
    });

    // The shipped model relabelled stands for one `npm run train -- --out` made under the same settings.
    const file = join(workspace.root, 'answerer-bge-m3.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(DEFAULT_MODEL_FILE, 'utf8')), embeddings: 'openai:bge-m3' }));
    const quiet = new CapturedLog();
    const env = { ANSWER_MODEL_FILE: file, EMBEDDINGS_BASE_URL: stub.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' };
    app = await createApp({ knowledgeDir: workspace.knowledgeDir, dataDir: workspace.dataDir, env, promptsDir: PROMPTS_DIR, logger: quiet.logger });
    try {
      expect(app.embeddingSpaces).toEqual({ model: 'openai:bge-m3', serving: 'openai:bge-m3' });
      expect(quiet.count(/trained with other embeddings/)).toBe(0);
      expect((await app.ask({ text: '周转公寓最长能住几年？', userId: 'e3' })).reply).toContain('3年');
    } finally {
      await app.close();
    }
  });
});
