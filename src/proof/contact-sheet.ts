import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { digitsWidth, drawDigits, fillRect, GLYPH_HEIGHT } from './digits.js';
import { assertPdf } from './pdf-file.js';
import { blit, canvas, shrink, writePng } from './png.js';
import { ensureDir } from './proof-dir.js';
import { rasterize, type RgbImage } from './raster.js';

/** `ltr` for horizontal books (spine on the left), `rtl` for vertical ones (spine on the right). */
export type ReadingDirection = 'ltr' | 'rtl';

export interface ContactSheetOptions {
  direction?: ReadingDirection;
  /** Thumbnail width in pixels; default 100. */
  thumbWidth?: number;
  /** Default 5 (a row is then ~1,100 px wide). */
  spreadsPerRow?: number;
  /** Pixels between spreads, between rows and around the sheet; default 16. */
  gap?: number;
  /** Page numbers under the thumbnails; default true. */
  labels?: boolean;
}

/** Where one page's thumbnail sits on the sheet. */
export interface SheetSlot {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ContactSheetLayout {
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  slots: SheetSlot[];
}

export interface ContactSheet extends ContactSheetLayout {
  file: string;
}

const DEFAULTS = { direction: 'ltr' as ReadingDirection, thumbWidth: 100, spreadsPerRow: 5, gap: 16, labels: true };
const LABEL_SCALE = 2;
/** Height of the page-number band under each row: 2 px, the digits (5 × 2 px), 2 px. */
export const LABEL_HEIGHT = GLYPH_HEIGHT * LABEL_SCALE + 4;
const BACKGROUND = [208, 208, 208] as const;
const FRAME = [150, 150, 150] as const;
const INK = [40, 40, 40] as const;

/**
 * The spreads of a book as [left page, right page], `null` for an empty half. Page 1 is a recto: on the
 * right in a horizontal book (then 2|3, 4|5 …), on the left in a vertical one (then 3|2, 5|4 …). A last
 * even page stands alone as a verso.
 */
export function spreads(pages: number, direction: ReadingDirection = 'ltr'): [number | null, number | null][] {
  const result: [number | null, number | null][] = [];
  for (let first = 0; first <= pages; first += 2) {
    // Pairs (0,1), (2,3), (4,5)…: page 0 does not exist, nor does a page past the last.
    const verso = first >= 1 ? first : null;
    const recto = first + 1 <= pages ? first + 1 : null;
    if (verso === null && recto === null) continue;
    result.push(direction === 'ltr' ? [verso, recto] : [recto, verso]);
  }
  return result;
}

/**
 * The layout rule: every spread is a cell two thumbnails wide (tw × th each, pages touching at the spine),
 * `spreadsPerRow` cells a row, `gap` between cells, between rows and around the sheet, and a
 * LABEL_HEIGHT band under each row for the page numbers. So, with s spreads (1 + ⌊pages / 2⌋),
 * c = min(s, spreadsPerRow) columns and r = ⌈s / spreadsPerRow⌉ rows:
 *   width  = gap + c × (2·tw + gap)
 *   height = gap + r × (th + LABEL_HEIGHT + gap)      (no LABEL_HEIGHT without labels)
 * In `rtl` the whole sheet is mirrored: spreads run right to left along a row, as a vertical book is read.
 */
export function contactSheetLayout(pages: number, thumbWidth: number, thumbHeight: number, options: ContactSheetOptions = {}): ContactSheetLayout {
  // `??`, not a spread: an option passed as undefined (e.g. from a CLI flag not given) means the default.
  const direction = options.direction ?? DEFAULTS.direction;
  const spreadsPerRow = options.spreadsPerRow ?? DEFAULTS.spreadsPerRow;
  const gap = options.gap ?? DEFAULTS.gap;
  const labels = options.labels ?? DEFAULTS.labels;
  const list = spreads(pages, direction);
  const columns = Math.min(list.length, spreadsPerRow);
  const rows = Math.ceil(list.length / spreadsPerRow);
  const rowHeight = thumbHeight + (labels ? LABEL_HEIGHT : 0) + gap;
  const slots: SheetSlot[] = [];
  list.forEach((pair, index) => {
    const column = index % spreadsPerRow;
    const visual = direction === 'ltr' ? column : columns - 1 - column;
    const x = gap + visual * (2 * thumbWidth + gap);
    const y = gap + Math.floor(index / spreadsPerRow) * rowHeight;
    pair.forEach((page, half) => {
      if (page !== null) slots.push({ page, x: x + half * thumbWidth, y, width: thumbWidth, height: thumbHeight });
    });
  });
  slots.sort((a, b) => a.page - b.page);
  return { width: gap + columns * (2 * thumbWidth + gap), height: gap + rows * rowHeight, thumbWidth, thumbHeight, slots };
}

/**
 * Lays out page images (any size; page 1 first) on one sheet. Each page is shrunk to fit a tw × th box,
 * th = round(tw × height / width of page 1), and centred in it, so a book with one odd-sized page still
 * lines up.
 */
export function composeContactSheet(pages: readonly RgbImage[], options: ContactSheetOptions & { thumbHeight?: number } = {}): { image: RgbImage; layout: ContactSheetLayout } {
  const first = pages[0];
  if (!first) throw new Error('composeContactSheet: no pages');
  const thumbWidth = options.thumbWidth ?? DEFAULTS.thumbWidth;
  const thumbHeight = options.thumbHeight ?? Math.round((thumbWidth * first.height) / first.width);
  const layout = contactSheetLayout(pages.length, thumbWidth, thumbHeight, options);
  const image = canvas(layout.width, layout.height, BACKGROUND);
  for (const slot of layout.slots) {
    const thumb = fit(pages[slot.page - 1]!, slot.width, slot.height);
    const x = slot.x + Math.floor((slot.width - thumb.width) / 2);
    const y = slot.y + Math.floor((slot.height - thumb.height) / 2);
    blit(image, thumb, x, y);
    frame(image, x, y, thumb.width, thumb.height);
    if (options.labels ?? DEFAULTS.labels) {
      const text = String(slot.page);
      drawDigits(image, text, slot.x + Math.floor((slot.width - digitsWidth(text, LABEL_SCALE)) / 2), slot.y + slot.height + 2, LABEL_SCALE, INK);
    }
  }
  return { image, layout };
}

/**
 * Renders the PDF's pages straight at thumbnail width (pdftoppm `-scale-to-x`: sharper and far cheaper
 * than shrinking 100-dpi pages) and writes the sheet as one PNG.
 */
export async function renderContactSheet(pdfFile: string, outFile: string, options: ContactSheetOptions = {}): Promise<ContactSheet> {
  const pdf = await assertPdf(pdfFile);
  await ensureDir(path.dirname(outFile));
  const thumbs: RgbImage[] = [];
  for await (const page of rasterize(pdf, { scaleToWidth: options.thumbWidth ?? DEFAULTS.thumbWidth })) thumbs.push(page);
  if (!thumbs.length) throw new PaibanError(`${pdfFile} has no pages.`, { file: pdf });
  const { image, layout } = composeContactSheet(thumbs, { ...options, thumbHeight: thumbs[0]!.height });
  const file = path.resolve(outFile);
  await writePng(file, image);
  return { file, ...layout };
}

/** Shrinks (never enlarges) an image to fit a box, keeping its proportions. */
function fit(image: RgbImage, width: number, height: number): RgbImage {
  if (image.width <= width && image.height <= height) return image;
  const scale = Math.min(width / image.width, height / image.height);
  return shrink(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
}

/** A one-pixel frame on the thumbnail's edge, so two white pages of a spread show where they meet. */
function frame(image: RgbImage, x: number, y: number, width: number, height: number): void {
  fillRect(image, x, y, width, 1, FRAME);
  fillRect(image, x, y + height - 1, width, 1, FRAME);
  fillRect(image, x, y, 1, height, FRAME);
  fillRect(image, x + width - 1, y, 1, height, FRAME);
}
