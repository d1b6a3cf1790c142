/**
 * Text clean-up shared by loaders: unified newlines, no zero-width or non-breaking spaces,
 * trimmed lines, at most one blank line in a row.
 */
export function cleanText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060]/g, '')
    .replace(/[\u00A0\u3000]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, '').replace(/^[ \t]+/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The form used for matching, never for display: NFKC (full-width letters and digits to
 * ASCII), lower case, dashes unified, white space folded.
 */
export function matchForm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D~～]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
