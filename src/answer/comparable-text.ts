/** Text reduced to letters and digits, so width, case, spacing and punctuation make no difference. */
export function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
