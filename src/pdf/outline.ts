import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFRef } from 'pdf-lib';

export interface OutlineItem {
  title: string;
  /** Where the bookmark goes (from the named destinations). */
  destination: PDFArray;
  children?: OutlineItem[];
}

/**
 * Writes the PDF outline (bookmarks) from our own titles. By hand, because pdf-lib has no outline API
 * and Chromium's own (`outline: true`) doubles titles and misplaces headings (DESIGN.md).
 */
export function writeOutline(pdf: PDFDocument, items: readonly OutlineItem[]): void {
  if (items.length === 0) return;
  const rootRef = pdf.context.nextRef();
  const { first, last, count } = writeLevel(pdf, items, rootRef);
  const root = pdf.context.obj({ Type: 'Outlines', First: first, Last: last, Count: PDFNumber.of(count) });
  pdf.context.assign(rootRef, root);
  pdf.catalog.set(PDFName.of('Outlines'), rootRef);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Writes one level of siblings; returns its first and last refs and the number of visible descendants. */
function writeLevel(pdf: PDFDocument, items: readonly OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } {
  const refs = items.map(() => pdf.context.nextRef());
  let visible = 0;
  items.forEach((item, index) => {
    const entry: Record<string, unknown> = {
      Title: PDFHexString.fromText(item.title),
      Parent: parent,
      Dest: item.destination,
    };
    if (index > 0) entry.Prev = refs[index - 1];
    if (index < items.length - 1) entry.Next = refs[index + 1];
    visible += 1;
    if (item.children && item.children.length > 0) {
      const level = writeLevel(pdf, item.children, refs[index]!);
      entry.First = level.first;
      entry.Last = level.last;
      // Positive: the chapter opens showing its sections.
      entry.Count = PDFNumber.of(level.count);
      visible += level.count;
    }
    pdf.context.assign(refs[index]!, pdf.context.obj(entry as Record<string, never>) as PDFDict);
  });
  return { first: refs[0]!, last: refs[refs.length - 1]!, count: visible };
}

export interface ReadOutlineItem {
  title: string;
  /** 0-based page index the bookmark goes to, when it points at a page of this document. */
  pageIndex: number | undefined;
  children: ReadOutlineItem[];
}

/** Reads the outline back (for tests and `paiban verify`): titles, target pages, nesting. */
export function readOutline(pdf: PDFDocument): ReadOutlineItem[] {
  const pageIndex = new Map(pdf.getPages().map((page, index) => [page.ref.toString(), index]));
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const readLevel = (first: unknown): ReadOutlineItem[] => {
    const items: ReadOutlineItem[] = [];
    let ref = first;
    for (let guard = 0; ref && guard < 100_000; guard += 1) {
      const item = pdf.context.lookup(ref as PDFRef, PDFDict);
      const title = item.lookup(PDFName.of('Title'));
      const dest = item.lookup(PDFName.of('Dest'));
      const target = dest instanceof PDFArray ? dest.get(0) : undefined;
      items.push({
        title: title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : '',
        pageIndex: target ? pageIndex.get(target.toString()) : undefined,
        children: readLevel(item.get(PDFName.of('First'))),
      });
      ref = item.get(PDFName.of('Next'));
    }
    return items;
  };
  return outlines ? readLevel(outlines.get(PDFName.of('First'))) : [];
}
