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
 * The writing mode of a page, from the text itself (a PDF may come from a build with --writing):
 * neighbours in horizontal text share a height, in vertical text a column.
 */
export function pageWriting(chars: readonly PageChar[]): Writing {
  let rows = 0;
  let columns = 0;
  const sorted = [...chars].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (Math.abs(a.y - b.y) < 1 && Math.abs(b.x - a.x) < a.size * 1.5) rows++;
    if (Math.abs(a.x - b.x) < 1 && Math.abs(b.y - a.y) < a.size * 1.5) columns++;
  }
  return columns > rows ? 'vertical' : 'horizontal';
}

/** Page chars (top-left origin) of the text a reader reads: no watermark, no margin line numbers of the proof. */
export function readableLines(chars: readonly PageChar[], writing: Writing) {
  const size = bodySize(chars);
  // The 校样 watermark is several times the body size; the proof's line numbers are smaller, digits only.
  const text = chars.filter((c) => c.size < size * 2.5 && !(c.size < size * 0.8 && /^[0-9]$/.test(c.char)));
  return printedLines([text], writing, () => true);
}

/** A PDF box (user space) in the top-left page coordinates of mutool's characters. */
function toPage(box: Box, page: Box): Box {
  return { x0: box.x0 - page.x0, x1: box.x1 - page.x0, y0: page.y1 - box.y1, y1: page.y1 - box.y0 };
}

const within = (c: PageChar, b: Box) => c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1;

/**
 * The characters an annotation covers: those whose centre lies in one of its boxes (highlight,
 * strike-out …); for a caret, sticky note or free text, the point between two characters nearest
 * the centre of its box.
 */
export function coveredBy(annotation: Annotation, chars: readonly PageChar[], writing: Writing): Covered {
  const lines = readableLines(chars, writing);
  const flat = lines.flatMap((line, lineIndex) => line.chars.map((char) => ({ char, lineIndex })));
  const boxes = annotation.boxes.map((b) => toPage(b, annotation.pageBox));
  const context = (start: number, end: number, lineIndex: number | undefined): Covered => ({
    text: flat.slice(start, end).map((f) => f.char.char).join(''),
    before: flat.slice(Math.max(0, start - CONTEXT), start).map((f) => f.char.char).join(''),
    after: flat.slice(end, end + CONTEXT).map((f) => f.char.char).join(''),
    ...(lineIndex === undefined ? {} : { line: lineIndex + 1 }),
  });
  if (['Highlight', 'StrikeOut', 'Underline', 'Squiggly'].includes(annotation.type)) {
    const hits = flat.flatMap((f, i) => (boxes.some((b) => within(f.char, b)) ? [i] : []));
    if (hits.length === 0) return { text: '', before: '', after: '' };
    return context(hits[0]!, hits[hits.length - 1]! + 1, flat[hits[0]!]!.lineIndex);
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
