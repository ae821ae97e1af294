import { PDFDocument, PDFName } from 'pdf-lib';
import { mmToPoints } from '../config/page-size.js';

/**
 * Marks the trim inside pages printed with their bleed: TrimBox and CropBox (what viewers show and
 * imposition uses) are the MediaBox inset by `bleedMm`; BleedBox is the MediaBox.
 */
export function markTrim(pdf: PDFDocument, bleedMm: number): void {
  const bleed = mmToPoints(bleedMm);
  for (const page of pdf.getPages()) {
    const { x, y, width, height } = page.getMediaBox();
    const trim = pdf.context.obj([x + bleed, y + bleed, x + width - bleed, y + height - bleed]);
    page.node.set(PDFName.of('TrimBox'), trim);
    page.node.set(PDFName.of('CropBox'), trim);
    page.node.set(PDFName.of('BleedBox'), pdf.context.obj([x, y, x + width, y + height]));
  }
}

/**
 * The book as printed and bound: front cover and its blank inside, the book, a blank inside back
 * cover and the back cover. Blank pages take the size of the book's first page.
 */
export async function bookWithCover(bookBytes: Uint8Array, coverBytes: Uint8Array): Promise<Uint8Array> {
  const book = await PDFDocument.load(bookBytes, { updateMetadata: false });
  const cover = await PDFDocument.load(coverBytes, { updateMetadata: false });
  const [front, back] = await book.copyPages(cover, [0, 1]);
  const { width, height } = book.getPage(0).getSize();
  book.insertPage(0, front!);
  book.insertPage(1, [width, height]);
  book.addPage([width, height]);
  book.addPage(back!);
  return book.save({ addDefaultPage: false });
}
