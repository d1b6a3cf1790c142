import { settingsTable, type Setting } from './settings-table.js';

/** The README lines between these markers are written by `npm run config-table`. */
export const TABLE_START = '<!-- config-table: made by `npm run config-table` from src/config/schema.ts -->';
export const TABLE_END = '<!-- /config-table -->';

function defaultCell(setting: Setting): string {
  if (setting.defaultText) return setting.defaultText;
  const value = setting.defaultValue;
  if (value === undefined) return '—';
  if (Array.isArray(value) && value.length === 0) return '—';
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return '—';
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The Markdown table of every setting: key, environment variable, default, meaning. */
export function configTable(rows: Setting[] = settingsTable()): string {
  const lines = ['| key | env | default | meaning |', '| --- | --- | --- | --- |'];
  for (const row of rows) {
    lines.push(`| \`${row.key}\` | ${row.env ? `\`${row.env}\`` : '—'} | ${defaultCell(row)} | ${row.meaning.replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n');
}

/** The README with its configuration table replaced by `table`; throws when the markers are missing. */
export function withConfigTable(readme: string, table: string = configTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README has no configuration table markers (${TABLE_START} … ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
