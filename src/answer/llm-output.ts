import { z } from 'zod';
import { OnboardingError } from '../core/errors.js';

/** The model's reply could not be read as the result the answer prompt asks for. */
export class LlmOutputError extends OnboardingError {}

/** What the answer prompt asks the model to return. */
const llmResultSchema = z.object({
  answer: z.string(),
  // Some models quote numbers ("1"); the passage still has to exist, which is checked later.
  citations: z.array(z.coerce.number().int()),
  sufficient: z.boolean(),
});

export type LlmResult = z.infer<typeof llmResultSchema>;

// Reasoning models (DeepSeek-R1, Qwen3 …) may think aloud before the answer.
const THINKING = /<think>[\s\S]*?<\/think>/gi;
const FENCE = /```(?:json|JSON)?\s*([\s\S]*?)```/;

/** Reads the JSON result from a reply, tolerating a ```json fence, a thinking block or words around it. */
export function parseLlmResult(reply: string): LlmResult {
  const text = reply.replace(THINKING, '').trim();
  const fenced = FENCE.exec(text)?.[1];
  const body = fenced ?? text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new LlmOutputError('the model did not return JSON', { cause });
  }
  const parsed = llmResultSchema.safeParse(json);
  if (!parsed.success) throw new LlmOutputError(`the model returned JSON of the wrong shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The stand-alone question from a rewrite reply: its first line, without quotes or a label. */
export function parseRewrite(reply: string, original: string): string {
  const line = reply
    .replace(THINKING, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  const question = (line ?? '')
    .replace(/^(?:改写后的问题|改写|独立问题|问题)\s*[:：]\s*/, '')
    .replace(/^["“「『]+|["”」』]+$/g, '')
    .trim();
  // A rewrite far longer than a question is the model answering or rambling, not rewriting.
  return question === '' || question.length > 200 ? original : question;
}
