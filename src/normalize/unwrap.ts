/**
 * Joins the hard-wrapped lines of one paragraph. Between Han (or full-width punctuation) and anything,
 * nothing is inserted; between two Latin words a space is, so "print\nshop" stays two words.
 */
export function joinLines(lines: readonly string[]): string {
  let result = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (result && /[A-Za-z0-9,.;:!?%)]$/.test(result) && /^[A-Za-z0-9(]/.test(line)) result += ' ';
    result += line;
  }
  return result;
}
