import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { AskInput, AskOutput } from '../core/types.js';

/** One input line of `ask`: plain text, or this JSON object. */
const askLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  text: z.string({ message: 'expected "text" to be a string' }).trim().min(1, 'expected a non-empty "text"'),
  history: z.array(z.string()).default([]),
  user: z.string().optional(),
});

export type ParsedLine = { ok: true; input: AskInput } | { ok: false; id: string; error: string };

function parseAskLine(line: string, lineNumber: number): ParsedLine {
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

/** Longest line `ask` reads, in characters; a longer one is answered with an error, never held whole. */
export const MAX_LINE_CHARS = 16_384;

/**
 * Lines of a stream split on "\n" only ("\r\n" ends a line too; a lone "\r" inside a line is
 * a space, not a break). Written here because readline splits on a lone "\r" and holds a line
 * of any length in memory; this keeps at most MAX_LINE_CHARS of one.
 */
async function* readLines(input: Readable): AsyncGenerator<{ text: string; tooLong: boolean }> {
  let line = '';
  let tooLong = false;
  const take = (piece: string) => {
    if (tooLong) return;
    if (line.length + piece.length > MAX_LINE_CHARS) {
      tooLong = true;
      line = '';
    } else line += piece;
  };
  const emit = () => {
    const out = { text: line.replace(/\r$/, '').replace(/\r/g, ' '), tooLong };
    line = '';
    tooLong = false;
    return out;
  };
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    const parts = chunk.split('\n');
    for (let i = 0; i < parts.length - 1; i++) {
      take(parts[i]!);
      yield emit();
    }
    take(parts[parts.length - 1]!);
  }
  if (line !== '' || tooLong) yield emit();
}

/**
 * The `ask` contract: questions on `input`, one a line, one JSON answer a line on `output`,
 * in order. Every line gets a line back: a bad, blank or over-long one an `error` line, and
 * the run goes on.
 */
export async function runAskLines(
  ask: (input: AskInput) => Promise<AskOutput>,
  input: Readable,
  output: Writable,
): Promise<{ answered: number; errors: number }> {
  let lineNumber = 0;
  let answered = 0;
  let errors = 0;
  const fail = (id: string, error: string) => {
    errors++;
    output.write(`${JSON.stringify({ id, error })}\n`);
  };
  for await (const { text: line, tooLong } of readLines(input)) {
    lineNumber++;
    if (tooLong) {
      fail(String(lineNumber), `line ${lineNumber} is longer than ${MAX_LINE_CHARS} characters`);
      continue;
    }
    if (!line.trim()) {
      fail(String(lineNumber), `line ${lineNumber} is empty; expected a question or a JSON object`);
      continue;
    }
    const parsed = parseAskLine(line, lineNumber);
    if (!parsed.ok) {
      fail(parsed.id, parsed.error);
      continue;
    }
    try {
      const result = await ask(parsed.input);
      answered++;
      const { ticketId: _ticketId, ...contract } = result;
      output.write(`${JSON.stringify(contract)}\n`);
    } catch (error) {
      fail(parsed.input.id ?? String(lineNumber), (error as Error).message);
    }
  }
  return { answered, errors };
}
