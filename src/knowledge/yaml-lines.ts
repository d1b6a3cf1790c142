/**
 * YAML parsers report an unclosed quote or bracket where the text ran out, often the end
 * of the front matter. People look for the line where they opened it: the last line at or
 * before `reported` (1-based, in `text`) that leaves `open` unbalanced.
 */
export function openingLine(text: string, reported: number, reason: string): number {
  const open = /double quoted/i.test(reason) || /"quote/.test(reason) ? '"' : /single quoted|'quote/i.test(reason) ? "'" : /flow collection|\]/i.test(reason) ? '[' : undefined;
  if (!open) return reported;
  const close = open === '[' ? ']' : open;
  const lines = text.split('\n');
  for (let i = Math.min(reported, lines.length) - 1; i >= 0; i--) {
    const line = lines[i]!;
    const opens = line.split(open).length - 1;
    const closes = open === close ? 0 : line.split(close).length - 1;
    if (open === close ? opens % 2 === 1 : opens > closes) return i + 1;
  }
  return reported;
}
