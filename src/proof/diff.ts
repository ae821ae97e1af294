import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PaibanError } from '../util/errors.js';
import { assertPdf, pageCount } from './pdf-file.js';
import { DEFAULT_DPI } from './page-images.js';
import { movedParagraphs, paragraphsOf, type MovedParagraph } from './paragraphs.js';
import { canvas, rgbaToRgb, rgbToRgba, blit, writePng } from './png.js';
import { ensureDir, removeStale } from './proof-dir.js';
import { rasterize, type RgbImage } from './raster.js';
import { textPages } from './text-lines.js';

export interface DiffOptions {
  /** Where the diff images go (created if missing); stale diff-*.png from an earlier diff are removed. */
  workDir: string;
  /** Default 100. Both PDFs are rendered at it. */
  dpi?: number;
  /** The folder trusted above workDir (default its parent): every folder below it must be real. */
  root?: string;
  /**
   * pixelmatch's per-pixel colour threshold (0–1 of the largest YIQ distance); default 0.1, pixelmatch's
   * own: a pixel counts as changed when its grey level moved by more than ~26 of 255 (10%). PDFium renders
   * identical content to identical pixels, so unchanged pages never count; 0.1 only ignores faint
   * anti-aliasing shifts, while any changed glyph at 100 dpi moves many pixels from white to black. A page
   * is changed when at least one pixel is.
   */
  threshold?: number;
}

export interface PdfDiff {
  /** Pages (1-based, of the new PDF) that differ from the old page of the same number, or are new. */
  changedPages: number[];
  pageCountOld: number;
  pageCountNew: number;
  /** One PNG per changed page, in the same order: new ink red, ink gone pale blue, over a faded copy of the new page. */
  diffImages: string[];
  /** Changed pixels per changed page, in the same order (how much changed, for sorting or a summary). */
  changedPixels: number[];
  /** Old pages past the new last page (the book got shorter); they have no new page to be drawn on. */
  removedPages: number[];
  /** Paragraphs whose first line is now on another page (see paragraphs.ts for the method and its limits). */
  movedParagraphs: MovedParagraph[];
}

/** The name of the diff image of a new page: `diff-007.png`. */
export function diffImageName(page: number, pages: number): string {
  return `diff-${String(page).padStart(Math.max(3, String(pages).length), '0')}.png`;
}

/**
 * Compares two PDFs page by page (page n with page n), and their paragraphs' pages.
 * The two renders stream side by side (PDFium, page by page, taking turns) and only pages whose pixels
 * differ go through pixelmatch. Pages are compared by number, so a line added on page 5 reports page 5 and
 * every later page of the chapter whose lines shifted: that is what a proofreader must look at again.
 */
export async function diffPdfs(oldPdf: string, newPdf: string, options: DiffOptions): Promise<PdfDiff> {
  const [before, after] = await Promise.all([assertPdf(oldPdf), assertPdf(newPdf)]);
  const root = options.root ?? path.dirname(path.resolve(options.workDir));
  const dir = await ensureDir(options.workDir, root);
  const dpi = options.dpi ?? DEFAULT_DPI;
  const threshold = options.threshold ?? 0.1;

  // Text is read beside the renders (PDFium's characters, lines rebuilt from their places).
  const moved = Promise.all([textPages(before), textPages(after)]).then(([a, b]) => movedParagraphs(paragraphsOf(a), paragraphsOf(b)));
  moved.catch(() => undefined); // awaited below; not "unhandled" if rendering fails first

  const [pageCountOld, pageCountNew] = await Promise.all([pageCount(before), pageCount(after)]);
  // A PDF without a page is no build of a book (PDFium opens it without complaint).
  for (const [file, pages] of [[oldPdf, pageCountOld], [newPdf, pageCountNew]] as const) {
    if (pages === 0) throw new PaibanError(`${file} has no pages.`, { file, hint: 'The PDF is damaged or not a book paiban built; build the book again.' });
  }
  const changedPages: number[] = [];
  const changedPixels: number[] = [];
  const diffImages: string[] = [];
  const removedPages: number[] = [];
  const oldPages = rasterize(before, { dpi });
  const newPages = rasterize(after, { dpi });
  try {
    for (;;) {
      const [a, b] = await Promise.all([oldPages.next(), newPages.next()]);
      if (a.done && b.done) break;
      if (b.done) {
        removedPages.push(a.value!.page);
        continue;
      }
      const result = comparePages(a.done ? undefined : a.value, b.value, threshold);
      if (!result) continue;
      // Written at once: a thousand changed pages held in memory would be ~2 GB at 100 dpi.
      const file = path.join(dir, diffImageName(b.value.page, pageCountNew));
      await writePng(root, file, result.image);
      changedPages.push(b.value.page);
      changedPixels.push(result.pixels);
      diffImages.push(file);
    }
  } finally {
    await Promise.all([oldPages.return(undefined), newPages.return(undefined)]);
  }
  await removeStale(dir, /^diff-\d+\.png$/, diffImages.map((file) => path.basename(file)), root);
  return {
    changedPages,
    pageCountOld,
    pageCountNew,
    diffImages,
    changedPixels,
    removedPages,
    movedParagraphs: await moved,
  };
}

/**
 * Compares one page pair; undefined when identical. A page with no old counterpart is compared with a blank
 * page, so all its ink shows red. Pages of different sizes are compared on a white canvas of the larger size.
 */
export function comparePages(oldPage: RgbImage | undefined, newPage: RgbImage, threshold = 0.1): { pixels: number; image: RgbImage } | undefined {
  if (oldPage && oldPage.width === newPage.width && oldPage.height === newPage.height && oldPage.data.equals(newPage.data)) return undefined;
  const width = Math.max(newPage.width, oldPage?.width ?? 0);
  const height = Math.max(newPage.height, oldPage?.height ?? 0);
  const a = rgbToRgba(onCanvas(newPage, width, height));
  const b = rgbToRgba(oldPage ? onCanvas(oldPage, width, height) : canvas(width, height));
  const out = new Uint8Array(width * height * 4);
  // img1 = the new page: pixelmatch draws the faded copy from img1. Ink that is new is red; ink that was only
  // on the old page (diffColorAlt) is pale blue, so where lines shifted the new text stays readable over
  // the ghost of the old. includeAA: PDFium's anti-aliasing is deterministic, so an "anti-aliased"
  // difference is a real (sub-pixel) change, and a 1-px Han stroke at 100 dpi would otherwise be
  // discounted as anti-aliasing.
  const pixels = pixelmatch(a, b, out, width, height, { threshold, includeAA: true, alpha: 0.25, diffColor: [255, 0, 0], diffColorAlt: [150, 185, 255] });
  if (pixels === 0) return undefined;
  return { pixels, image: rgbaToRgb(width, height, out) };
}

function onCanvas(image: RgbImage, width: number, height: number): RgbImage {
  if (image.width === width && image.height === height) return image;
  const page = canvas(width, height);
  blit(page, image, 0, 0);
  return page;
}
