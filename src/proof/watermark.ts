import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, grayscale, radians, rgb } from 'pdf-lib';
import { PaibanError } from '../util/errors.js';
import { bodyLines, joinSplitLines } from './paragraphs.js';
import { textPagesOf, type TextLine } from './text-lines.js';

export interface ProofPdfOptions {
  /** Number every n-th line of a page (1 = every line); default 5, as proofreaders count. */
  every?: number;
  /** `rtl` puts the numbers on the other side (outer margin of a vertical book). Default `ltr`. */
  direction?: 'ltr' | 'rtl';
  /** Draw the diagonal 校样 (proof) watermark on every page. Default true. */
  watermark?: boolean;
}

/**
 * The Kai face the book already ships (LXGW WenKai, TrueType outlines), read by fontkit: 校样 drawn in
 * it embeds a two-glyph CID TrueType subset, never a Type 3 font. The .woff decodes faster than the .woff2.
 */
const WATERMARK_FONT = createRequire(import.meta.url).resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff');

/**
 * A proof copy of a PDF: each page's body lines numbered in the outer margin (1, 5, 10 … per page), so a
 * proofreader can write "p. 7, l. 12". Line positions come from the printed characters' boxes (running heads and
 * folios left out, as in paragraphs.ts); the numbers are set in the book's Kai face, embedded as a subset.
 *
 * Each page also carries a light diagonal 校样 (proof) watermark, so a proof is never mistaken for the
 * book: pdf-lib's standard fonts have no Han glyphs, so @pdf-lib/fontkit embeds the two from the Kai face.
 */
export async function proofPdf(pdfBytes: Uint8Array, options: ProofPdfOptions = {}): Promise<Uint8Array> {
  const every = Math.max(1, options.every ?? 5);
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  } catch (error) {
    throw new PaibanError('The file to proof is not a PDF pdf-lib can read.', { hint: 'Give the .pdf that `paiban build` wrote.', cause: error });
  }
  const lines = await linesOf(pdfBytes);
  // One embedded subset of the Kai face for the numbers and the watermark: every font of the proof is embedded.
  pdf.registerFontkit(fontkit);
  const kai = await pdf.embedFont(await readFile(WATERMARK_FONT), { subset: true });
  const font = kai;
  if (options.watermark !== false) {
    for (const page of pdf.getPages()) {
      const { width, height } = page.getSize();
      const size = Math.min(width, height) / 3;
      const angle = Math.atan2(height, width);
      const textWidth = kai.widthOfTextAtSize('校样', size);
      // Centred on the page, along its diagonal.
      const x = width / 2 - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * size) / 3;
      const y = height / 2 - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * size) / 3;
      page.drawText('校样', { x, y, size, font: kai, color: rgb(0.8, 0.1, 0.1), opacity: 0.2, rotate: radians(angle) });
    }
  }
  const size = 6;
  pdf.getPages().forEach((page, index) => {
    const onPage = lines.filter((line) => line.page === index + 1);
    if (!onPage.length) return;
    const { height } = page.getSize();
    // Outer margin: right of a recto, left of a verso (mirrored for vertical books).
    const right = (index % 2 === 0) === (options.direction !== 'rtl');
    const edge = right ? Math.max(...onPage.map((l) => l.xMax)) + 6 : Math.min(...onPage.map((l) => l.xMin)) - 6;
    onPage.forEach((line, i) => {
      const n = i + 1;
      if (n !== 1 && n % every !== 0) return;
      const text = String(n);
      const x = right ? edge : edge - font.widthOfTextAtSize(text, size);
      // Baseline about a quarter of the box above its bottom (the line's box spans ascent to descent).
      const y = height - line.yMax + (line.yMax - line.yMin) * 0.25;
      page.drawText(text, { x, y, size, font, color: grayscale(0.45) });
    });
  });
  return pdf.save({ addDefaultPage: false });
}

/** Body lines of every page, read from the bytes in memory. */
async function linesOf(pdfBytes: Uint8Array): Promise<TextLine[]> {
  return joinSplitLines(bodyLines(await textPagesOf(pdfBytes, 'the proof PDF')));
}
