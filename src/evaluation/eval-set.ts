import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { OnboardingError } from '../core/errors.js';

/** One question of an evaluation set (the schema of shared/eval/sample/questions.jsonl). */
export const evalQuestionSchema = z.object({
  id: z.string(),
  text: z.string().min(1),
  history: z.array(z.string()).optional(),
  expect: z.enum(['answer', 'escalate']),
  docs: z.array(z.string()).default([]),
  facts: z.array(z.string()).default([]),
  topic: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

class EvalSetError extends OnboardingError {}

export async function readEvalSet(file: string): Promise<EvalQuestion[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new EvalSetError(`cannot read the question set ${file}`, { cause });
  }
  const questions: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new EvalSetError(`${file}:${i + 1}: not valid JSON`, { cause });
    }
    const parsed = evalQuestionSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new EvalSetError(`${file}:${i + 1}: "${issue.path.join('.')}": ${issue.message}`);
    }
    questions.push(parsed.data);
  });
  return questions;
}

/** The comparison the eval set prescribes: NFKC, no white space, one kind of dash. */
export function normalizeForFacts(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D~～]/g, '-');
}

/** True when the text states one of an answerable question's facts, by the eval set's comparison. */
export function carriesFact(question: EvalQuestion, text: string | undefined): boolean {
  if (question.expect !== 'answer' || text === undefined) return false;
  const normal = normalizeForFacts(text);
  return question.facts.some((f) => normal.includes(normalizeForFacts(f)));
}
