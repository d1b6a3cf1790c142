import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalEmbeddings } from '../../src/retrieval/local-embeddings.js';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

/** How the stub answers one chat completion. */
export type ChatReply =
  | { content: string }
  | { status: number; error?: string }
  /** Never answers; the request hangs until the stub closes. */
  | { stall: true };

/** A passage as the answer prompt presents it to the model. */
export interface PromptPassage {
  id: number;
  source: string;
  text: string;
}

/**
 * An OpenAI-compatible server on loopback: `POST /v1/chat/completions` answers as the test
 * scripts it, `POST /v1/embeddings` with offline vectors, and both record what they received.
 */
export class OpenAiStub {
  readonly chats: ChatRequest[] = [];
  readonly embeddingInputs: string[] = [];
  script: (request: ChatRequest) => ChatReply = () => ({ status: 500 });
  embeddingsStatus = 200;
  private readonly vectors = new LocalEmbeddings({ dimensions: 96 });
  private readonly server = createServer((req, res) => void this.route(req, res));

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  static async start(): Promise<OpenAiStub> {
    const stub = new OpenAiStub();
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const part of req) raw += String(part);
    const body = JSON.parse(raw) as Record<string, unknown>;
    if (req.method === 'POST' && req.url === '/v1/chat/completions') return this.chat(body as unknown as ChatRequest, res);
    if (req.method === 'POST' && req.url === '/v1/embeddings') return this.embed(body, res);
    send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
  }

  private chat(request: ChatRequest, res: ServerResponse): void {
    this.chats.push(request);
    let reply: ChatReply;
    try {
      reply = this.script(request);
    } catch (error) {
      // A script that cannot find what it looks for fails the request, which the test then sees.
      reply = { status: 418, error: String(error) };
    }
    if ('stall' in reply) return;
    if ('status' in reply) return send(res, reply.status, { error: { message: reply.error ?? 'scripted failure', type: 'server_error' } });
    send(res, 200, {
      id: `chatcmpl-${this.chats.length}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }

  private embed(body: Record<string, unknown>, res: ServerResponse): void {
    if (this.embeddingsStatus !== 200) return send(res, this.embeddingsStatus, { error: { message: 'scripted failure' } });
    const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
    this.embeddingInputs.push(...inputs);
    send(res, 200, {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: this.vectors.embedSync(text) })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** True for the follow-up rewriting call, false for the answering call. */
export function isRewrite(request: ChatRequest): boolean {
  return request.messages.some((m) => m.content.includes('<history>'));
}

export function systemPromptOf(request: ChatRequest): string {
  return request.messages.find((m) => m.role === 'system')?.content ?? '';
}

export function userPromptOf(request: ChatRequest): string {
  return request.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
}

/** The numbered passages the answer prompt carries. */
export function passagesOf(request: ChatRequest): PromptPassage[] {
  const out: PromptPassage[] = [];
  for (const m of userPromptOf(request).matchAll(/<passage id="(\d+)">\n来源：(.*)\n([\s\S]*?)\n<\/passage>/g)) {
    out.push({ id: Number(m[1]), source: m[2]!, text: m[3]! });
  }
  return out;
}

/** The question block of the answer prompt. */
export function questionOf(request: ChatRequest): string {
  return /<question>\n([\s\S]*?)\n<\/question>/.exec(userPromptOf(request))?.[1] ?? '';
}

/** A model reply in the shape the answer prompt asks for. */
export function result(answer: string, citations: number[], sufficient = true): ChatReply {
  return { content: JSON.stringify({ answer, citations, sufficient }) };
}
