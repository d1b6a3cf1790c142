import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import { CapturedLog, startApp, Workspace } from '../answer/llm-fixture.js';
import { OpenAiStub } from '../answer/openai-stub.js';

const PROBE = '入职报到';

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
        expect((await app.ask({ text: '周转公寓最长能住几年？', userId: 'e2' })).reply).toContain('3年');
      } finally {
        await app.close();
      }
    } finally {
      stub.embeddingsStatus = 200;
    }
  });
});
