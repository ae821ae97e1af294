import type { TextLine, TextPage } from './text-lines.js';

/**
 * Paragraphs recovered from a PDF's text layer, for telling which paragraphs a change pushed to another page.
 *
 * Method (horizontal books; Chromium PDFs from paiban's own stylesheet are the case it is tuned for):
 * 1. Running heads and folios are dropped: a line whose text (digits as #) recurs at the same height on at
 *    least 3 pages marks a head or foot band, and every line inside those bands goes.
 * 2. The text block's left and right edges are the most common line start and end, separately for odd and
 *    even pages (inner and outer margins differ).
 * 3. A line starts a new paragraph when it is indented (the 2em first-line indent; centred headings and
 *    captions too), when the line before it ended short of the right edge (a paragraph's last line), when
 *    a gap larger than the leading separates it from the line before on the same page (headings, figures),
 *    or when its height differs (a heading's size). Otherwise it continues the paragraph, also across a
 *    page turn: that is how a paragraph spans pages.
 * 4. Lines are joined without spaces (Chinese has none between words); spaces poppler reports next to Han
 *    characters are text-autospace gaps, not text, and are removed. Paragraphs are compared without any
 *    white space.
 *
 * Limits, honestly: a paragraph whose last line happens to fill the measure, followed by an unindented
 * paragraph (e.g. a "no indent after heading" style), is merged with it; two lines of a table or a poem may
 * merge; text that is an image has no text layer; poppler's reading order is trusted (fine for one
 * column, not for multi-column layouts); vertical writing is not handled at all (plain pdftotext scrambles
 * its order, see DESIGN.md), so `looksVertical` pages yield no paragraphs. It works on what is printed, not
 * on the manuscript, so it cannot tell an edited paragraph from a new one except by its first 20 characters.
 */
export interface Paragraph {
  /** The paragraph's text, lines joined, autospace gaps removed. */
  text: string;
  /** `text` without any white space: what two builds are compared by. */
  key: string;
  /** Page (1-based) of its first and last line. */
  startPage: number;
  endPage: number;
}

export interface MovedParagraph {
  /** The first 20 characters of the paragraph (as printed in the new PDF). */
  text: string;
  /** Page of its first line in the old PDF and in the new one. */
  fromPage: number;
  toPage: number;
}

export const SNIPPET_LENGTH = 20;

/** Paragraphs of a PDF's text pages, in reading order. */
export function paragraphsOf(pages: readonly TextPage[]): Paragraph[] {
  const body = joinSplitLines(bodyLines(pages));
  if (!body.length || looksVertical(body)) return [];
  const lineHeight = median(body.map((line) => line.yMax - line.yMin));
  const edges = textEdges(body);
  const paragraphs: Paragraph[] = [];
  let lines: TextLine[] = [];
  const flush = () => {
    if (lines.length) paragraphs.push(paragraph(lines));
    lines = [];
  };
  let previous: TextLine | undefined;
  for (const line of body) {
    if (previous && startsParagraph(previous, line, edges, lineHeight)) flush();
    lines.push(line);
    previous = line;
  }
  flush();
  return paragraphs;
}

/**
 * Pairs the paragraphs of two builds and returns those whose first line is on another page. Same text
 * pairs first (the n-th copy of a repeated paragraph with the n-th); of the rest, an old and a new paragraph
 * that are alone in sharing their first 20 characters are taken for one edited paragraph.
 */
export function movedParagraphs(before: readonly Paragraph[], after: readonly Paragraph[]): MovedParagraph[] {
  const pairs = new Map<number, Paragraph>(); // index in `after` → its paragraph in `before`
  const byKey = groupBy(before, (p) => p.key);
  const matched = new Set<Paragraph>();
  after.forEach((p, index) => {
    const old = byKey.get(p.key)?.shift();
    if (old) {
      pairs.set(index, old);
      matched.add(old);
    }
  });
  const prefix = (p: Paragraph) => [...p.key].slice(0, SNIPPET_LENGTH).join('');
  const oldByPrefix = groupBy(before.filter((p) => !matched.has(p)), prefix);
  const newByPrefix = groupBy(after.map((p, index) => ({ p, index })).filter(({ index }) => !pairs.has(index)), ({ p }) => prefix(p));
  for (const [key, news] of newByPrefix) {
    const olds = oldByPrefix.get(key);
    if (olds?.length === 1 && news.length === 1) pairs.set(news[0]!.index, olds[0]!);
  }
  const moved: MovedParagraph[] = [];
  after.forEach((p, index) => {
    const old = pairs.get(index);
    if (old && old.startPage !== p.startPage) moved.push({ text: [...p.text].slice(0, SNIPPET_LENGTH).join(''), fromPage: old.startPage, toPage: p.startPage });
  });
  return moved;
}

