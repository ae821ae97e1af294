import { readableLines, type Writing } from '../comments/covered.js';
import { place } from '../comments/place.js';
import type { CommentImport, RecordedComment } from '../comments/record.js';
import { fold, type SourceText } from '../comments/source-text.js';
import type { PageChar } from '../proof/page-chars.js';

/** A printed page of the current build: its characters (mutool, points from the top-left) and its size in points. */
export interface PrintedPage {
  chars: PageChar[];
  width: number;
  height: number;
}

/** A rectangle on a page image, in percent of the page's width and height (so it scales with the image). */
export interface MarkBox {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How the marked characters were found on the current pages. */
export type Located =
  /** The manuscript text and its surroundings are as recorded (or as the applied fix left them). */
  | 'found'
  /** The manuscript reads differently at that place now: the mark shows what stands there. */
  | 'changed'
  /** Found by its own text only, not by the text around it: may be another occurrence. */
  | 'text only'
  /** Placed in the manuscripts when imported, but not on the current pages (text removed, manuscript dropped). */
  | 'not found';

/** One comment as the preview lists and marks it. Every string in it comes from an untrusted PDF. */
export interface PreviewComment extends Omit<RecordedComment, 'place'> {
  /** `c1`, `c2`, …: the order of the list (by current page, then place on it; unplaced last). */
  id: string;
  /** The marked PDF it came from. */
  from: string;
  /** `manuscripts/x.md:14:23`: the place now (when found), else where it was when imported. */
  place?: string;
  located?: Located;
  /** First current page it prints on. */
  page?: number;
  boxes: MarkBox[];
  /** A caret, note or deletion: a point between characters, not a span. */
  point: boolean;
}

/**
 * Characters of the manuscript on each side matched against the pages. Longer than the record's 24: a
 * passage printed twice (a repeated caption or sentence) differs only further out, and more context
 * never lowers the score of the right place.
 */
const CONTEXT_ON_PAGES = 80;

interface Flat {
  char: PageChar;
  page: number;
  line: number;
}

/**
 * The current pages' text in reading order as one string, for the same matcher that placed the
 * comments in the manuscripts (place): chars folded as the manuscripts' printed text is, one string
 * index per UTF-16 unit (so offsets are the identity), with each index's character on its page.
 */
function pagesText(pages: readonly PrintedPage[], writing: Writing): { source: SourceText; at: number[]; flat: Flat[] } {
  const flat: Flat[] = [];
  pages.forEach((page, index) => {
    readableLines(page.chars, writing).forEach((line, lineIndex) => {
      for (const char of line.chars) flat.push({ char, page: index + 1, line: lineIndex });
    });
  });
  let chars = '';
  const at: number[] = [];
  flat.forEach((f, index) => {
    const folded = fold(f.char.char);
    chars += folded;
    for (let i = 0; i < folded.length; i++) at.push(index);
  });
  const source: SourceText = { name: '(pages)', file: '', raw: chars, writable: false, chars, offsets: at.map((_v, i) => i), literal: at.map(() => true) };
  return { source, at, flat };
}

/** Index of the first printed character at or after a raw offset of the manuscript. */
function charIndex(source: SourceText, offset: number): number {
  const index = source.offsets.findIndex((o) => o >= offset);
  return index < 0 ? source.chars.length : index;
}

/**
 * The recorded file:line:column, when the manuscript still reads the recorded text there with some of
 * the text around it (the usual case: nothing above it changed). Decides between equal occurrences.
 */
function atRecordedPlace(recorded: NonNullable<RecordedComment['place']>, source: SourceText) {
  const lines = source.raw.split('\n');
  if (recorded.line > lines.length || recorded.column > lines[recorded.line - 1]!.length + 1) return undefined;
  const offset = lines.slice(0, recorded.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + recorded.column - 1;
  const from = charIndex(source, offset);
  const to = from + recorded.text.length;
  if (source.chars.slice(from, to) !== recorded.text) return undefined;
  const tail = recorded.before.slice(-4);
  const head = recorded.after.slice(0, 4);
  if (!(tail && source.chars.slice(0, from).endsWith(tail)) && !(head && source.chars.startsWith(head, to))) return undefined;
  return { from, to, line: recorded.line, column: recorded.column, located: 'found' as Located };
}

/** Where a recorded comment's characters are in its manuscript now: printed-char span, line, column. */
function inManuscript(recorded: NonNullable<RecordedComment['place']>, source: SourceText) {
  const here = atRecordedPlace(recorded, source);
  if (here) return here;
  const found = place({ text: recorded.text, before: recorded.before, after: recorded.after }, [source]);
  if (!found) return undefined;
  const located: Located = found.changedTo !== undefined ? 'changed' : found.contextMatched ? 'found' : 'text only';
  return { from: charIndex(source, found.start), to: charIndex(source, found.end), line: found.line, column: found.column, located };
}

const pct = (value: number, whole: number) => Math.round((value / whole) * 10_000) / 100;

/** Boxes over printed characters: one per line (row or column), in percent of the page. */
function spanBoxes(chars: readonly Flat[], pages: readonly PrintedPage[]): MarkBox[] {
  const groups = new Map<string, Flat[]>();
  for (const f of chars) groups.set(`${f.page}:${f.line}`, [...(groups.get(`${f.page}:${f.line}`) ?? []), f]);
  return [...groups.values()].map((group) => {
    const { page } = group[0]!;
    const { width, height } = pages[page - 1]!;
    // CJK glyphs fill a square em: the character's centre ± half its font size covers it in both writing modes.
    const half = (c: PageChar) => (c.fontSize || c.size) / 2;
    const x0 = Math.min(...group.map((f) => f.char.x - half(f.char)));
    const x1 = Math.max(...group.map((f) => f.char.x + half(f.char)));
    const y0 = Math.min(...group.map((f) => f.char.y - half(f.char)));
    const y1 = Math.max(...group.map((f) => f.char.y + half(f.char)));
    return { page, x: pct(x0, width), y: pct(y0, height), w: pct(x1 - x0, width), h: pct(y1 - y0, height) };
  });
}

/** A thin bar at the gap before `flat[index]` (or after the last character): across the line, at its place along it. */
function pointBox(flat: readonly Flat[], index: number, pages: readonly PrintedPage[], writing: Writing): MarkBox[] {
  const after = index >= flat.length;
  const f = flat[after ? flat.length - 1 : index];
  if (!f) return [];
  const c = f.char;
  const size = c.fontSize || c.size;
  const { width, height } = pages[f.page - 1]!;
  const bar = Math.max(1, size * 0.18);
  if (writing === 'horizontal') {
    const x = after ? c.x + size / 2 : c.x - size / 2;
    return [{ page: f.page, x: pct(x - bar / 2, width), y: pct(c.y - size * 0.6, height), w: pct(bar, width), h: pct(size * 1.2, height) }];
  }
  const y = after ? c.y + size / 2 : c.y - size / 2;
  return [{ page: f.page, x: pct(c.x - size * 0.6, width), y: pct(y - bar / 2, height), w: pct(size * 1.2, width), h: pct(bar, height) }];
}

/**
 * Every imported comment on the current build's pages: from its manuscript place (file, line, column,
 * and the printed text recorded there) to where those characters are in the manuscript now, and from
 * there to where they print now, each step by the text and its surroundings. Comments that cannot be
 * found are kept, without marks, and listed.
 */
export function markComments(imports: readonly CommentImport[], sources: readonly SourceText[], pages: readonly PrintedPage[], writing: Writing): PreviewComment[] {
  const printed = pagesText(pages, writing);
  const bySource = new Map(sources.map((s) => [s.name, s]));
  // Each with where it prints in reading order (its first character), to list them page by page.
  const marked: { comment: Omit<PreviewComment, 'id'>; order: number }[] = imports.flatMap((entry) =>
    entry.comments.map((recorded) => {
      const { place: recordedPlace, ...rest } = recorded;
      const comment: Omit<PreviewComment, 'id'> = { ...rest, from: entry.pdf, boxes: [], point: false };
      const unshown = (located?: Located, placeNow?: string) => ({ comment: { ...comment, ...(placeNow ? { place: placeNow } : {}), ...(located ? { located } : {}) }, order: Number.MAX_SAFE_INTEGER });
      if (!recordedPlace) return unshown();
      const source = bySource.get(recordedPlace.file);
      const now = source ? inManuscript(recordedPlace, source) : undefined;
      if (!source || !now) return unshown('not found', `${recordedPlace.file}:${recordedPlace.line}:${recordedPlace.column}`);
      const placeNow = `${recordedPlace.file}:${now.line}:${now.column}`;
      const needle = source.chars.slice(now.from, now.to);
      const onPages = place({ text: needle, before: source.chars.slice(Math.max(0, now.from - CONTEXT_ON_PAGES), now.from), after: source.chars.slice(now.to, now.to + CONTEXT_ON_PAGES) }, [printed.source]);
      if (!onPages) return unshown('not found', placeNow);
      const from = printed.at[onPages.start] ?? printed.flat.length;
      const to = onPages.end > onPages.start ? printed.at[onPages.end - 1]! + 1 : from;
      const point = to === from;
      const boxes = point ? pointBox(printed.flat, from, pages, writing) : spanBoxes(printed.flat.slice(from, to), pages);
      const located: Located = now.located === 'found' && !onPages.contextMatched ? 'text only' : now.located;
      return { comment: { ...comment, place: placeNow, located, ...(boxes[0] ? { page: boxes[0].page } : {}), boxes, point }, order: from };
    }),
  );
  // Stable: equal places keep the order of the record.
  return [...marked].sort((a, b) => a.order - b.order).map(({ comment }, n) => ({ id: `c${n + 1}`, ...comment }));
}
