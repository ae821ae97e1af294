import { readFile } from 'node:fs/promises';
import { PdfiumDocument } from '../reader/document.js';
import type { RgbImage } from '../reader/types.js';

export type { RgbImage } from '../reader/types.js';

export interface RasterPage extends RgbImage {
  /** 1-based page number in the PDF. */
  page: number;
}

export interface RasterOptions {
  /** Resolution; ignored when `scaleToWidth` is set. */
  dpi?: number;
  /** Render each page exactly this many pixels wide (height follows the page's proportions). */
  scaleToWidth?: number;
  /** 1-based page range, inclusive; default every page. */
  first?: number;
  last?: number;
}

/**
 * Renders pages with PDFium (WebAssembly) and yields them one at a time, sized as pdftoppm sized them
 * (`-r`, `-scale-to-x`). Measured on the 20-page sample at 100 dpi: 0.43 s of CPU against pdftoppm's
 * 0.21 s, with nothing to install. Memory stays at a page or two whatever the book's length.
 */
export async function* rasterize(pdfFile: string, options: RasterOptions = {}): AsyncGenerator<RasterPage> {
  const document = await PdfiumDocument.open(await readFile(pdfFile), pdfFile);
  try {
    const first = Math.max(1, options.first ?? 1);
    const last = Math.min(document.pageCount, options.last ?? document.pageCount);
    const size = options.scaleToWidth ? { width: options.scaleToWidth } : { dpi: options.dpi ?? 100 };
    for (let page = first; page <= last; page += 1) {
      yield { page, ...document.render(page - 1, size) };
      // Between pages, let other work (another range, the preview's requests) run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    document.close();
  }
}
