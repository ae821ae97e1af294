import type { AuditFinding, AuditPartResult } from './types.js';
import { gridPlace, type AuditBook, type AuditLine } from './lines.js';

/** A line counts as on the grid when its centre is within a CSS pixel (0.75 pt) of the book's grid position. */
const TOLERANCE = 0.75;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Pages whose text runs on to the next page of the same chapter: they are full, and should end on the
 * type area's last line. (A page before a chapter opener, a blank page or the end of the book is not.)
 */
export function fullPages(book: AuditBook): number[] {
  const firstBody = firstBodyPage(book);
  const withText = new Set(book.lines.map((line) => line.page));
  const withBody = new Set(book.lines.filter((l) => l.kind === 'body').map((l) => l.page));
  const full: number[] = [];
  // The front matter (the contents) is not set on the body's grid.
  for (let page = firstBody; page < book.pages.length; page += 1) {
    const next = page + 1;
    if (!withText.has(page) || !withText.has(next) || book.openers.has(next)) continue;
    // Both pages must be body pages (front matter, e.g. the contents, has no body lines).
    if (!withBody.has(page) || !withBody.has(next)) continue;
    full.push(page);
  }
  return full;
}

/** The first page of the body: the first chapter opener (the front matter before it is not on the body's grid). */
export function firstBodyPage(book: AuditBook): number {
  return book.openers.size ? Math.min(...book.openers) : 1;
}

/**
 * The body lines after the front matter and those off the line grid: one book-wide position per grid line,
 * where a body line's centre sits in it (the font's ascent and descent decide it: the book's own median).
 */
export function bodyLinesOnGrid(book: AuditBook): { body: AuditLine[]; offGrid: AuditLine[]; offset(line: AuditLine): number } {
  const { pitch } = book.layout;
  const first = firstBodyPage(book);
  const body = book.lines.filter((line) => line.kind === 'body' && line.page >= first);
  const reference = median(body.map((line) => gridPlace(line.at, pitch).offset));
  const offset = (line: AuditLine) => Math.abs(gridPlace(line.at, pitch).offset - reference);
  return { body, offGrid: body.filter((line) => offset(line) > TOLERANCE), offset };
}

/**
 * The last line of a page's type area that holds text (0-based grid index). A caption set half a line off
 * the grid (half a line above and below it: a figure's, or a missing photo's) ends where its half line
 * below ends.
 */
export function lastLineIndex(lines: readonly AuditLine[], pitch: number): number {
  return Math.max(
    ...lines.map((line) => {
      const place = gridPlace(line.at, pitch);
      const halfOff = line.kind === 'caption' && Math.abs(Math.abs(place.offset) - pitch / 2) < pitch / 6;
      return halfOff ? gridPlace(line.at + pitch / 2, pitch).index : place.index;
    }),
  );
}

/**
 * The grid part of the audit: body lines against the line grid (one book-wide position per line, so lines
 * back up on facing pages and on both sides of a sheet), the last line of every full page, and empty lines
 * (columns) at the end of full pages.
 */
export function auditGrid(book: AuditBook): AuditPartResult {
  const { pitch } = book.layout;
  const findings: AuditFinding[] = [];
  const { body, offGrid, offset } = bodyLinesOnGrid(book);
  const offPages = new Map<number, AuditLine[]>();
  for (const line of offGrid) {
    const lines = offPages.get(line.page);
    if (lines) lines.push(line);
    else offPages.set(line.page, [line]);
  }
  for (const [page, lines] of offPages) {
    const worst = Math.max(...lines.map(offset));
    findings.push({ rule: 'off-grid', page, text: lines[0]!.text, message: `${lines.length} body line(s) off the line grid, by up to ${worst.toFixed(1)} pt` });
  }

  const full = fullPages(book);
  const lastLines = new Map<number, number>();
  let blankAtEnd = 0;
  let worstBlank = 0;
  const onPage = new Map<number, AuditLine[]>();
  for (const line of book.lines) {
    const lines = onPage.get(line.page);
    if (lines) lines.push(line);
    else onPage.set(line.page, [line]);
  }
  for (const page of full) {
    const last = lastLineIndex(onPage.get(page) ?? [], pitch);
    lastLines.set(page, last);
    const blank = book.layout.lines - 1 - last;
    worstBlank = Math.max(worstBlank, blank);
    if (blank > 0) {
      blankAtEnd += 1;
      findings.push({ rule: 'short-page', page, text: '', message: `the page ends ${blank} line(s) above the last line of the type area, and its text runs on` });
    }
  }
  const lastPositions = new Set(lastLines.values());
  return {
    figures: {
      bodyLines: { label: 'body lines', value: body.length },
      offGridLines: { label: 'body lines off the grid', value: offGrid.length },
      fullPages: { label: 'full pages (text runs on)', value: full.length },
      fullPagesShort: { label: 'full pages not ending on the last line', value: blankAtEnd },
      lastLinePositions: { label: 'distinct last lines of full pages', value: lastPositions.size },
      maxBlankLinesAtEnd: { label: 'most empty lines at the end of a full page', value: worstBlank },
    },
    findings,
  };
}
