import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { savedFaqPath } from '../knowledge/saved-faq-path.js';
import type { Ticket } from './ticket-store.js';

export interface FaqEntry {
  ticket: Ticket;
  answer: string;
  /** The secretary as `channel:id`. */
  secretaryId: string;
  secretaryName?: string;
  /** "YYYY-MM-DD" in the office's time zone. */
  date: string;
}

// JSON strings are valid YAML double-quoted scalars, so any question text is safe as a title.
const yamlString = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

/** The FAQ document for an answered ticket: Markdown with front matter the knowledge loader reads. */
function faqMarkdown(e: FaqEntry): string {
  const title = e.ticket.question.replace(/\s+/g, ' ').trim();
  return [
    '---',
    `title: ${yamlString(title)}`,
    'category: general',
    `updated: ${e.date}`,
    `contact: ${yamlString(e.secretaryName ? `人事秘书 ${e.secretaryName}` : '人事秘书')}`,
    `secretary: ${yamlString(e.secretaryId)}`,
    `ticket: ${yamlString(e.ticket.id)}`,
    '---',
    '',
    `# ${title}`,
    '',
    `**问：${title}**`,
    '',
    `答：${e.answer.trim()}`,
    '',
  ].join('\n');
}

/**
 * Writes `faq/<date>-<ticket>.md` under the knowledge directory and returns its path
 * relative to it. Written to a temporary name first, so a reload never reads half a file.
 */
export async function writeFaq(knowledgeDir: string, e: FaqEntry): Promise<string> {
  const relative = savedFaqPath(e.date, e.ticket.id);
  const dir = join(knowledgeDir, dirname(relative));
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(relative)}.tmp`);
  await writeFile(tmp, faqMarkdown(e), 'utf8');
  await rename(tmp, join(knowledgeDir, relative));
  return relative;
}