/** Vertical text comes out of poppler as tall, narrow "lines" (or single characters): don't pretend. */
export function looksVertical(lines: readonly TextLine[]): boolean {
  const tall = lines.filter((line) => [...line.text].length > 1 && line.yMax - line.yMin > 2 * (line.xMax - line.xMin)).length;
  return tall > lines.length / 2;
}

/** Lines outside the running-head and folio bands, page by page, in poppler's order. */
export function bodyLines(pages: readonly TextPage[]): TextLine[] {
  const seenOn = new Map<string, Set<number>>();
  const signature = (line: TextLine) => `${squash(line.text).replace(/\d+/g, '#')}@${Math.round(line.yMin)}`;
  for (const page of pages) for (const line of page.lines) seenOn.set(signature(line), (seenOn.get(signature(line)) ?? new Set()).add(page.page));
  const minPages = Math.min(3, pages.length);
  let headBottom = -Infinity;
  let footTop = Infinity;
  if (pages.length >= 2) {
    for (const page of pages) {
      for (const line of page.lines) {
        if ((seenOn.get(signature(line))?.size ?? 0) < minPages) continue;
        if (line.yMax < page.height * 0.2) headBottom = Math.max(headBottom, line.yMax);
        if (line.yMin > page.height * 0.8) footTop = Math.min(footTop, line.yMin);
      }
    }
  }
  return pages.flatMap((page) => page.lines.filter((line) => line.yMax > headBottom + 0.5 && line.yMin < footTop - 0.5 && line.text.trim() !== ''));
}

/**
 * Puts back together a printed line that poppler cut in pieces: where text-spacing-trim overlaps two
 * punctuation marks (”“), poppler sees the pen move backwards and starts a new "line" at the same height.
 */
export function joinSplitLines(lines: readonly TextLine[]): TextLine[] {
  const joined: TextLine[] = [];
  for (const line of lines) {
    const last = joined[joined.length - 1];
    const height = line.yMax - line.yMin;
    if (last && last.page === line.page && Math.abs(last.yMin - line.yMin) < 0.25 * height && Math.abs(last.yMax - line.yMax) < 0.25 * height && line.xMin > last.xMin) {
      joined[joined.length - 1] = { ...last, xMin: Math.min(last.xMin, line.xMin), xMax: Math.max(last.xMax, line.xMax), text: `${last.text}${line.text}` };
    } else {
      joined.push(line);
    }
  }
  return joined;
}

interface Edges {
  left: [number, number];
  right: [number, number];
}

/**
 * The text block's left edge on even [0] and odd [1] pages (the most common line start; inner and outer
 * margins differ), and its right edge: left edge plus the measure, the most common line length over the
 * whole book, so that a page of short lines (a chapter's last) cannot fool it.
 */
function textEdges(lines: readonly TextLine[]): Edges {
  const leftOf = (parity: number) => mode(lines.filter((line) => line.page % 2 === parity).map((line) => line.xMin), 'min') ?? mode(lines.map((line) => line.xMin), 'min')!;
  const left: [number, number] = [leftOf(0), leftOf(1)];
  const measure = mode(lines.map((line) => line.xMax - left[line.page % 2]!), 'max')!;
  return { left, right: [left[0] + measure, left[1] + measure] };
}

function startsParagraph(previous: TextLine, line: TextLine, edges: Edges, lineHeight: number): boolean {
  const indented = line.xMin > edges.left[line.page % 2]! + 0.3 * lineHeight;
  const previousShort = previous.xMax < edges.right[previous.page % 2]! - 0.6 * lineHeight;
  const samePage = previous.page === line.page;
  const gap = samePage && line.yMin - previous.yMax > 0.6 * lineHeight;
  const newSize = Math.abs(line.yMax - line.yMin - (previous.yMax - previous.yMin)) > 0.2 * lineHeight;
  const skippedPage = !samePage && line.page !== previous.page + 1;
  return indented || previousShort || gap || newSize || skippedPage;
}

function paragraph(lines: readonly TextLine[]): Paragraph {
  let text = '';
  for (const line of lines) {
    const next = line.text.trim();
    // A space only where a Latin word or number was broken at a line end; Han text joins directly.
    text += text && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(next) ? ` ${next}` : next;
  }
  text = text.replace(/\s+/g, ' ').replace(new RegExp(`(?<=${CJK}) | (?=${CJK})`, 'gu'), '');
  return { text, key: squash(text), startPage: lines[0]!.page, endPage: lines[lines.length - 1]!.page };
}

/** Han, kana, CJK and full-width punctuation: where poppler's spaces are autospace gaps. */
const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201d\\u2014\\u2026]';

function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The most frequent value (to the nearest point); a tie goes to the smaller or the larger one. */
function mode(values: readonly number[], tie: 'min' | 'max'): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value), (counts.get(Math.round(value)) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) {
    const bestCount = best === undefined ? 0 : counts.get(best)!;
    if (best === undefined || count > bestCount || (count === bestCount && (tie === 'min' ? value < best : value > best))) best = value;
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
