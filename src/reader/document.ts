import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { pdfium, type Pdfium } from './pdfium.js';
import { FIELDS, pushQuad, storedChars, type DrawnImage, type PageChar, type RgbImage } from './types.js';

/** FPDF_GetLastError's codes, in words. */
const LOAD_ERRORS: Record<number, string> = { 2: 'the file could not be opened', 3: 'it is not a PDF or it is damaged', 4: 'it is password-protected', 5: 'its security handler is not supported', 6: 'a page is damaged' };
const FPDF_ANNOT = 0x01;
const FPDF_REVERSE_BYTE_ORDER = 0x10;
const FPDFBITMAP_BGR = 2;
const PAGEOBJ_IMAGE = 3;
const PAGEOBJ_FORM = 5;
/** Scratch memory for the out-parameters of one call (matrices, boxes, origins), 8-byte aligned. */
const SCRATCH = 256;

export type RenderSize = { dpi: number } | { width: number };

/** A 2×2 matrix of PDF's [a b c d]. */
type Linear = [number, number, number, number];
/** PDF's full matrix [a b c d e f]. */
type Matrix = [number, number, number, number, number, number];

/**
 * One PDF open in PDFium. Pages are 0-based here; coordinates in points from the page's top-left corner
 * (the visible box, as MuPDF gives them). Pages with /Rotate are read unrotated (Chromium writes none).
 */
export class PdfiumDocument {
  private closed = false;

  private constructor(
    private readonly lib: Pdfium,
    private readonly doc: number,
    private readonly data: number,
    private readonly scratch: number,
    readonly pageCount: number,
  ) {}

