import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import type { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import { CachedEmbeddings } from './cached-embeddings.js';
import { LocalEmbeddings } from './local-embeddings.js';

/** An embeddings model and the name of its vector space (stored with the index). */
export interface EmbeddingsChoice {
  embeddings: Embeddings;
  id: string;
  /** How to make the same model in a worker thread (index builds run there); absent, builds run in this thread. */
  spec?: EmbeddingsSpec;
}

/** Plain data naming an embeddings model, to send to a worker thread. */
export type EmbeddingsSpec =
  | { kind: 'local' }
  | { kind: 'remote'; config: Config['embeddings']; baseUrl: string; cacheFile: string };

export interface EmbeddingsPlaces {
  /** Where the index snapshot lives, to tell when the embedding model changed. */
  indexDir: string;
  /** SQLite file caching remote document vectors. */
  cacheFile: string;
}

// A short text sent once at start, to learn whether the endpoint answers before indexing with it.
const PROBE = '入职报到';

/**
 * The offline embeddings by default; an OpenAI-compatible endpoint, behind an on-disk cache,
 * when `EMBEDDINGS_BASE_URL` is set. An endpoint that does not answer at start is replaced by
 * the offline embeddings for this run, so the bot always has an index.
 */
export async function createEmbeddings(config: Config['embeddings'], log: Logger, places: EmbeddingsPlaces): Promise<EmbeddingsChoice> {
  const choice = config.baseUrl ? await remoteOrLocal(config, config.baseUrl, log, places) : local();
  const previous = await previousEmbeddingsId(places.indexDir);
  if (previous !== undefined && previous !== choice.id) {
    log.info({ previous, current: choice.id }, 'embedding model changed; the index will be rebuilt with the new one');
  }
  return choice;
}

function local(): EmbeddingsChoice {
  const embeddings = new LocalEmbeddings();
  return { embeddings, id: embeddings.id, spec: { kind: 'local' } };
}

// The client library is loaded only for a remote model: it costs about 40 MB that offline embeddings do not need.
async function remoteModel(config: Config['embeddings'], baseUrl: string): Promise<OpenAIEmbeddings> {
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  return new OpenAIEmbeddings({
    model: config.model,
    apiKey: config.apiKey || 'not-needed',
    timeout: config.timeoutMs,
    maxRetries: 2,
    // The client asks for base64 by default, which not every compatible server speaks.
    encodingFormat: 'float',
    configuration: { baseURL: baseUrl },
  });
}

const remoteId = (config: Config['embeddings'], baseUrl: string) => `openai:${config.model}@${baseUrl}`;

/**
 * The vector space an embeddings id names, without the endpoint that served it: the same model
 * behind another address gives the same vectors, and a model file must not hold an address.
 * The address starts with its scheme; a model's own name may hold an "@" ("@cf/baai/bge-m3").
 */
export function vectorSpace(id: string): string {
  return id.replace(/@https?:\/\/.*$/, '');
}

/** The model a spec names, without probing it (the thread that chose it already did). */
export async function embeddingsFromSpec(spec: EmbeddingsSpec, log: Logger): Promise<EmbeddingsChoice> {
  if (spec.kind === 'local') return local();
  const id = remoteId(spec.config, spec.baseUrl);
  const inner = await remoteModel(spec.config, spec.baseUrl);
  return { embeddings: new CachedEmbeddings({ inner, space: id, file: spec.cacheFile, log: log.child({ module: 'embeddings' }) }), id, spec };
}

/** Embeds one short text; why it failed, or undefined when the endpoint answered. */
export async function probeEmbeddings(embeddings: Embeddings): Promise<string | undefined> {
  try {
    await embeddings.embedQuery(PROBE);
    return undefined;
  } catch (error) {
    return failureReason(error);
  }
}

/** An endpoint's failure as a person reads it: its first line (client libraries append troubleshooting links), keys scrubbed. */
export function failureReason(error: unknown): string {
  return scrubKeys((error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim());
}

async function remoteOrLocal(config: Config['embeddings'], baseUrl: string, log: Logger, places: EmbeddingsPlaces): Promise<EmbeddingsChoice> {
  const failure = await probeEmbeddings(await remoteModel(config, baseUrl));
  if (failure !== undefined) {
    const fallback = local();
    log.error(
      { model: config.model, err: failure, using: fallback.id },
      'EMBEDDINGS_BASE_URL does not answer; indexing with the offline embeddings for this run. Check EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL, then restart',
    );
    return fallback;
  }
  log.info({ model: config.model }, 'using remote embeddings');
  return embeddingsFromSpec({ kind: 'remote', config, baseUrl, cacheFile: places.cacheFile }, log);
}

// Some servers echo the key they refused; logs never hold one.
function scrubKeys(message: string): string {
  return message.replace(/(sk-|Bearer\s+)[\w.-]{4,}/gi, '$1***');
}

async function previousEmbeddingsId(indexDir: string): Promise<string | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(indexDir, 'manifest.json'), 'utf8'));
    const id = typeof manifest === 'object' && manifest !== null ? (manifest as { embeddingsId?: unknown }).embeddingsId : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
