import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { AskInput, AskOutput } from '../core/types.js';

/** One input line of `ask`: plain text, or this JSON object. */
export const askLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  text: z.string({ message: 'expected "text" to be a string' }).trim().min(1, 'expected a non-empty "text"'),
  history: z.array(z.string()).default([]),
  user: z.string().optional(),
});

export type ParsedLine = { ok: true; input: AskInput } | { ok: false; id: string; error: string };

export function parseAskLine(line: string, lineNumber: number): ParsedLine {
  const trimmed = line.trim();
  const fallbackId = String(lineNumber);
  if (!trimmed.startsWith('{')) return { ok: true, input: { id: fallbackId, text: trimmed, history: [] } };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, id: fallbackId, error: `line ${lineNumber} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = askLineSchema.safeParse(json);
  if (!parsed.success) {
    const rawId = (json as { id?: unknown })?.id;
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      id: typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : fallbackId,
      error: `line ${lineNumber}: ${issue.path.length ? `"${issue.path.join('.')}": ` : ''}${issue.message}`,
    };
  }
  const { id, text, history, user } = parsed.data;
  return { ok: true, input: { id: id ?? fallbackId, text, history, userId: user, channel: 'cli' } };
}

/**
 * The `ask` contract: questions on `input`, one a line, one JSON answer a line on `output`,
 * in order. A bad line gets an `error` line and the run goes on.
 */
export async function runAskLines(
  ask: (input: AskInput) => Promise<AskOutput>,
  input: Readable,
  output: Writable,
): Promise<{ answered: number; errors: number }> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let answered = 0;
  let errors = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    const parsed = parseAskLine(line, lineNumber);
    if (!parsed.ok) {
      errors++;
      output.write(`${JSON.stringify({ id: parsed.id, error: parsed.error })}\n`);
      continue;
    }
    try {
      const result = await ask(parsed.input);
      answered++;
      const { ticketId: _ticketId, ...contract } = result;
      output.write(`${JSON.stringify(contract)}\n`);
    } catch (error) {
      errors++;
      output.write(`${JSON.stringify({ id: parsed.input.id, error: (error as Error).message })}\n`);
    }
  }
  return { answered, errors };
}