  /** Opens `bytes` (read from `file`, named in errors). The caller closes it. */
  static async open(bytes: Uint8Array, file: string): Promise<PdfiumDocument> {
    const lib = await pdfium();
    const { fn } = lib;
    const data = fn.malloc(Math.max(1, bytes.length));
    lib.bytes().set(bytes, data);
    const doc = fn.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) {
      const reason = LOAD_ERRORS[fn.FPDF_GetLastError()] ?? 'PDFium could not read it';
      fn.free(data);
      throw new PaibanError(`${path.basename(file)} could not be read: ${reason}.`, { file, hint: 'Open it in a PDF viewer; if it opens, build or save it again.' });
    }
    const document = new PdfiumDocument(lib, doc, data, fn.malloc(SCRATCH), fn.FPDF_GetPageCount(doc));
    try {
      readLeftToRight(lib, doc, document.scratch);
    } catch (error) {
      document.close();
      throw error;
    }
    return document;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const { fn } = this.lib;
    fn.FPDF_CloseDocument(this.doc);
    fn.free(this.data);
    fn.free(this.scratch);
  }

  private withPage<T>(index: number, use: (page: number) => T): T {
    const { fn } = this.lib;
    const page = fn.FPDF_LoadPage(this.doc, index);
    if (!page) throw new PaibanError(`Page ${index + 1} of the PDF could not be read.`, { hint: 'The PDF may be damaged; build it again.' });
    try {
      return use(page);
    } finally {
      fn.FPDF_ClosePage(page);
    }
  }

  /** The page's size in points. */
  size(index: number): { width: number; height: number } {
    return this.withPage(index, (page) => ({ width: this.lib.fn.FPDF_GetPageWidthF(page), height: this.lib.fn.FPDF_GetPageHeightF(page) }));
  }

  /**
   * Every character PDFium's text layer has (not the spaces and line ends it adds itself), each with the
   * quad MuPDF would give it: the glyph's origin and advance along the baseline, the font's ascent and
   * descent (its FontDescriptor's) across it, in the direction of the character's matrix.
   */
  chars(index: number): PageChar[] {
    return this.withPage(index, (page) => {
      const { fn, f32, f64 } = this.lib;
      const s = this.scratch;
      fn.FPDF_GetPageBoundingBox(page, s);
      const [boxLeft, boxTop] = f32(s, 2) as unknown as [number, number];
      const text = fn.FPDFText_LoadPage(page);
      const texts: string[] = [];
      const fonts: string[] = [];
      const numbers: number[] = [];
      const fontInfo = new Map<number, { name: string; ascent: number; descent: number }>();
      // The glyph before: one glyph that stands for several characters ("——" as one 2-em dash) gives each
      // of them the same origin and box; MuPDF gives the first the advance and the others none, at its end.
      let previous = { object: 0, ox: Number.NaN, oy: Number.NaN, endX: 0, endY: 0 };
      try {
        const count = fn.FPDFText_CountChars(text);
        for (let i = 0; i < count; i += 1) {
          if (fn.FPDFText_IsGenerated(text, i) === 1) continue;
          const code = fn.FPDFText_GetUnicode(text, i) >>> 0;
          if (code === 0 || code > 0x10ffff) continue;
          const object = fn.FPDFText_GetTextObject(text, i);
          if (!object) continue; // a space PDFium inferred from a gap: nothing printed there
          const font = this.fontOf(fn.FPDFTextObj_GetFont(object), fontInfo);
          const tf = fn.FPDFText_GetFontSize(text, i);
          fn.FPDFText_GetMatrix(text, i, s);
          const [a, b, c, d] = f32(s, 4) as unknown as Linear;
          fn.FPDFText_GetCharOrigin(text, i, s + 32, s + 40);
          let [ox, oy] = f64(s + 32, 2) as unknown as [number, number];
          fn.FPDFText_GetLooseCharBox(text, i, s + 48);
          const [left, top, right, bottom] = f32(s + 48, 4) as unknown as [number, number, number, number];
          const along = Math.hypot(a, b) || 1;
          const across = Math.hypot(c, d) || 1;
          const fontSize = tf * Math.sqrt(Math.abs(a * d - b * c));
          // The loose box is the advance × the font's bounding box, turned by the matrix: its extent along
          // the baseline is the advance when the baseline is horizontal or vertical (all Chromium writes).
          const ux = a / along;
          const uy = b / along;
          let advance = Math.abs(uy) < 1e-6 ? right - left : Math.abs(ux) < 1e-6 ? Math.abs(top - bottom) : (right - left) / Math.abs(ux);
          if (object === previous.object && ox === previous.ox && oy === previous.oy) {
            ox = previous.endX;
            oy = previous.endY;
            advance = 0;
          } else previous = { object, ox, oy, endX: ox + advance * ux, endY: oy + advance * uy };
          const vx = (c / across) * fontSize;
          const vy = (d / across) * fontSize;
          // Corners in PDF space (y up), then from the visible box's top-left (y down).
          const x0 = ox + font.ascent * vx;
          const y0 = oy + font.ascent * vy;
          const x2 = ox + font.descent * vx;
          const y2 = oy + font.descent * vy;
          pushQuad(numbers, fontSize, x0 - boxLeft, boxTop - y0, x0 + advance * ux - boxLeft, x2 + advance * ux - boxLeft, boxTop - (y2 + advance * uy));
          texts.push(String.fromCodePoint(code));
          fonts.push(font.name);
        }
      } finally {
        fn.FPDFText_ClosePage(text);
      }
      if (numbers.length !== texts.length * FIELDS) throw new Error('PDFium reader: characters and numbers out of step');
      return storedChars(texts, fonts, numbers);
    });
  }

  private fontOf(font: number, known: Map<number, { name: string; ascent: number; descent: number }>): { name: string; ascent: number; descent: number } {
    const cached = known.get(font);
    if (cached) return cached;
    const { fn, f32, bytes } = this.lib;
    const s = this.scratch;
    let name = '';
    let ascent = 0;
    let descent = 0;
    if (font) {
      const length = fn.FPDFFont_GetBaseFontName(font, s + 64, SCRATCH - 64);
      if (length > 1 && length <= SCRATCH - 64) name = Buffer.from(bytes().subarray(s + 64, s + 64 + length - 1)).toString('latin1');
      if (fn.FPDFFont_GetAscent(font, 1, s)) ascent = f32(s, 1)[0]!;
      if (fn.FPDFFont_GetDescent(font, 1, s)) descent = f32(s, 1)[0]!;
    }
    // MuPDF drops the subset tag (ABCDEF+) from the name; so does paiban everywhere.
    const info = { name: name.replace(/^[A-Z]{6}\+/, ''), ascent, descent };
    known.set(font, info);
    return info;
  }

  /** The page as an RGB image, sized as pdftoppm sizes it (`-r dpi`, or `-scale-to-x width`), annotations drawn. */
  render(index: number, size: RenderSize): RgbImage {
    return this.withPage(index, (page) => {
      const { fn, bytes } = this.lib;
      const points = { width: fn.FPDF_GetPageWidthF(page), height: fn.FPDF_GetPageHeightF(page) };
      const width = 'width' in size ? size.width : Math.ceil((points.width * size.dpi) / 72 - 1e-6);
      const height = Math.ceil(((('width' in size ? size.width / points.width : size.dpi / 72) * points.height) - 1e-6));
      const bitmap = fn.FPDFBitmap_CreateEx(width, height, FPDFBITMAP_BGR, 0, 0);
      if (!bitmap) throw new PaibanError(`Page ${index + 1} is too large to draw at this resolution (${width} × ${height} pixels).`);
      try {
        fn.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
        // Reversed byte order: PDFium's BGR comes out as RGB.
        fn.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, FPDF_ANNOT | FPDF_REVERSE_BYTE_ORDER);
        const stride = fn.FPDFBitmap_GetStride(bitmap);
        const start = fn.FPDFBitmap_GetBuffer(bitmap);
        const heap = bytes();
        const data = Buffer.allocUnsafe(width * height * 3);
        for (let row = 0; row < height; row += 1) data.set(heap.subarray(start + row * stride, start + row * stride + width * 3), row * width * 3);
        return { width, height, data };
      } finally {
        fn.FPDFBitmap_Destroy(bitmap);
      }
    });
  }

  /** Every image drawn on the page, inside form XObjects too, in drawing order, with its printed size and resolution. */
  images(index: number): DrawnImage[] {
    return this.withPage(index, (page) => {
      const { fn } = this.lib;
      const found: DrawnImage[] = [];
      const visit = (count: number, objectAt: (i: number) => number, outer: Matrix, depth: number) => {
        for (let i = 0; i < count; i += 1) {
          const object = objectAt(i);
          const type = fn.FPDFPageObj_GetType(object);
          if (type !== PAGEOBJ_IMAGE && type !== PAGEOBJ_FORM) continue;
          const matrix = multiply(this.matrixOf(object), outer);
          if (type === PAGEOBJ_FORM) {
            // Forms nest rarely more than a few levels; a deeper nesting is a hostile file, not a book.
            if (depth < 16) visit(fn.FPDFFormObj_CountObjects(object), (j) => fn.FPDFFormObj_GetObject(object, j), matrix, depth + 1);
            continue;
          }
          const s = this.scratch;
          if (!fn.FPDFImageObj_GetImagePixelSize(object, s, s + 4)) continue;
          const [width, height] = this.lib.u32(s, 2) as unknown as [number, number];
          // The matrix maps the unit square to the printed image: its column lengths are the printed size in points.
          const printedWidth = Math.hypot(matrix[0], matrix[1]);
          const printedHeight = Math.hypot(matrix[2], matrix[3]);
          found.push({ width, height, dpi: Math.min(width / (printedWidth / 72), height / (printedHeight / 72)), printedWidth, printedHeight, matrix });
        }
      };
      visit(fn.FPDFPage_CountObjects(page), (i) => fn.FPDFPage_GetObject(page, i), [1, 0, 0, 1, 0, 0], 0);
      return found;
    });
  }

  private matrixOf(object: number): Matrix {
    const s = this.scratch;
    if (!this.lib.fn.FPDFPageObj_GetMatrix(object, s)) return [1, 0, 0, 1, 0, 0];
    return [...this.lib.f32(s, 6)] as Matrix;
  }
}

