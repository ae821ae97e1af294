/**
 * Bleed plates (图片专辑, `{bleed}`): Chromium draws a page's content only inside the page's margins, so
 * a photo laid out over the whole page and beyond it (styles/book.css, the plates section) reaches
 * the PDF whole (its image drawn at its full size) but clipped to the type area. This draws each image
 * that covers its whole page a second time, under the page's content and with the same placement,
 * clipped to the page grown by the bleed: the book shows the photo to the trim (its MediaBox), and a
 * print file, whose MediaBox grows by the bleed (impose/marks.ts), shows it into the bleed, as the
 * cover does. Same pixels at the same place: where Chromium draws too, nothing changes.
 */
import { PDFArray, PDFContentStream, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream, type PDFDocument, type PDFPage } from 'pdf-lib';
import { mmToPoints } from '../config/page-size.js';
import { tokens } from './content-colour.js';

/** An affine matrix [a b c d e f] as PDF writes it. */
export type Matrix = [number, number, number, number, number, number];

/** `m` then `n`: the matrix of a `cm` (m) applied inside the current one (n). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/** The rectangle the unit square (an image) covers under a matrix. */
export function imageRect(m: Matrix): { x0: number; y0: number; x1: number; y1: number } {
  const xs = [m[4], m[0] + m[4], m[2] + m[4], m[0] + m[2] + m[4]];
  const ys = [m[5], m[1] + m[5], m[3] + m[5], m[1] + m[3] + m[5]];
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

export interface ImageDraw {
  /** The image XObject. */
  ref: PDFRef;
  matrix: Matrix;
}

/** Every image a content stream draws (`Do`), with its matrix, following q/Q/cm and into form XObjects (three deep). */
export function imageDraws(content: string, resources: PDFDict | undefined, lookup: (ref: unknown) => unknown, start: Matrix = [1, 0, 0, 1, 0, 0], depth = 0): ImageDraw[] {
  const draws: ImageDraw[] = [];
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  let ctm = start;
  const saved: Matrix[] = [];
  let operands: string[] = [];
  for (const token of tokens(content)) {
    if (token.kind === 'operand') {
      operands.push(token.value);
      continue;
    }
    if (token.value === 'q') saved.push(ctm);
    else if (token.value === 'Q') ctm = saved.pop() ?? ctm;
    else if (token.value === 'cm' && operands.length >= 6) {
      const m = operands.slice(-6).map(Number) as Matrix;
      if (m.every(Number.isFinite)) ctm = multiply(m, ctm);
    } else if (token.value === 'Do' && xobjects && operands.length) {
      const name = operands[operands.length - 1]!.slice(1);
      const entry = xobjects.get(PDFName.of(name));
      const object = lookup(entry);
      if (entry instanceof PDFRef && object instanceof PDFStream) {
        const subtype = object.dict.get(PDFName.of('Subtype'));
        if (subtype === PDFName.of('Image')) draws.push({ ref: entry, matrix: ctm });
        else if (subtype === PDFName.of('Form') && depth < 3) {
          const matrix = object.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray)?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) as Matrix | undefined;
          const inner = matrix?.length === 6 ? multiply(matrix, ctm) : ctm;
          draws.push(...imageDraws(streamText(object), object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), lookup, inner, depth + 1));
        }
      }
    }
    operands = [];
  }
  return draws;
}

function streamText(stream: PDFStream): string {
  const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream instanceof PDFContentStream ? stream.getUnencodedContents() : new Uint8Array();
  return Buffer.from(bytes).toString('latin1');
}

/** A page's content streams, decoded and joined (latin1: a character a byte). */
export function pageContent(page: PDFPage): string {
  const contents = page.node.context.lookup(page.node.get(PDFName.of('Contents')));
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.node.context.lookup(ref)) : [contents];
  return streams.filter((s): s is PDFStream => s instanceof PDFStream).map(streamText).join('\n');
}

const num = (n: number) => String(Math.round(n * 10_000) / 10_000);

/**
 * Draws every image that covers its whole page again under the page's content, clipped to the page
 * grown by `bleedMm`. Returns the 1-based pages changed.
 */
export function extendImagesIntoBleed(pdf: PDFDocument, bleedMm: number): number[] {
  const bleed = mmToPoints(bleedMm);
  const changed: number[] = [];
  pdf.getPages().forEach((page, index) => {
    // Not normalizedEntries(): it would wrap every page's content in q…Q streams, changed or not.
    const resources = page.node.context.lookupMaybe(page.node.getInheritableAttribute(PDFName.of('Resources')), PDFDict);
    if (!resources) return;
    const media = page.getMediaBox();
    const { width, height } = media;
    const draws = imageDraws(pageContent(page), resources, (ref) => pdf.context.lookup(ref as PDFRef)).filter(({ matrix }) => {
      const rect = imageRect(matrix);
      // Only a photo over the whole page (a bleed plate); a picture in the text never reaches past the type area.
      return rect.x0 <= media.x + 0.5 && rect.y0 <= media.y + 0.5 && rect.x1 >= media.x + width - 0.5 && rect.y1 >= media.y + height - 0.5;
    });
    if (!draws.length) return;
    const xobjects = resources.lookupMaybe(PDFName.of('XObject'), PDFDict) ?? pdf.context.obj({});
    resources.set(PDFName.of('XObject'), xobjects);
    const ops = draws.map((draw, k) => {
      let name = `PaibanBleed${k}`;
      for (let n = 1; xobjects.has(PDFName.of(name)) && xobjects.get(PDFName.of(name)) !== draw.ref; n += 1) name = `PaibanBleed${k}_${n}`;
      xobjects.set(PDFName.of(name), draw.ref);
      const clip = [media.x - bleed, media.y - bleed, width + 2 * bleed, height + 2 * bleed].map(num).join(' ');
      // An artifact: the tagged content is Chromium's drawing of the same photo, above it.
      return `/Artifact BMC q ${clip} re W n ${draw.matrix.map(num).join(' ')} cm /${name} Do Q EMC`;
    });
    const underlay = pdf.context.register(pdf.context.flateStream(ops.join('\n')));
    const contents = page.node.get(PDFName.of('Contents'));
    const list = contents instanceof PDFRef && pdf.context.lookup(contents) instanceof PDFArray ? (pdf.context.lookup(contents) as PDFArray) : contents instanceof PDFArray ? contents : undefined;
    if (list) list.insert(0, underlay);
    else page.node.set(PDFName.of('Contents'), pdf.context.obj(contents ? [underlay, contents] : [underlay]));
    changed.push(index + 1);
  });
  return changed;
}
