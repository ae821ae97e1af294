/**
 * Which characters of a manuscript block did not reach the printed pages. The block's text is looked
 * for in the book's printed text (both squashed: no spaces), from where the previous block was found:
 * whole if it can be; else between its first and last few characters, as a multiset, so text printed
 * in another order than the manuscript's (a table's cells wrapped over two lines, a Latin run lying
 * sideways in a vertical column) is not taken for lost, while characters that are really missing (cut
 * off at the page edge, drawn outside the type area) are counted, wherever in the block they were.
 */
export interface PrintedMatch {
  /** Where the next block is looked for. */
  end: number;
  /** The block's characters not found on the pages, in the block's order. */
  missing: string;
}

/**
 * A run of dashes as one dash. A 2-em dash (——) prints as one glyph, and Chromium sometimes marks that
 * glyph's text as a single — (an ActualText, seen in a horizontal table note of a vertical book): PDFium
 * reads the ActualText, mutool the glyph's ToUnicode (——). Neither is text cut off at the page edge.
 */
export function foldDashes(text: string): string {
  return text.replace(/—+/g, '—');
}

/** How many characters at each end anchor a block's window. */
const ANCHOR = 4;

/** How far before the cursor a block printed out of the manuscript's order is looked for (a page of text). */
const FLOATED_BACK = 3000;

export function findPrinted(block: string, printed: string, from: number): PrintedMatch {
  const whole = printed.indexOf(block, from);
  if (whole >= 0 && whole - from <= 2 * block.length + 200) return { end: whole + block.length, missing: '' };
  // Printed whole a little before the cursor: a figure the page fitting set before the paragraphs it
  // follows (captions of missing photos floated up, pdf/compose/grid-pages.ts). The cursor stays.
  // (Not a short block: a heading of two characters is found in almost any page before.)
  const before = from > 0 && [...block].length >= 8 ? printed.lastIndexOf(block, from - 1) : -1;
  if (before >= 0 && from - before <= FLOATED_BACK) return { end: from, missing: '' };
  // Found whole only far on (the same caption printed again in a later chapter), or not at all: the block
  // printed in pieces near the cursor comes first; the far whole one only if pieces are missing here.
  const near = findInPieces(block, printed, from);
  return whole >= 0 && near.missing ? { end: whole + block.length, missing: '' } : near;
}

/** How many places of a block's first characters are tried (the same words earlier in the text, a table moved on a page). */
const TRIES = 8;

function findInPieces(block: string, printed: string, from: number): PrintedMatch {
  const k = Math.min(ANCHOR, block.length);
  let best: PrintedMatch | undefined;
  // Near the cursor only: the same first words of a block far on (another table's header) are not this block.
  const reach = from + 2 * block.length + 200;
  for (let at = printed.indexOf(block.slice(0, k), from), tries = 0; tries < TRIES && (tries === 0 || at <= reach); at = printed.indexOf(block.slice(0, k), at + 1), tries += 1) {
    const found = piecesFrom(block, printed, from, at);
    if (!best || found.missing.length < best.missing.length) best = found;
    if (!found.missing || at < 0) break;
  }
  return best!;
}

/** The block looked for in pieces in the window from `first` (where its first characters are; −1: not found). */
function piecesFrom(block: string, printed: string, from: number, first: number): PrintedMatch {
  const k = Math.min(ANCHOR, block.length);
  let start = first < 0 ? from : first;
  // A little before it too: a table's header cell of two lines prints its first line above the others.
  start = Math.max(from, start - 4 * k - 40);
  // The window ends at the block's last characters when they follow soon enough; else it is the block's length.
  const limit = start + 2 * block.length + 200;
  const last = printed.indexOf(block.slice(-k), start);
  const anchored = last >= 0 && last <= limit;
  const end = anchored ? last + k : Math.min(printed.length, start + block.length + 2 * k);
  // (and a little after: the last row's cell of two lines prints its second line after the row's last cell).
  const counts = new Map<string, number>();
  for (const char of printed.slice(start, Math.min(printed.length, end + 4 * k + 40))) counts.set(char, (counts.get(char) ?? 0) + 1);
  let missing = '';
  for (const char of block) {
    const left = counts.get(char) ?? 0;
    if (left > 0) counts.set(char, left - 1);
    else missing += char;
  }
  // Without its last characters found (a wrapped table cell prints them apart), or mostly missing, a block
  // moves the cursor no further than its start: the next block may stand within the window. Found in
  // pieces, it moves the cursor just past its first characters: the next block's lines may be printed
  // between its own (two captions side by side on a plate page, their lines read across both).
  if (!anchored || missing.length * 2 > block.length) return { end: Math.max(from, start), missing };
  return { end: first < 0 ? end : first + k, missing };
}
