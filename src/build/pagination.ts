import type { NamedDestination } from '../pdf/dests.js';
import type { Pagination } from '../render/book.js';
import type { TocEntry } from '../render/toc.js';
import { PaibanError } from '../util/errors.js';

/**
 * Folios for the TOC from where each entry's destination fell in a print. The body's folio 1 is the
 * page of the first chapter; front matter pages carry no folio.
 */
export function paginationFromDestinations(entries: readonly TocEntry[], destinations: ReadonlyMap<string, NamedDestination>): Pagination {
  const first = entries.find((entry) => entry.level === 1);
  const firstIndex = first ? destinations.get(first.id)?.pageIndex : undefined;
  if (!first || firstIndex === undefined) {
    throw new PaibanError('The printed PDF has no destination for the first chapter, so the table of contents cannot be numbered.', {
      hint: 'This is a bug in paiban or in the book template (the chapter needs its id); please report it with your book.yaml.',
    });
  }
  const tocPages = new Map<string, string>();
  for (const entry of entries) {
    const destination = destinations.get(entry.id);
    if (!destination) continue;
    tocPages.set(entry.id, String(destination.pageIndex - firstIndex + 1));
  }
  return { tocPages, firstBodyPage: firstIndex + 1 };
}

export function samePagination(a: Pagination, b: Pagination): boolean {
  if (a.firstBodyPage !== b.firstBodyPage || a.tocPages.size !== b.tocPages.size) return false;
  for (const [id, page] of a.tocPages) if (b.tocPages.get(id) !== page) return false;
  return true;
}
