import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { makePrivateFolder, removeFolder, writeFileSafely } from '../files/write.js';
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
import { contactSheetHtml } from './contact-sheet-html.js';
import { chapterNames, contactSheetLayout, LAYOUT_DEFAULTS, type ContactSheetLayout, type SheetLayoutOptions } from './contact-sheet-layout.js';
import { assertPdf } from './pdf-file.js';
import { writePng } from './png.js';
import { ensureDir } from './proof-dir.js';
import { rasterize } from './raster.js';

export { chapterNames, contactSheetLayout, LABEL_HEIGHT, spreads, type ContactSheetLayout, type ReadingDirection, type SheetSlot, type SpreadCell } from './contact-sheet-layout.js';

export interface ContactSheetOptions extends SheetLayoutOptions {
  /** Thumbnail width in pixels; default 100. */
  thumbWidth?: number;
  /** The typeface of the labels: the book's (default Noto Sans SC, its heading face). */
  font?: FontFamily;
  /** A running Chromium to use (else one is started and closed). */
  browser?: Browser;
  /** The folder trusted above the sheet's folder (default its parent): every folder below it must be real. */
  root?: string;
}

export interface ContactSheet extends ContactSheetLayout {
  file: string;
}

const DEFAULTS = { ...LAYOUT_DEFAULTS, thumbWidth: 100, font: 'Noto Sans SC' as FontFamily };

/**
 * Renders the PDF's pages at thumbnail width (PDFium, as pdftoppm's `-scale-to-x` sized them), lays them out as an HTML page
 * with the page numbers and chapter names set in the book's typeface, and takes it from Chromium as
 * one PNG. Chromium runs with JavaScript off and may read only the proof folder (the labels' font is
 * subset into it).
 */
export async function renderContactSheet(pdfFile: string, outFile: string, options: ContactSheetOptions = {}): Promise<ContactSheet> {
  const pdf = await assertPdf(pdfFile);
  const root = options.root ?? path.dirname(path.dirname(path.resolve(outFile)));
  const dir = await ensureDir(path.dirname(outFile), root);
  const file = path.resolve(outFile);
  const work = await makePrivateFolder(root, dir, '.contact-sheet-');
  try {
    let pages = 0;
    let thumbHeight = 0;
    for await (const page of rasterize(pdf, { scaleToWidth: options.thumbWidth ?? DEFAULTS.thumbWidth })) {
      if (page.page === 1) thumbHeight = page.height;
      await writePng(work, path.join(work, `${page.page}.png`), page);
      pages += 1;
    }
    if (!pages) throw new PaibanError(`${pdfFile} has no pages.`, { file: pdf });
    const layout = contactSheetLayout(pages, options.thumbWidth ?? DEFAULTS.thumbWidth, thumbHeight, options);
    const font = options.font ?? DEFAULTS.font;
    const cells = chapterNames(layout.cells, await pdfChapters(pdf));
    // The labels' typeface, subset to their characters in the work folder, as the build does for the book.
    const labelText = `0123456789${cells.map((cell) => cell.chapter ?? '').join('')}`;
    const faces = await subsetFaces(bookFaces([font]), labelText, work, work);
    const html = contactSheetHtml({
      layout,
      thumbnail: (page) => `${page}.png`,
      cells,
      fontCss: fontFaceCss(faces, { body: font, heading: font, caption: font }),
      fontFamily: font,
      labels: options.labels ?? DEFAULTS.labels,
    });
    const htmlFile = path.join(work, 'sheet.html');
    await writeFileSafely(work, htmlFile, html);
    // Chromium reads only the work folder (the thumbnails and the labels' font), by its real path.
    const png = await screenshot(htmlFile, layout, [await realpath(work)], options.browser);
    // Written beside the final name and renamed: a reader never sees half a PNG, a planted link is replaced.
    await writeFileSafely(root, file, png);
    return { file, ...layout };
  } finally {
    await removeFolder(root, work);
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
