/**
 * Print-ready pages for a print shop that imposes itself: each page grows by bleed and a margin for
 * crop marks, carries TrimBox (the page as designed) and BleedBox, and has crop marks in its corners.
 */
import {
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames as Ops,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setLineCap,
  setLineWidth,
  stroke,
  LineCapStyle,
  PDFDict,
  type PDFDocument,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import { mmToPoints } from '../config/page-size.js';
import { PAIBAN_VERSION } from '../util/package.js';
import { PaibanError } from '../util/errors.js';
import { loadPdf, producerWith, pt, readBox, sameBox, trimBoxOf, type Box } from './pdf-pages.js';

export interface PrintMarksOptions {
  /** Bleed on every side of the trim, mm. Default 3 (what Chinese and most other printers ask for). */
  bleedMm?: number;
  /** Length of the crop marks, mm; they start at the bleed edge and the page grows by this much more. Default 5. */
  marksMm?: number;
  /** Crop-mark line width, points. Default 0.25. */
  lineWidthPt?: number;
  /** Producer for the Info dictionary; default: the source's, plus "print marks by paiban <version>". */
  producer?: string;
  /**
   * The pages were printed with their bleed (a cover whose colour runs past the trim) and carry a
   * TrimBox inside the MediaBox: keep that trim, use the MediaBox as BleedBox, only add the marks.
   */
  bleedIncluded?: boolean;
}

export interface PageBoxes {
  media: Box;
  bleed: Box;
  trim: Box;
}

/** A straight line in points. */
export interface Line {
  from: [number, number];
  to: [number, number];
}

/**
 * The boxes of a page with bleed and mark area around `trim`. The trim keeps its coordinates and the
 * MediaBox grows outwards (into negative coordinates): the content, links and structure tree stay
 * exactly where they were, with no transformation added.
 */
export function printBoxes(trim: Box, bleedPt: number, marksPt: number): PageBoxes {
  const grow = (box: Box, by: number): Box => ({ x0: pt(box.x0 - by), y0: pt(box.y0 - by), x1: pt(box.x1 + by), y1: pt(box.y1 + by) });
  return { trim, bleed: grow(trim, bleedPt), media: grow(trim, bleedPt + marksPt) };
}

/**
 * Crop marks: at each corner one horizontal and one vertical line on the trim lines' extensions, from
 * the bleed edge outwards, so no mark prints inside the bleed (where it would show after a bad cut).
 */
export function cropMarkLines(trim: Box, bleedPt: number, marksPt: number): Line[] {
  const lines: Line[] = [];
  for (const [x, outX] of [[trim.x0, -1], [trim.x1, 1]] as const) {
    for (const [y, outY] of [[trim.y0, -1], [trim.y1, 1]] as const) {
      lines.push({ from: [pt(x + outX * bleedPt), pt(y)], to: [pt(x + outX * (bleedPt + marksPt)), pt(y)] });
      lines.push({ from: [pt(x), pt(y + outY * bleedPt)], to: [pt(x), pt(y + outY * (bleedPt + marksPt))] });
    }
  }
  return lines;
}

/** Adds bleed, boxes and crop marks to every page. Info and structure are kept; same input → same bytes. */
export async function addPrintMarks(pdfBytes: Uint8Array, options: PrintMarksOptions = {}): Promise<Uint8Array> {
  const pdf = await loadPdf(pdfBytes);
  markPages(pdf, options);
  pdf.setProducer(options.producer ?? producerWith(pdf, `print marks by paiban ${PAIBAN_VERSION}`));
  return pdf.save({ addDefaultPage: false, useObjectStreams: true, updateFieldAppearances: false });
}

/** addPrintMarks on a loaded document, for a caller that goes on changing it before it saves (the print files). */
export function markPages(pdf: PDFDocument, options: Omit<PrintMarksOptions, 'producer'> = {}): void {
  const bleedPt = mmToPoints(checkLength('bleedMm', options.bleedMm ?? 3, 0, 20));
  const marksPt = mmToPoints(checkLength('marksMm', options.marksMm ?? 5, 2, 30));
  const lineWidth = checkLength('lineWidthPt', options.lineWidthPt ?? 0.25, 0.05, 2);
  const registration = pdf.context.register(registrationColorSpace(pdf));
  pdf.getPages().forEach((page, index) => {
    const media = readBox(page, 'MediaBox');
    const trim = trimBoxOf(page);
    if (options.bleedIncluded && media) {
      const bleed = Math.min(trim.x0 - media.x0, trim.y0 - media.y0, media.x1 - trim.x1, media.y1 - trim.y1);
      markPage(page, printBoxes(trim, bleed, marksPt), cropMarkLines(trim, bleed, marksPt), registration, lineWidth);
      return;
    }
    // A TrimBox inside the MediaBox means the page already has bleed (this function ran, or a designer's tool did).
    if (readBox(page, 'TrimBox') && !sameBox(media, trim)) {
      throw new PaibanError(`Page ${index + 1} already has a TrimBox smaller than its MediaBox: it has print marks or bleed already.`, {
        hint: 'Add print marks to the PDF as paiban printed it, not to a print-ready one.',
      });
    }
    markPage(page, printBoxes(trim, bleedPt, marksPt), cropMarkLines(trim, bleedPt, marksPt), registration, lineWidth);
  });
}

function markPage(page: PDFPage, boxes: PageBoxes, lines: readonly Line[], registration: PDFRef, lineWidth: number): void {
  const asArray = (box: Box) => page.node.context.obj([box.x0, box.y0, box.x1, box.y1]);
  page.node.set(PDFName.of('MediaBox'), asArray(boxes.media));
  // A CropBox equal to the old page would hide bleed and marks; viewers then show the MediaBox.
  page.node.set(PDFName.of('CropBox'), asArray(boxes.media));
  page.node.set(PDFName.of('BleedBox'), asArray(boxes.bleed));
  page.node.set(PDFName.of('TrimBox'), asArray(boxes.trim));
  // An ArtBox, if any, is left alone: it lies inside the trim.
  const colorSpace = colorSpaceName(page, registration);
  // pdf-lib wraps the existing content in q…Q before this stream, so the page's own transformations do not apply here.
  page.pushOperators(
    pushGraphicsState(),
    PDFOperator.of(Ops.StrokingColorspace, [colorSpace]),
    PDFOperator.of(Ops.StrokingColorN, [PDFNumber.of(1)]),
    setLineWidth(lineWidth),
    setLineCap(LineCapStyle.Butt),
    ...lines.flatMap((line) => [moveTo(...line.from), lineTo(...line.to)]),
    stroke(),
    popGraphicsState(),
  );
}

/**
 * Registration colour: the Separation "All", which prints on every plate, so marks line up on all
 * separations (DeviceGray black would show on the K plate only).
 */
function registrationColorSpace(pdf: PDFDocument) {
  const tint = pdf.context.obj({ FunctionType: 2, Domain: [0, 1], C0: [0, 0, 0, 0], C1: [1, 1, 1, 1], N: 1 });
  return pdf.context.obj([PDFName.of('Separation'), PDFName.of('All'), PDFName.of('DeviceCMYK'), tint]);
}

/** Adds the registration colour space to the page's resources; returns its name there. */
function colorSpaceName(page: PDFPage, registration: PDFRef): PDFName {
  const { Resources } = page.node.normalizedEntries();
  let spaces = Resources.lookupMaybe(PDFName.of('ColorSpace'), PDFDict);
  if (!spaces) {
    spaces = page.node.context.obj({});
    Resources.set(PDFName.of('ColorSpace'), spaces);
  }
  // Resources may be shared by several pages: reuse our entry when it is already there.
  for (const [key, value] of spaces.entries()) if (value === registration) return key;
  let name = PDFName.of('Registration');
  for (let n = 2; spaces.has(name); n += 1) name = PDFName.of(`Registration${n}`);
  spaces.set(name, registration);
  return name;
}

function checkLength(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new PaibanError(`${name} must be between ${min} and ${max}, not ${value}.`);
  return value;
}
