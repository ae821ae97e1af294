import { availableParallelism } from 'node:os';
import path from 'node:path';
import { assertPdf, pageCount } from './pdf-file.js';
import { rasterize } from './raster.js';
import { writePng } from './png.js';
import { ensureDir, removeStale } from './proof-dir.js';

export interface PageImage {
  /** 1-based page number. */
  page: number;
  /** Absolute path of the PNG. */
  file: string;
  width: number;
  height: number;
}

export interface PageImageOptions {
  /** Default 100: A5 becomes 583×827 px, enough to read 五号 text. */
  dpi?: number;
  /** Page ranges rendered side by side; default 2 (or fewer cores). See `renderPageImages`. */
  jobs?: number;
  /** The folder trusted above the output folder (default its parent): every folder below it must be real. */
  root?: string;
}

export const DEFAULT_DPI = 100;

/** `page-001.png`; wider numbers only when the book has 1,000 pages or more, so names sort as they read. */
export function pageImageName(page: number, pages: number): string {
  return `page-${String(page).padStart(Math.max(3, String(pages).length), '0')}.png`;
}

/**
 * Renders every page of a PDF to `outDir/page-001.png`… and removes page images a longer earlier build
 * left there. Pages are split into `jobs` consecutive ranges, each a PDFium render that yields its pages in
 * turn; the PNGs are encoded here as the pages stream in, so one range's encoding overlaps another's render.
 */
export async function renderPageImages(pdfFile: string, outDir: string, options: PageImageOptions = {}): Promise<PageImage[]> {
  const pdf = await assertPdf(pdfFile);
  const root = options.root ?? path.dirname(path.resolve(outDir));
  const dir = await ensureDir(outDir, root);
  const pages = await pageCount(pdf);
  const dpi = options.dpi ?? DEFAULT_DPI;
  const ranges = splitRange(pages, Math.max(1, options.jobs ?? Math.min(2, availableParallelism())));
  const images: PageImage[] = [];
  let failed = false;
  await Promise.all(
    ranges.map(async ([first, last]) => {
      try {
        for await (const image of rasterize(pdf, { dpi, first, last })) {
          if (failed) break; // another range failed: stop rendering this one too
          const file = path.join(dir, pageImageName(image.page, pages));
          await writePng(root, file, image);
          images.push({ page: image.page, file, width: image.width, height: image.height });
        }
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  images.sort((a, b) => a.page - b.page);
  await removeStale(dir, /^page-\d+\.png$/, images.map((image) => path.basename(image.file)), root);
  return images;
}

/** Splits pages 1..count into at most `parts` consecutive, nearly equal ranges. */
export function splitRange(count: number, parts: number): [number, number][] {
  const n = Math.min(parts, count);
  const ranges: [number, number][] = [];
  for (let i = 0, first = 1; i < n; i += 1) {
    const size = Math.floor(count / n) + (i < count % n ? 1 : 0);
    ranges.push([first, first + size - 1]);
    first += size;
  }
  return ranges;
}
