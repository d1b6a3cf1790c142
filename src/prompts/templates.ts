import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateError } from '../core/errors.js';

/**
 * Every sentence users read comes from a file in prompts/, so an HR office can reword it
 * without touching code. Each template lists the placeholders it must contain.
 * Add new templates here; the loader checks them all at start.
 */
export const TEMPLATE_SPECS = {
  answer: ['answer', 'sources'],
  'escalate-low-confidence': ['ticket'],
  'escalate-no-match': ['ticket'],
  'escalate-human-request': ['ticket'],
  'escalate-personal-case': ['ticket'],
  'escalate-complaint': ['ticket'],
  'office-hours-note': ['next'],
  help: [],
  'help-staff': [],
  thanks: [],
  'text-only': [],
  'too-long': ['max'],
  'rate-limited': [],
  apology: [],
  'still-open': ['ticket'],
  none: [],
  'secretary-notice': ['ticket', 'reason', 'asker', 'question', 'history', 'candidates', 'draft', 'use_draft'],
  'notice-use-draft': ['ticket'],
  'relay-to-asker': ['question', 'answer', 'ticket', 'secretary'],
  'answer-confirmed': ['ticket', 'asker'],
  'relay-pending': ['ticket', 'asker', 'channel'],
  'relay-retrying': ['ticket', 'asker', 'channel'],
  'relay-failed': ['ticket', 'asker', 'reason'],
  'notice-digest': ['count', 'list'],
  'tickets-undeliverable': ['count', 'list'],
  'faq-saved': ['path'],
  'ticket-closed': ['ticket'],
  'ticket-not-found': ['ticket'],
  'ticket-not-open': ['ticket', 'by', 'at'],
  'ticket-answer-missing': ['ticket'],
  'ticket-no-draft': ['ticket'],
  'ticket-draft-gone': ['ticket'],
  'ticket-claimed': ['ticket', 'by', 'at'],
  'ticket-taken-over': ['ticket', 'by', 'at'],
  'suggested-reply': ['answer', 'sources'],
  reminder: ['ticket', 'hours', 'asker', 'question'],
  'reload-report': ['seconds', 'added', 'changed', 'removed', 'documents', 'skipped', 'chunks', 'warnings'],
  'reload-warnings': ['list'],
  'reload-failed': ['error', 'list'],
  'not-allowed': [],
  'chat-examples': [],
  'document-html-too-deep': ['depth', 'max'],
  'unknown-command': ['command', 'commands'],
  'tickets-list': ['count', 'list'],
  'tickets-none': [],
  stats: ['today_total', 'today_answered', 'today_escalated', 'week_total', 'week_answered', 'week_escalated', 'open_tickets', 'days', 'unanswered'],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof TEMPLATE_SPECS;

export interface Templates {
  render(name: TemplateName, values: Record<string, string | number>): string;
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Loads `<dir>/<name>.txt` for every known template and checks its placeholders. */
export function loadTemplates(dir: string, specs: Record<string, readonly string[]> = TEMPLATE_SPECS): Templates {
  const files = new Set(readdirSafe(dir));
  const texts = new Map<string, string>();
  for (const [name, required] of Object.entries(specs)) {
    const file = `${name}.txt`;
    if (!files.has(file)) throw new TemplateError(`${join(dir, file)} is missing; it holds the "${name}" message`);
    const text = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n').trim();
    const present = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
    const missing = required.filter((p) => !present.has(p));
    if (missing.length) {
      throw new TemplateError(`${join(dir, file)} lacks ${missing.map((p) => `{{${p}}}`).join(', ')}; the message needs it`);
    }
    texts.set(name, text);
  }
  return {
    render(name, values) {
      const text = texts.get(name);
      if (text === undefined) throw new TemplateError(`unknown template "${name}"`);
      return text
        .replace(PLACEHOLDER, (_, key: string) => (values[key] === undefined ? '' : String(values[key])))
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    },
  };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (cause) {
    throw new TemplateError(`prompts directory ${dir} cannot be read`, { cause });
  }
}

/** Prompts for the language model; loaded only when one is configured. */
const LLM_PROMPT_SPECS = {
  'llm-system': [],
  'llm-answer': ['passages', 'question'],
  'llm-rewrite': ['history', 'question'],
  'llm-polish': ['question', 'draft', 'sources'],
} as const satisfies Record<string, readonly string[]>;

export type LlmPromptName = keyof typeof LLM_PROMPT_SPECS;

export interface LlmPrompts {
  render(name: LlmPromptName, values: Record<string, string | number>): string;
}

/** Loads and checks the LLM prompts, failing with the file's name like `loadTemplates`. */
export function loadLlmPrompts(dir: string): LlmPrompts {
  const loaded = loadTemplates(dir, LLM_PROMPT_SPECS);
  // The loader keys texts by whatever spec it was given; only the render signature is narrower.
  return { render: (name, values) => loaded.render(name as unknown as TemplateName, values) };
}
