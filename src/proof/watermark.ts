import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, grayscale } from 'pdf-lib';
import { PaibanError } from '../util/errors.js';
import { bodyLines, joinSplitLines } from './paragraphs.js';
import { textPages, type TextLine } from './text-lines.js';

export interface ProofPdfOptions {
  /** Number every n-th line of a page (1 = every line); default 5, as proofreaders count. */
  every?: number;
  /** `rtl` puts the numbers on the other side (outer margin of a vertical book). Default `ltr`. */
  direction?: 'ltr' | 'rtl';
}

/**
 * A proof copy of a PDF: each page's body lines numbered in the outer margin (1, 5, 10 … per page), so a
 * proofreader can write "p. 7, l. 12". Line positions come from poppler's text boxes (running heads and
 * folios left out, as in paragraphs.ts); the numbers are Helvetica digits, which need no font embedding.
 *
 * Not done: the diagonal 校样 watermark. pdf-lib's standard fonts have no Han glyphs; drawing 校样 needs
 * `@pdf-lib/fontkit` (to embed a subset of a TrueType/OpenType Han font, e.g. the @fontsource woff2 the
 * book already uses, if fontkit reads it, or a TTF) — or the two glyphs' outlines stored as SVG paths.
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
  const font = await pdf.embedFont(StandardFonts.Helvetica);
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
      // Baseline about a quarter of the box above its bottom (poppler's box spans ascent to descent).
      const y = height - line.yMax + (line.yMax - line.yMin) * 0.25;
      page.drawText(text, { x, y, size, font, color: grayscale(0.45) });
    });
  });
  return pdf.save({ addDefaultPage: false });
}

/** Body lines of every page; pdftotext reads files only, so the bytes go through a private temp folder. */
async function linesOf(pdfBytes: Uint8Array): Promise<TextLine[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paiban-proof-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdfBytes);
    return joinSplitLines(bodyLines(await textPages(file)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
