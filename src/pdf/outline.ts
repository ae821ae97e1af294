import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFArray, type PDFDict, type PDFRef } from 'pdf-lib';

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
