import { type PDFDocument, PDFName } from 'pdf-lib';
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
