import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILE } from '../../src/app.js';
import { AnswerModel } from '../../src/answer/answer-model.js';
import { servingModel } from '../../src/answer/serving-model.js';
import { CapturedLog } from './llm-fixture.js';

const OFFLINE = 'local-char-ngram-v1-512';
const REMOTE = 'openai:bge-m3';
const NOT_CALIBRATED = /trained with other embeddings, so its confidence is not calibrated/;
const REPLACED = /ANSWER_MODEL_FILE is a model for other embeddings than those serving; the shipped model/;

describe('the answer model served with the embeddings in use', () => {
  let dir: string;
  let forRemote: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serving-model-'));
    // The shipped model relabelled stands for one `npm run train -- --out` made for bge-m3.
    forRemote = join(dir, 'answerer-bge-m3.json');
    await writeFile(forRemote, JSON.stringify({ ...JSON.parse(await readFile(DEFAULT_MODEL_FILE, 'utf8')), embeddings: REMOTE }));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const serve = (options: { file?: string; serving: string; given?: AnswerModel }) => {
    const log = new CapturedLog();
    const model = servingModel({ ...options, shipped: DEFAULT_MODEL_FILE, log: log.logger });
    return { model, log };
  };

  it('is the shipped one with the offline embeddings, without a word', () => {
    const { model, log } = serve({ serving: OFFLINE });
    expect(model.file.embeddings).toBe(OFFLINE);
    expect(log.lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('is the shipped one with remote embeddings too, with a warning naming both', () => {
    const { model, log } = serve({ serving: REMOTE });
    expect(model.file.embeddings).toBe(OFFLINE);
    expect(log.lines.find((l) => NOT_CALIBRATED.test(l.msg ?? ''))).toMatchObject({ level: 40, trainedWith: OFFLINE, servingWith: REMOTE });
  });

  it('is the deployment\'s model when it was trained for the embeddings serving', () => {
    const { model, log } = serve({ file: forRemote, serving: REMOTE });
    expect(model.file.embeddings).toBe(REMOTE);
    expect(log.lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('is the shipped one, said so, when the endpoint did not answer and the bot fell back to the offline embeddings', () => {
    const { model, log } = serve({ file: forRemote, serving: OFFLINE });
    expect(model.file.embeddings).toBe(OFFLINE);
    expect(log.lines.find((l) => REPLACED.test(l.msg ?? ''))).toMatchObject({ level: 40, trainedWith: REMOTE, servingWith: OFFLINE });
    expect(log.count(NOT_CALIBRATED)).toBe(0);
  });

  it('is the one the caller gave, whatever it was trained with, with the warning', () => {
    const given = AnswerModel.read(forRemote);
    const { model, log } = serve({ given, file: forRemote, serving: OFFLINE });
    expect(model).toBe(given);
    expect(log.count(NOT_CALIBRATED)).toBe(1);
  });
});
