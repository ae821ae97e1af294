import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import type { FontFamily } from '../config/fonts.js';
import { launchChromium } from '../pdf/chromium.js';
import { readOutline } from '../pdf/outline.js';
import { isAllowedUrl } from '../pdf/print.js';
import { bookFaces } from '../fonts/faces.js';
import { subsetFaces } from '../fonts/subset.js';
import { fontFaceCss } from '../render/fonts.js';
import { PaibanError } from '../util/errors.js';
import { contactSheetHtml, LABEL_HEIGHT, type SheetCell } from './contact-sheet-html.js';
import { assertPdf } from './pdf-file.js';
import { writePng } from './png.js';
import { ensureDir } from './proof-dir.js';
import { rasterize } from './raster.js';

export { LABEL_HEIGHT };

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
  /** Page numbers and chapter names under the thumbnails; default true. */
  labels?: boolean;
  /** The typeface of the labels: the book's (default Noto Sans SC, its heading face). */
  font?: FontFamily;
  /** A running Chromium to use (else one is started and closed). */
  browser?: Browser;
}

/** Where one page's thumbnail sits on the sheet. */
export interface SheetSlot {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One spread's cell: two thumbnails wide, the chapter name goes under it. */
export interface SpreadCell {
  x: number;
  y: number;
  width: number;
  /** The spread's page numbers, lower and higher (equal for a page alone). */
  firstPage: number;
  lastPage: number;
}

export interface ContactSheetLayout {
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  slots: SheetSlot[];
  cells: SpreadCell[];
}

export interface ContactSheet extends ContactSheetLayout {
  file: string;
}

const DEFAULTS = { direction: 'ltr' as ReadingDirection, thumbWidth: 100, spreadsPerRow: 5, gap: 16, labels: true, font: 'Noto Sans SC' as FontFamily };

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
 * LABEL_HEIGHT band under each row for the page numbers and chapter names. So, with s spreads (1 + ⌊pages / 2⌋),
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
  const cells: SpreadCell[] = [];
  list.forEach((pair, index) => {
    const column = index % spreadsPerRow;
    const visual = direction === 'ltr' ? column : columns - 1 - column;
    const x = gap + visual * (2 * thumbWidth + gap);
    const y = gap + Math.floor(index / spreadsPerRow) * rowHeight;
    const numbers = pair.filter((page): page is number => page !== null);
    cells.push({ x, y, width: 2 * thumbWidth, firstPage: Math.min(...numbers), lastPage: Math.max(...numbers) });
    pair.forEach((page, half) => {
      if (page !== null) slots.push({ page, x: x + half * thumbWidth, y, width: thumbWidth, height: thumbHeight });
    });
  });
  slots.sort((a, b) => a.page - b.page);
  return { width: gap + columns * (2 * thumbWidth + gap), height: gap + rows * rowHeight, thumbWidth, thumbHeight, slots, cells };
}

/**
 * The chapter of each spread, from the PDF's bookmarks: the last chapter that starts on one of its
 * pages or before (so a spread on which a chapter opens bears that chapter's name; none before the
 * first chapter: title page, contents).
 */
export function chapterNames(cells: readonly SpreadCell[], chapters: readonly { title: string; page: number }[]): SheetCell[] {
  const sorted = [...chapters].sort((a, b) => a.page - b.page);
  return cells.map((cell) => {
    const chapter = sorted.filter((c) => c.page <= cell.lastPage).at(-1);
    return { x: cell.x, y: cell.y, width: cell.width, ...(chapter ? { chapter: chapter.title } : {}) };
  });
}

/**
 * Renders the PDF's pages at thumbnail width (pdftoppm `-scale-to-x`), lays them out as an HTML page
 * with the page numbers and chapter names set in the book's typeface, and takes it from Chromium as
 * one PNG. Chromium runs with JavaScript off and may read only the proof folder (the labels' font is
 * subset into it).
 */
export async function renderContactSheet(pdfFile: string, outFile: string, options: ContactSheetOptions = {}): Promise<ContactSheet> {
  const pdf = await assertPdf(pdfFile);
  const dir = await ensureDir(path.dirname(outFile));
  const file = path.resolve(outFile);
  const work = await mkdtemp(path.join(dir, '.contact-sheet-'));
  try {
    let pages = 0;
    let thumbHeight = 0;
    for await (const page of rasterize(pdf, { scaleToWidth: options.thumbWidth ?? DEFAULTS.thumbWidth })) {
      if (page.page === 1) thumbHeight = page.height;
      await writePng(path.join(work, `${page.page}.png`), page);
      pages += 1;
    }
    if (!pages) throw new PaibanError(`${pdfFile} has no pages.`, { file: pdf });
    const layout = contactSheetLayout(pages, options.thumbWidth ?? DEFAULTS.thumbWidth, thumbHeight, options);
    const font = options.font ?? DEFAULTS.font;
    const cells = chapterNames(layout.cells, await pdfChapters(pdf));
    // The labels' typeface, subset to their characters in the work folder, as the build does for the book.
    const labelText = `0123456789${cells.map((cell) => cell.chapter ?? '').join('')}`;
    const faces = await subsetFaces(bookFaces([font]), labelText, work);
    const html = contactSheetHtml({
      layout,
      thumbnail: (page) => `${page}.png`,
      cells,
      fontCss: fontFaceCss(faces, { body: font, heading: font, caption: font }),
      fontFamily: font,
      labels: options.labels ?? DEFAULTS.labels,
    });
    const htmlFile = path.join(work, 'sheet.html');
    await writeFile(htmlFile, html);
    const png = await screenshot(htmlFile, layout, [dir], options.browser);
    // Written beside the final name and renamed: a reader never sees half a PNG.
    await writeFile(path.join(work, 'sheet.png'), png);
    await rename(path.join(work, 'sheet.png'), file);
    return { file, ...layout };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The top-level bookmarks with their 1-based pages: the chapters. */
async function pdfChapters(pdfFile: string): Promise<{ title: string; page: number }[]> {
  const doc = await PDFDocument.load(await readFile(pdfFile), { updateMetadata: false, ignoreEncryption: true });
  return readOutline(doc).flatMap((item) => (item.pageIndex === undefined ? [] : [{ title: item.title, page: item.pageIndex + 1 }]));
}

/** The HTML page, laid out at 1 CSS px per image pixel, taken whole after its fonts have loaded. */
async function screenshot(htmlFile: string, layout: ContactSheetLayout, allowedDirs: readonly string[], given?: Browser): Promise<Buffer> {
  const browser = given ?? (await launchChromium());
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', viewport: { width: layout.width, height: layout.height }, deviceScaleFactor: 1 });
    try {
      await context.route('**/*', (route) => (isAllowedUrl(route.request().url(), allowedDirs) ? route.continue() : route.abort('blockedbyclient')));
      const page = await context.newPage();
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      // Runs in an isolated world, so it works with the page's JavaScript off.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return await page.screenshot({ type: 'png', fullPage: false, clip: { x: 0, y: 0, width: layout.width, height: layout.height } });
    } finally {
      await context.close();
    }
  } catch (error) {
    if (error instanceof PaibanError) throw error;
    throw new PaibanError(`Chromium could not draw the contact sheet: ${String((error as Error).message).split('\n')[0]}`, { file: htmlFile, cause: error });
  } finally {
    if (!given) await browser.close();
  }
}
