// Writes markup annotations into a PDF with pdf-lib the way common readers store them (Acrobat's
// QuadPoints order: upper-left, upper-right, lower-left, lower-right; /IRT replies; /RT /Group for
// replace-text; UTF-16BE /Contents and /T), at the characters of a given text on the page.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFHexString, PDFString, type PDFPage, type PDFRef } from 'pdf-lib';
import { readableLines, pageWriting } from '../src/comments/covered.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';
import { proofPdf } from '../src/proof/watermark.js';

export interface Found {
  page: number;
  chars: PageChar[];
  writing: 'horizontal' | 'vertical';
}

/** The printed characters of `text` (whitespace ignored), in reading order; the first occurrence after `after`. */
export function findPrinted(pages: PageChar[][], text: string, after = '', sheetWidth?: number): Found {
  for (let p = 0; p < pages.length; p++) {
    const writing = pageWriting(pages[p]!);
    const flat = readableLines(pages[p]!, writing, sheetWidth).flatMap((l) => l.chars);
    const joined = flat.map((c) => c.char).join('');
    const at = joined.indexOf(after + text);
    if (at >= 0) return { page: p + 1, chars: flat.slice(at + after.length, at + after.length + text.length), writing };
  }
  throw new Error(`"${after}${text}" is not printed in the PDF`);
}

/**
 * The proof of a book built into `outDir` (its yearbook.pdf → proof.pdf, as `paiban proof --pdf` makes
 * it), loaded for marking up, and `at(text, after)`: where that text prints on it.
 */
export async function proofToMark(outDir: string, writing: 'horizontal' | 'vertical') {
  const proof = path.join(outDir, 'proof.pdf');
  await writeFile(proof, await proofPdf(await readFile(path.join(outDir, 'yearbook.pdf')), { direction: writing === 'vertical' ? 'rtl' : 'ltr' }));
  const pages = await pageChars(proof);
  const pdf = await PDFDocument.load(await readFile(proof));
  const at = (text: string, after = '') => {
    const found = findPrinted(pages, text, after);
    const page = pdf.getPage(found.page - 1);
    return { found, page, height: page.getHeight() };
  };
  return { proof, pdf, at };
}

/** Acrobat's quads for a run of characters: one per line (row or column), UL UR LL LR in PDF space. */
export function quadsOf(found: Found, pageHeight: number): number[] {
  const lines: PageChar[][] = [];
  for (const c of found.chars) {
    const last = lines[lines.length - 1];
    const same = last && (found.writing === 'horizontal' ? Math.abs(last[0]!.y - c.y) < 2 : Math.abs(last[0]!.x - c.x) < 2);
    if (same) last.push(c);
    else lines.push([c]);
  }
  const quads: number[] = [];
  for (const line of lines) {
    const half = line[0]!.size / 2;
    const x0 = Math.min(...line.map((c) => c.x)) - half;
    const x1 = Math.max(...line.map((c) => c.x)) + half;
    const top = Math.min(...line.map((c) => c.y)) - half;
    const bottom = Math.max(...line.map((c) => c.y)) + half;
    const yTop = pageHeight - top;
    const yBottom = pageHeight - bottom;
    quads.push(x0, yTop, x1, yTop, x0, yBottom, x1, yBottom);
  }
  return quads;
}

export function rectOf(quads: number[]): number[] {
  const xs = quads.filter((_, i) => i % 2 === 0);
  const ys = quads.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A caret's rect at the gap before `found.chars[0]` (horizontal: below the line; vertical: beside the column). */
export function caretRect(found: Found, pageHeight: number): number[] {
  const c = found.chars[0]!;
  const s = c.size;
  if (found.writing === 'horizontal') {
    const x = c.x - s / 2;
    const y = pageHeight - (c.y + s * 0.35);
    return [x - 3, y - 3, x + 3, y + 3];
  }
  const y = pageHeight - (c.y - s / 2);
  const x = c.x + s * 0.35;
  return [x - 3, y - 3, x + 3, y + 3];
}

export interface AnnotationSpec {
  subtype: string;
  rect: number[];
  quads?: number[];
  author?: string;
  contents?: string;
  irt?: PDFRef;
  group?: boolean;
  /** Contents as a PDFDocEncoded literal string rather than UTF-16. */
  latin?: boolean;
}

export function addAnnotation(pdf: PDFDocument, page: PDFPage, spec: AnnotationSpec): PDFRef {
  const dict = pdf.context.obj({
    Type: 'Annot',
    Subtype: spec.subtype,
    Rect: spec.rect,
    ...(spec.quads ? { QuadPoints: spec.quads } : {}),
    ...(spec.author ? { T: PDFHexString.fromText(spec.author) } : {}),
    ...(spec.contents !== undefined ? { Contents: spec.latin ? PDFString.of(spec.contents) : PDFHexString.fromText(spec.contents) } : {}),
    M: PDFString.of("D:20241201093000+08'00'"),
    F: 4,
    C: [1, 0, 0],
    ...(spec.irt ? { IRT: spec.irt } : {}),
    ...(spec.group ? { RT: 'Group' } : {}),
  });
  const ref = pdf.context.register(dict);
  page.node.addAnnot(ref);
  return ref;
}
