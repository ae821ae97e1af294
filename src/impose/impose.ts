/**
 * 2-up saddle-stitch imposition: the book's pages, in booklet order, two to a landscape sheet, ready for
 * duplex printing with a short-edge flip. Pages stay vector (each is a Form XObject drawn 1:1), so the
 * text stays searchable and fonts are embedded once.
 */
import {
  PDFDocument,
  PDFName,
  PDFObjectCopier,
  clip,
  concatTransformationMatrix,
  drawObject,
  endPath,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import { mmToPoints } from '../config/page-size.js';
import { PAIBAN_VERSION } from '../util/package.js';
import { PaibanError } from '../util/errors.js';
import { planBooklet, type BookletOptions, type BookletPlan, type Sheet, type SheetSide } from './sheet-order.js';
import { SHEET_SIZE_HELP, SHEET_TOLERANCE_MM, landscape, parseSheetSize, pointsToMm, sheetForPage, sheetSizeInPoints, type SheetSize } from './sheet-size.js';
import { bleedBoxOf, boxHeight, boxWidth, copyCatalogEntries, copyInfo, copyPageAsForm, loadPdf, producerWith, pt, rotationOf, trimBoxOf, type Box } from './pdf-pages.js';

export interface ImposeOptions extends BookletOptions {
  /** A sheet name (`A4`, `8开`), `W×H` in mm, or a size; default: the smallest sheet two pages fit on. */
  sheet?: string | SheetSize;
  /**
   * Creep compensation in mm: how far the innermost sheet's pages move towards the spine (the outermost
   * sheet's do not move; linear in between, per signature). Thick booklets push their inner pages out at
   * the fore-edge; without it the trim eats their outer margin. Default 0.
   */
  creepMm?: number;
  /** Producer for the Info dictionary; default: the source's, plus "booklet by paiban <version>". */
  producer?: string;
  /**
   * A printed cover (front, then back): the booklet becomes the book as bound, front cover, its blank
   * inside, the book, a blank inside back cover, the back cover. Blanks take the book's first page's size.
   * Read here rather than joined to the book first, so the book is parsed once and never saved in between.
   */
  cover?: Uint8Array;
}

export interface ImposeResult {
  pdf: Uint8Array;
  plan: BookletPlan;
  sheet: SheetSize;
  /** 1, unless the pages did not fit half the sheet and were scaled down (see notes). */
  scale: number;
  /** What the user should be told (pages scaled down). */
  notes: string[];
}

/** Below this, text is unreadable: a sheet that small is a mistake, not a choice. */
export const MIN_SCALE = 0.5;
/** Creep beyond this is not creep but a layout error. */
export const MAX_CREEP_MM = 10;

/** Imposes a PDF as a 2-up saddle-stitched booklet. Same input and options → byte-identical output. */
export async function imposeBooklet(pdfBytes: Uint8Array, options: ImposeOptions = {}): Promise<ImposeResult> {
  const source = await loadPdf(pdfBytes);
  const pages = await withCover(source, options.cover);
  const rotated = pages.findIndex((page) => page !== undefined && rotationOf(page) !== 0);
  if (rotated >= 0) {
    throw new PaibanError(`Page ${rotated + 1} is rotated (/Rotate ${rotationOf(pages[rotated]!)}); booklets of rotated pages are not supported.`);
  }
  const blank = mediaAtOrigin(source.getPage(0));
  const boxes = pages.map((page) => (page ? trimBoxOf(page) : blank));
  // Artwork that runs into the bleed (a cover) is drawn with its bleed, so it reaches the fold.
  const drawn = pages.map((page, index) => (page && bleedBoxOf(page)) ?? boxes[index]!);
  const largest = { width: Math.max(...boxes.map(boxWidth)), height: Math.max(...boxes.map(boxHeight)) };
  const sheet = resolveSheet(options.sheet, largest);
  const sheetPt = sheetSizeInPoints(sheet);
  const scale = fitScale(largest, sheetPt);
  const notes: string[] = [];
  if (scale < 1) {
    const size = `${pointsToMm(largest.width).toFixed(0)}×${pointsToMm(largest.height).toFixed(0)} mm`;
    if (scale < MIN_SCALE) {
      throw new PaibanError(`The ${sheet.name} sheet is too small for ${size} pages: they would print at ${percent(scale)}.`, {
        hint: 'Leave the sheet out to get one two pages fit on, or name a bigger one.',
      });
    }
    notes.push(`${size} pages do not fit half of the ${sheet.name} sheet: scaled to ${percent(scale)}.`);
  }
  const creepPt = mmToPoints(checkCreep(options.creepMm ?? 0));
  const plan = planBooklet(pages.length, options);

  const out = await PDFDocument.create({ updateMetadata: false });
  // One copier per source document, so a font used on 200 pages is copied once.
  const copiers = new Map<PDFDocument, PDFObjectCopier>();
  const copierFor = (doc: PDFDocument) => copiers.get(doc) ?? copiers.set(doc, PDFObjectCopier.for(doc.context, out.context)).get(doc)!;
  const copier = copierFor(source);
  // In page order, so object numbers (and bytes) do not depend on the sheet order. A blank draws nothing.
  const forms = pages.map((page, index) => (page ? copyPageAsForm(page, out, copierFor(page.doc), drawn[index]!) : null));
  for (const sheetPlan of plan.sheets) {
    const shift = creepShift(sheetPlan, creepPt);
    for (const side of [sheetPlan.front, sheetPlan.back]) drawSide(out, sheetPt, side, { boxes, forms, scale, shift });
  }
  copyInfo(source, out, copier);
  copyCatalogEntries(source, out, copier, ['Lang', 'ViewerPreferences']);
  out.setProducer(options.producer ?? producerWith(source, `booklet by paiban ${PAIBAN_VERSION}`));
  const pdf = await out.save({ addDefaultPage: false, useObjectStreams: true });
  return { pdf, plan, sheet, scale, notes };
}

/** The sheet: as given (name, W×H or size, always turned landscape), else from the pages' size. */
export function resolveSheet(sheet: string | SheetSize | undefined, page: { width: number; height: number }): SheetSize {
  if (sheet === undefined) return sheetForPage({ widthMm: pointsToMm(page.width), heightMm: pointsToMm(page.height) });
  if (typeof sheet === 'string') {
    const parsed = parseSheetSize(sheet);
    if (!parsed) throw new PaibanError(`"${sheet}" is not a sheet size. Allowed: ${SHEET_SIZE_HELP}.`);
    return parsed;
  }
  const { widthMm, heightMm } = sheet;
  if (!(widthMm > 0 && heightMm > 0 && Number.isFinite(widthMm) && Number.isFinite(heightMm))) {
    throw new PaibanError(`Sheet ${sheet.name}: ${widthMm}×${heightMm} mm is not a size.`);
  }
  return landscape(sheet.name, widthMm, heightMm);
}

/** 1 when a page fits half the sheet (within the tolerance), else the factor that makes it fit. */
export function fitScale(page: { width: number; height: number }, sheet: { width: number; height: number }): number {
  const tolerance = mmToPoints(SHEET_TOLERANCE_MM);
  if (2 * page.width <= sheet.width + tolerance && page.height <= sheet.height + tolerance) return 1;
  return Math.min(sheet.width / 2 / page.width, sheet.height / page.height);
}

/** How far (points) this sheet's pages move towards the spine: 0 outermost, `creepPt` innermost. */
export function creepShift(sheet: Pick<Sheet, 'depth' | 'sheetsInSignature'>, creepPt: number): number {
  return sheet.sheetsInSignature > 1 ? (creepPt * sheet.depth) / (sheet.sheetsInSignature - 1) : 0;
}

export interface Placement {
  /** The cm matrix that maps the page's box onto the sheet. */
  matrix: [number, number, number, number, number, number];
  /** The sheet half the page is clipped to: nothing crosses the fold onto the facing page. */
  clip: Box;
}

/**
 * Where a page goes: its spine edge on the fold, vertically centred, scaled, moved `shift` points towards
 * the spine. Pages meet at the fold; what the sheet has to spare goes to the fore-edge, which is trimmed.
 * (Centring each page in its half left a gap at the fold: Chromium rounds page sizes to whole points,
 * so an A5 cover's trim is 420.03 pt against half an A4 sheet's 420.94, a 0.3 mm white line across the
 * spine of the flat cover.)
 */
export function placePage(box: Box, half: 'left' | 'right', sheet: { width: number; height: number }, scale: number, shift: number): Placement {
  const halfWidth = sheet.width / 2;
  const originX = half === 'left' ? 0 : halfWidth;
  const width = boxWidth(box) * scale;
  const height = boxHeight(box) * scale;
  const x = (half === 'left' ? halfWidth - width + shift : halfWidth - shift);
  const y = (sheet.height - height) / 2;
  return {
    matrix: [pt(scale), 0, 0, pt(scale), pt(x - scale * box.x0), pt(y - scale * box.y0)],
    clip: { x0: pt(originX), y0: 0, x1: pt(originX + halfWidth), y1: pt(sheet.height) },
  };
}

interface DrawContext {
  boxes: readonly Box[];
  forms: readonly (PDFRef | null)[];
  scale: number;
  shift: number;
}

function drawSide(out: PDFDocument, sheet: { width: number; height: number }, side: SheetSide, context: DrawContext): void {
  const page = out.addPage([pt(sheet.width), pt(sheet.height)]);
  for (const half of ['left', 'right'] as const) {
    const index = side[half];
    const form = index === null ? null : context.forms[index]!;
    if (index === null || form === null) continue;
    const { matrix, clip: area } = placePage(context.boxes[index]!, half, sheet, context.scale, context.shift);
    // Named after the source page: readable when debugging, and no random suffix from pdf-lib's uniqueKey.
    const name = PDFName.of(`P${index + 1}`);
    page.node.setXObject(name, form);
    page.pushOperators(
      pushGraphicsState(),
      rectangle(area.x0, area.y0, area.x1 - area.x0, area.y1 - area.y0),
      clip(),
      endPath(),
      concatTransformationMatrix(...matrix),
      drawObject(name),
      popGraphicsState(),
    );
  }
}

/**
 * The pages in the order they are bound: the book's, or with a cover, front cover, blank, the book,
 * blank, back cover (undefined = a blank page).
 */
async function withCover(book: PDFDocument, coverBytes: Uint8Array | undefined): Promise<(PDFPage | undefined)[]> {
  const pages = book.getPages();
  if (!coverBytes) return pages;
  const cover = await loadPdf(coverBytes, 'The cover');
  if (cover.getPageCount() !== 2) throw new PaibanError(`The cover has ${cover.getPageCount()} pages, not 2 (front and back).`);
  const [front, back] = cover.getPages();
  return [front, undefined, ...pages, undefined, back];
}

/** A page's MediaBox moved to the origin: the size of the blank pages a cover adds. */
function mediaAtOrigin(page: PDFPage): Box {
  const { width, height } = page.getSize();
  return { x0: 0, y0: 0, x1: width, y1: height };
}

function checkCreep(creepMm: number): number {
  if (!Number.isFinite(creepMm) || creepMm < 0 || creepMm > MAX_CREEP_MM) {
    throw new PaibanError(`Creep must be between 0 and ${MAX_CREEP_MM} mm, not ${creepMm}.`, {
      hint: 'Creep is about the paper thickness times the number of sheets; 0.1 mm per sheet is typical.',
    });
  }
  return creepMm;
}

function percent(scale: number): string {
  return `${(scale * 100).toFixed(0)}%`;
}
