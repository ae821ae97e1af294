import { printedLines, type PageChar } from '../proof/page-chars.js';
import type { Annotation, Box } from './annotations.js';

export type Writing = 'horizontal' | 'vertical';

/** What an annotation marks on its page, in reading order, with the text around it for matching. */
export interface Covered {
  /** The marked characters (empty for a caret or a note: a point, not a span). */
  text: string;
  /** Up to CONTEXT characters before and after, in reading order (may cross lines). */
  before: string;
  after: string;
  /** 1-based line of the page's body text (the proof numbers these lines). */
  line?: number;
}

const CONTEXT = 24;

/** The size most characters of the page are set in: the body text. */
function bodySize(chars: readonly PageChar[]): number {
  const counts = new Map<number, number>();
  for (const c of chars) counts.set(Math.round(c.size), (counts.get(Math.round(c.size)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

/**
 * The writing mode of a page, from the text itself (a PDF may come from a build with --writing): a
 * character's nearest neighbour stands beside it in horizontal text, below it in vertical text (lines
 * are always further apart than characters).
 */
export function pageWriting(chars: readonly PageChar[]): Writing {
  const { rows, columns } = writingVotes(chars);
  return columns > rows ? 'vertical' : 'horizontal';
}

/** How many characters have their nearest neighbour beside them (rows) or below them (columns). */
export function writingVotes(chars: readonly PageChar[]): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  const sample = chars.filter((c) => c.char.trim()).slice(0, 400);
  for (const a of sample) {
    let nearest: PageChar | undefined;
    let distance = Number.POSITIVE_INFINITY;
    for (const b of sample) {
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (b !== a && d < distance) [nearest, distance] = [b, d];
    }
    if (!nearest) continue;
    if (Math.abs(nearest.y - a.y) < 1) rows++;
    else if (Math.abs(nearest.x - a.x) < 1) columns++;
  }
  return { rows, columns };
}

/**
 * Lines of the text a reader reads (page chars, top-left origin): no watermark, no margin line numbers
 * of the proof. A landscape sheet with an empty band down the middle is a booklet spread: each half is
 * read as its own page (in `rtl` order, right half first, for a vertical book).
 */
export function readableLines(chars: readonly PageChar[], writing: Writing, sheetWidth?: number) {
  const size = bodySize(chars);
  // The 校样 watermark is several times the body size; the proof's line numbers are smaller, digits only.
  const text = chars.filter((c) => c.size < size * 2.5 && !(c.size < size * 0.8 && /^[0-9]$/.test(c.char)));
  const halves = sheetWidth ? splitSpread(text, sheetWidth) : [text];
  const ordered = writing === 'vertical' ? [...halves].reverse() : halves;
  return ordered.flatMap((half) => printedLines([half], writing, () => true));
}

/** The two pages of a spread, when no character stands within 4% of the sheet's centre. */
function splitSpread(chars: readonly PageChar[], width: number): PageChar[][] {
  const middle = width / 2;
  if (chars.some((c) => Math.abs(c.x - middle) < width * 0.04)) return [[...chars]];
  const left = chars.filter((c) => c.x < middle);
  const right = chars.filter((c) => c.x >= middle);
  return left.length && right.length ? [left, right] : [[...chars]];
}

/** A PDF box (user space) in the top-left page coordinates of mutool's characters. */
function toPage(box: Box, page: Box): Box {
  return { x0: box.x0 - page.x0, x1: box.x1 - page.x0, y0: page.y1 - box.y1, y1: page.y1 - box.y0 };
}

/**
 * The proof's count of a line: body lines only, as the proof numbers them (running heads and folios,
 * set smaller than the text, are not counted).
 */
function bodyLineNumber(lines: readonly { chars: PageChar[] }[], index: number): number {
  const size = bodySize(lines.flatMap((l) => l.chars));
  return lines.slice(0, index + 1).filter((l) => l.chars.some((c) => c.size >= size * 0.9)).length;
}

const within = (c: PageChar, b: Box) => c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1;

/**
 * The characters an annotation covers: those whose centre lies in one of its boxes (highlight,
 * strike-out …); for a caret, sticky note or free text, the point between two characters nearest
 * the centre of its box.
 */
export function coveredBy(annotation: Annotation, chars: readonly PageChar[], writing: Writing): Covered {
  const sheet = annotation.pageBox;
  const lines = readableLines(chars, writing, sheet.x1 - sheet.x0 > sheet.y1 - sheet.y0 ? sheet.x1 - sheet.x0 : undefined);
  const flat = lines.flatMap((line, lineIndex) => line.chars.map((char) => ({ char, lineIndex })));
  const boxes = annotation.boxes.map((b) => toPage(b, annotation.pageBox));
  const context = (start: number, end: number, lineIndex: number | undefined): Covered => ({
    text: flat.slice(start, end).map((f) => f.char.char).join(''),
    before: flat.slice(Math.max(0, start - CONTEXT), start).map((f) => f.char.char).join(''),
    after: flat.slice(end, end + CONTEXT).map((f) => f.char.char).join(''),
    ...(lineIndex === undefined ? {} : { line: bodyLineNumber(lines, lineIndex) }),
  });
  if (['Highlight', 'StrikeOut', 'Underline', 'Squiggly'].includes(annotation.type)) {
    const hits = flat.flatMap((f, i) => (boxes.some((b) => within(f.char, b)) ? [i] : []));
    if (hits.length === 0) return { text: '', before: '', after: '' };
    // Only the characters under the boxes: in reading order they are one run unless a box is stray.
    const found = context(hits[0]!, hits[hits.length - 1]! + 1, flat[hits[0]!]!.lineIndex);
    return { ...found, text: hits.map((i) => flat[i]!.char.char).join('') };
  }
  // A point: the gap nearest the box's centre, on the line nearest it.
  const box = boxes[0]!;
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const across = (c: PageChar) => (writing === 'horizontal' ? Math.abs(c.y - cy) : Math.abs(c.x - cx));
  let best: { lineIndex: number; distance: number } | undefined;
  lines.forEach((line, lineIndex) => {
    const distance = Math.min(...line.chars.map(across));
    if (!best || distance < best.distance) best = { lineIndex, distance };
  });
  if (!best) return { text: '', before: '', after: '' };
  const chosen: { lineIndex: number } = best;
  const along = (c: PageChar) => (writing === 'horizontal' ? c.x - cx : c.y - cy);
  const first = flat.findIndex((f) => f.lineIndex === chosen.lineIndex);
  const onLine = lines[chosen.lineIndex]!.chars;
  const gap = first + onLine.filter((c) => along(c) < 0).length;
  return context(gap, gap, chosen.lineIndex);
}
