import type { NamedDestination } from '../pdf/dests.js';
import type { Pagination } from '../render/book.js';
import { TOC_ID, type TocEntry } from '../render/toc.js';
import { PaibanError } from '../util/errors.js';

/**
 * Folios for the TOC from where each entry's destination fell in a print. The body's folio 1 is the
 * page of the first chapter; front matter pages carry no folio.
 *
 * With `recto`, a chapter that fell on a verso (an even page: page 1 is a recto in both writing
 * modes) gets a blank page before it, and everything after moves one page on; the numbers returned
 * are those of the next print, which has the blanks. Chromium cannot do this itself: it treats
 * `break-before: right` as a plain page break.
 */
export function paginationFromDestinations(
  entries: readonly TocEntry[],
  destinations: ReadonlyMap<string, NamedDestination>,
  options: { recto?: boolean; blanks?: ReadonlySet<string> } = {},
): Pagination & { shifts: ReadonlyMap<string, number> } {
  const first = entries.find((entry) => entry.level === 1 && !entry.front);
  const firstIndex = first ? destinations.get(first.id)?.pageIndex : undefined;
  if (!first || firstIndex === undefined) {
    throw new PaibanError('The printed PDF has no destination for the first chapter, so the table of contents cannot be numbered.', {
      hint: 'This is a bug in paiban or in the book template (the chapter needs its id); please report it with your book.yaml.',
    });
  }
  // Walk the chapters in order: each keeps its blank, gets one, or (a stale blank from an earlier
  // build) loses it, and every page after moves by the blanks added or removed before it.
  const printedBlanks = new Set(options.blanks ?? []);
  const blanks = new Set<string>();
  const shift = new Map<string, number>();
  let moved = 0;
  for (const chapter of entries.filter((entry) => entry.level === 1)) {
    const printedIndex = destinations.get(chapter.id)?.pageIndex;
    if (printedIndex === undefined) {
      shift.set(chapter.id, moved);
      continue;
    }
    const hadBlank = printedBlanks.has(chapter.id);
    const withoutBlank = printedIndex - (hadBlank ? 1 : 0) + moved;
    // Of the front matter only the TOC opens on a recto (the 编辑说明 follows the title's verso; plates are sheets).
    const opensOnRecto = !chapter.front || chapter.id === TOC_ID;
    const needsBlank = Boolean(options.recto) && opensOnRecto && withoutBlank % 2 === 1;
    if (needsBlank) blanks.add(chapter.id);
    moved += (needsBlank ? 1 : 0) - (hadBlank ? 1 : 0);
    shift.set(chapter.id, withoutBlank + (needsBlank ? 1 : 0) - printedIndex);
  }
  const firstBodyIndex = firstIndex + (shift.get(first.id) ?? 0);
  const tocPages = new Map<string, string>();
  for (const entry of entries) {
    const destination = destinations.get(entry.id);
    if (!destination || entry.front) continue;
    tocPages.set(entry.id, String(destination.pageIndex + (shift.get(entry.chapterId) ?? 0) - firstBodyIndex + 1));
  }
  // `shifts`: how far each chapter's pages move in the next print (blanks added or removed before it).
  return { tocPages, firstBodyPage: firstBodyIndex + 1, blanks, shifts: shift };
}

export function samePagination(a: Pagination, b: Pagination): boolean {
  if (a.firstBodyPage !== b.firstBodyPage || a.tocPages.size !== b.tocPages.size || a.pages !== b.pages) return false;
  if (a.blanks.size !== b.blanks.size || [...a.blanks].some((id) => !b.blanks.has(id))) return false;
  for (const [id, page] of a.tocPages) if (b.tocPages.get(id) !== page) return false;
  return true;
}

/** Same page layout: the body starts on the same page and the same chapters have a blank before them (TOC numbers aside). */
export function sameLayout(a: Pick<Pagination, 'firstBodyPage' | 'blanks'>, b: Pick<Pagination, 'firstBodyPage' | 'blanks'>): boolean {
  return a.firstBodyPage === b.firstBodyPage && a.blanks.size === b.blanks.size && [...a.blanks].every((id) => b.blanks.has(id));
}

/**
 * The layout of a book whose front matter (title page, its back, the TOC) takes `frontPages` pages:
 * the body starts on the next page, or the one after when that is a verso and chapters open on a recto.
 */
export function layoutAfterFront(frontPages: number, firstChapterId: string, recto: boolean): Pagination {
  const blank = recto && frontPages % 2 === 1;
  return { tocPages: new Map(), firstBodyPage: frontPages + 1 + (blank ? 1 : 0), blanks: new Set(blank ? [firstChapterId] : []) };
}