/**
 * A catalog whose viewer preferences say left to right, and nothing else: what readLeftToRight copies
 * into a book that says right to left.
 */
const LEFT_TO_RIGHT = (() => {
  const objects = ['<< /Type /Catalog /Pages 2 0 R /ViewerPreferences << /Direction /L2R >> >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let text = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
})();

/**
 * Reads a right-to-left book's text as it is printed. A vertical book says /Direction /R2L in its viewer
 * preferences (pages turn leftwards), and PDFium's text page then takes every line for right-to-left
 * text: the punctuation before a line's first letter (“ 《 （ …) comes out mirrored (” 》 ）) and
 * folded to ASCII. The copy of the document in memory gets left-to-right viewer preferences; the file
 * is not touched.
 */
function readLeftToRight(lib: Pdfium, doc: number, scratch: number): void {
  const { fn, bytes } = lib;
  const key = Buffer.from('Direction\0', 'latin1');
  bytes().set(key, scratch);
  const length = fn.FPDF_VIEWERREF_GetName(doc, scratch, scratch + 16, SCRATCH - 16);
  if (length < 2 || Buffer.from(bytes().subarray(scratch + 16, scratch + 16 + length - 1)).toString('latin1') !== 'R2L') return;
  const data = fn.malloc(LEFT_TO_RIGHT.length);
  bytes().set(LEFT_TO_RIGHT, data);
  const source = fn.FPDF_LoadMemDocument(data, LEFT_TO_RIGHT.length, 0);
  try {
    if (!source || !fn.FPDF_CopyViewerPreferences(doc, source)) throw new Error('PDFium reader: the viewer preferences could not be set to left to right');
  } finally {
    if (source) fn.FPDF_CloseDocument(source);
    fn.free(data);
  }
}

/** `inner` then `outer`, PDF's row-vector order. */
function multiply(inner: Matrix, outer: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = inner;
  const [a2, b2, c2, d2, e2, f2] = outer;
  return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2, e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2];
}

/** Opens a PDF, hands it to `use` and closes it whatever happens. */
export async function withPdfium<T>(bytes: Uint8Array, file: string, use: (document: PdfiumDocument) => T | Promise<T>): Promise<T> {
  const document = await PdfiumDocument.open(bytes, file);
  try {
    return await use(document);
  } finally {
    document.close();
  }
}
