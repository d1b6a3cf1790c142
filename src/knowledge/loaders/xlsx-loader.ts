import readXlsxFile from 'read-excel-file/node';
import { DocumentError } from '../../core/errors.js';
import type { LoadedContent } from '../types.js';
import { coreProperties, tableLines } from './office-text.js';
import { openZip } from './zip-archive.js';

type Cell = string | number | boolean | Date | null | typeof Date;

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * A sheet often opens with a caption in one merged cell ("2025年周转房租金表") above the real
 * header row; such leading one-cell rows are kept as text, and the table starts after them.
 */
function sheetLines(rows: string[][]): string[] {
  const filled = (row: string[]) => row.filter((cell) => cell !== '').length;
  const nonEmpty = rows.filter((row) => filled(row) > 0);
  let start = 0;
  while (start < nonEmpty.length - 1 && filled(nonEmpty[start]!) === 1) start++;
  const captions = nonEmpty.slice(0, start).map((row) => row.find((cell) => cell !== '')!);
  return [...captions, ...(captions.length ? [''] : []), ...tableLines(nonEmpty.slice(start))];
}

/** A workbook: each sheet a `##` section, its rows a table whose first row names the columns. */
export async function loadXlsx(path: string, bytes: Buffer): Promise<LoadedContent> {
  const entries = openZip(path, bytes);
  if (!entries.has('xl/workbook.xml')) throw new DocumentError(path, undefined, 'file is not an Excel workbook (no xl/workbook.xml inside)');
  let sheets: Array<{ sheet: string; data: Cell[][] }>;
  try {
    sheets = (await readXlsxFile(bytes, { trim: true })) as Array<{ sheet: string; data: Cell[][] }>;
  } catch (cause) {
    throw new DocumentError(path, undefined, `Excel workbook cannot be read: ${(cause as Error).message}`, { cause });
  }
  const sections = sheets
    .map(({ sheet, data }) => ({ sheet, lines: sheetLines(data.map((row) => row.map(cellText))) }))
    .filter((s) => s.lines.length > 0)
    .map((s) => `## ${s.sheet}\n\n${s.lines.join('\n')}`);
  const meta = coreProperties(entries.get('docProps/core.xml'));
  return { format: 'xlsx', title: meta.title, updated: meta.updated, body: sections.join('\n\n'), bodyLine: 1 };
}
