import type { PageChar } from '../page-chars.js';
import { printedLines } from '../page-chars.js';

/** The page geometry an audit measures against, in points from the page's top-left corner. */
export interface AuditLayout {
  writing: 'horizontal' | 'vertical';
  /** The type area (版心) of each 1-based page. */
  area(page: number): { left: number; right: number; top: number; bottom: number };
  /** Line pitch in points (a column's width in vertical books). */
  pitch: number;
  /** Lines (columns) of the type area. */
  lines: number;
  /** Font families without spaces, as PDF font names start ("NotoSerifSC"). */
  fonts: { body: string; heading: string; caption: string };
  /** book.yaml's punctuation.questionExclamation: whether ！” and ？！ are pairs to compress (default half: they are). */
  questionExclamation?: 'half' | 'full';
  /** The body's columns (book.yaml layout.columns) and the space between them, pt; absent: one column. */
  columns?: { count: number; gapPt: number };
}

/** The gutters between a page's columns, along its lines (x, or y in a vertical book), from the layout. */
export function columnGutters(layout: AuditLayout, page: number): [number, number][] {
  const columns = layout.columns;
  if (!columns || columns.count < 2) return [];
  const area = layout.area(page);
  const [start, end] = layout.writing === 'vertical' ? [area.top, area.bottom] : [area.left, area.right];
  const width = (end - start - (columns.count - 1) * columns.gapPt) / columns.count;
  return Array.from({ length: columns.count - 1 }, (_, k) => [start + (k + 1) * width + k * columns.gapPt, start + (k + 1) * (width + columns.gapPt)] as [number, number]);
}

export type LineKind = 'body' | 'heading' | 'caption' | 'title' | 'other';

/** One printed line (a column in vertical books) inside the type area, classified by its font. */
export interface AuditLine {
  page: number;
  text: string;
  chars: PageChar[];
  kind: LineKind;
  /** Distance of the line's centre from the start of the block axis of the area (top; right edge in vertical), pt. */
  at: number;
  /** Start and end along the line, from the area's inline start (left; top in vertical), pt. */
  from: number;
  to: number;
  /** The column (0-based, in reading order) of a page set in columns; absent for a line that crosses a gutter (it spans them, or the page is in one column). */
  column?: number;
}

export interface AuditBook {
  layout: AuditLayout;
  /** Every character of every page (margin boxes included). */
  pages: PageChar[][];
  /** Lines inside the type area, in reading order. */
  lines: AuditLine[];
  /** The quad size of body characters (the most frequent size among body-font characters). */
  bodyQuad: number;
  /** 1-based pages that open a chapter (a title much larger than the body). */
  openers: Set<number>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** The most frequent value, rounded to 0.1. */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value * 10) / 10, (counts.get(Math.round(value * 10) / 10) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** Groups a book's characters into classified lines (see {@link AuditBook}). */
export function auditBook(pages: PageChar[][], layout: AuditLayout): AuditBook {
  const vertical = layout.writing === 'vertical';
  // One type area per page, not one per character.
  const areas = pages.map((_chars, i) => layout.area(i + 1));
  const inside = (c: PageChar, page: number) => {
    const a = areas[page - 1] ?? layout.area(page);
    return c.x > a.left - 2 && c.x < a.right + 2 && c.y > a.top - 2 && c.y < a.bottom + 2;
  };
  const fontOf = (c: PageChar) => (c.font.startsWith(layout.fonts.body) ? 'body' : c.font.startsWith(layout.fonts.heading) ? 'heading' : c.font.startsWith(layout.fonts.caption) ? 'caption' : 'other');
  const allInside = pages.flatMap((chars, i) => chars.filter((c) => c.char.trim() && inside(c, i + 1)));
  const bodyQuad = mode(allInside.filter((c) => fontOf(c) === 'body').map((c) => c.size));
  const openers = new Set<number>();
  // A chapter opener: a title much larger than the body, and body text under it (the title page has none).
  pages.forEach((chars, i) => {
    const here = chars.filter((c) => c.char.trim() && inside(c, i + 1));
    if (here.some((c) => fontOf(c) === 'heading' && c.size > bodyQuad * 1.5) && here.some((c) => fontOf(c) === 'body' && Math.abs(c.size - bodyQuad) < 0.5)) openers.add(i + 1);
  });
  const gutters = pages.map((_chars, i) => columnGutters(layout, i + 1));
  const lines: AuditLine[] = printedLines(pages, layout.writing, inside, { gutters: (page) => gutters[page - 1] ?? [] }).map((line) => {
    const a = areas[line.page - 1]!;
    // Along the line from the start of its column (a line in the second column starts after the first and the gutter).
    const alongOf = (c: PageChar) => (vertical ? c.y : c.x);
    const pageGutters = gutters[line.page - 1] ?? [];
    // Well inside the gutter, as printedLines reads it: a mark at a column's line end may stand a hair past the edge.
    const crosses = line.chars.some((c) => pageGutters.some(([g0, g1]) => alongOf(c) > g0 + 3 && alongOf(c) < g1 - 3));
    const before = crosses ? [] : pageGutters.filter(([, g1]) => g1 <= alongOf(line.chars[0]!));
    const columnStart = Math.max(vertical ? a.top : a.left, ...before.map(([, g1]) => g1));
    const counts = { body: 0, heading: 0, caption: 0, other: 0 };
    for (const c of line.chars) counts[fontOf(c)] += 1;
    const most = (Object.entries(counts) as [keyof typeof counts, number][]).sort((x, y) => y[1] - x[1])[0]![0];
    // A 条目's first line: its title run in (【…】 in the heading face), then its text in the body face: a body line.
    const main = most === 'heading' && line.text.startsWith('【') && counts.body > 0 ? 'body' : most;
    const mainChars = line.chars.filter((c) => fontOf(c) === main);
    const size = median(mainChars.map((c) => c.size));
    let kind: LineKind = main;
    if (main === 'heading' && size > bodyQuad * 1.5) kind = 'title';
    else if (main === 'body' && Math.abs(size - bodyQuad) > bodyQuad * 0.1) kind = 'other';
    // A few digits apart from their column: an upright number's glyphs, grouped on their own (vertical).
    else if (vertical && line.chars.length <= 4 && !line.chars.some((c) => /\p{Script=Han}/u.test(c.char))) kind = 'other';
    // Han characters only for the position: digits and Latin lie sideways (vertical) or sit on the baseline.
    const han = mainChars.filter((c) => /\p{Script=Han}/u.test(c.char));
    const across = (han.length ? han : mainChars).map((c) => (vertical ? a.right - c.x : c.y - a.top));
    const along = line.chars.map((c) => alongOf(c) - columnStart);
    // Character positions are centres; half an em (about 0.35 of the quad, whose height includes ascent and descent) reaches the edge.
    const halfEm = bodyQuad * 0.35;
    const column = pageGutters.length && !crosses ? { column: before.length } : {};
    return { page: line.page, text: line.text, chars: line.chars, kind, at: median(across), from: Math.min(...along) - halfEm, to: Math.max(...along) + halfEm, ...column };
  });
  return { layout, pages, lines, bodyQuad, openers };
}

/** The grid line (0-based) a line sits on, and how far (pt) its centre is from that line's centre. */
export function gridPlace(at: number, pitch: number): { index: number; offset: number } {
  const index = Math.max(0, Math.round(at / pitch - 0.5));
  return { index, offset: at - (index + 0.5) * pitch };
}
