import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFObjectCopier, PDFRawStream, PDFRef, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';

/**
 * Puts what the first `count` pages of `source` draw in place of what the same pages of `target` draw:
 * their content streams and resources (fonts included) are copied over; everything else of the
 * target's pages stays — link annotations, the structure tree's page references (/StructParents),
 * the named destinations, the outline. This is how the table of contents gets its numbers without
 * printing the whole book again: the book is printed once with placeholder numbers of the same width,
 * the front matter alone with the real ones, and its pages drawn into the book's.
 *
 * It is only right when the two pages have the same layout. Checked here, page by page: the marked
 * content ids (which tie the drawn text to the structure tree) must come in the same order and the
 * link annotations must sit on the same rectangles. Returns why not when a check fails (and then
 * changes nothing), so the caller can print the whole book again instead.
 *
 * Hand-written: pdf-lib copies whole pages (copyPages) but has no way to swap what a page draws while
 * keeping its place in a tagged document.
 */
export function spliceFrontPages(target: PDFDocument, source: PDFDocument, count: number): { ok: true } | { ok: false; reason: string } {
  if (source.getPageCount() < count || target.getPageCount() < count) return { ok: false, reason: `front matter has ${source.getPageCount()} pages, the book ${target.getPageCount()}, ${count} wanted` };
  const pairs: [PDFPage, PDFPage][] = [];
  for (let index = 0; index < count; index += 1) {
    const into = target.getPage(index);
    const from = source.getPage(index);
    const ids = [markedContentIds(into), markedContentIds(from)];
    if (ids[0]!.join() !== ids[1]!.join()) return { ok: false, reason: `page ${index + 1}: marked content differs (${ids[0]!.length} and ${ids[1]!.length} ids)` };
    const rects = [linkRects(into), linkRects(from)];
    const moved = rects[0]!.findIndex((rect, i) => !sameRect(rect, rects[1]![i]));
    if (moved >= 0 || rects[0]!.length !== rects[1]!.length) return { ok: false, reason: `page ${index + 1}: links differ (${rects[0]!.length} and ${rects[1]!.length}; ${rects[0]![moved]?.join(' ')} and ${rects[1]![moved]?.join(' ')})` };
    pairs.push([into, from]);
  }
  const copier = PDFObjectCopier.for(source.context, target.context);
  for (const [into, from] of pairs) {
    for (const key of ['Contents', 'Resources'] as const) {
      const value = from.node.get(PDFName.of(key));
      if (value) into.node.set(PDFName.of(key), copier.copy(value));
      else into.node.delete(PDFName.of(key));
    }
  }
  return { ok: true };
}

/** The /MCID numbers of a page's marked content, in drawing order. */
export function markedContentIds(page: PDFPage): number[] {
  const ids: number[] = [];
  for (const text of contentTexts(page)) for (const match of text.matchAll(/\/MCID\s+(\d+)/g)) ids.push(Number(match[1]));
  return ids;
}

function contentTexts(page: PDFPage): string[] {
  const contents = page.node.Contents();
  const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const decoder = new TextDecoder('latin1');
  return streams.flatMap((entry) => {
    const stream = entry instanceof PDFRef ? page.doc.context.lookup(entry) : entry;
    return stream instanceof PDFRawStream ? [decoder.decode(decodePDFRawStream(stream).decode())] : [];
  });
}

/** Within half a point: the two prints place the same box with rounding differences of a few hundredths. */
function sameRect(a: readonly number[], b: readonly number[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((value, i) => Math.abs(value - b[i]!) < 0.5);
}

/** Each link annotation's rectangle. */
function linkRects(page: PDFPage): number[][] {
  const annots = page.node.Annots();
  if (!annots) return [];
  const rects: number[][] = [];
  for (let i = 0; i < annots.size(); i += 1) {
    const annot = annots.lookup(i);
    if (!(annot instanceof PDFDict)) continue;
    const rect = annot.lookup(PDFName.of('Rect'));
    rects.push(rect instanceof PDFArray ? rect.asArray().map((n) => Number(n.toString())) : []);
  }
  return rects;
}
