/**
 * Page order for saddle-stitched 2-up booklets: which page goes on which half of which side of which sheet.
 * Pure arithmetic on page indices; no PDF here.
 */
import { PaibanError } from '../util/errors.js';

/** A 0-based page index of the source PDF, or null for a blank. */
export type Slot = number | null;

/** Reading direction of the finished book. */
export type BindingDirection = 'ltr' | 'rtl';

/** One side of a sheet as it lies on the printer's output tray: left and right half. */
export interface SheetSide {
  left: Slot;
  right: Slot;
}

export interface Sheet {
  /** 0-based signature (folded section) this sheet belongs to. */
  signature: number;
  /** 0 = outermost sheet of its signature; grows towards the centre fold. */
  depth: number;
  /** Sheets in this sheet's signature (for creep: the innermost has depth sheetsInSignature − 1). */
  sheetsInSignature: number;
  front: SheetSide;
  back: SheetSide;
}

export interface BookletOptions {
  /** 'ltr': horizontal book, spine on the left. 'rtl': vertical Chinese book, spine on the right. Default 'ltr'. */
  direction?: BindingDirection;
  /**
   * Blanks go just before the last `keepAtEnd` pages, so a colophon or back page stays last.
   * 0 puts them at the very end. Default 1. Never more than pageCount − 1: the first page stays first.
   */
  keepAtEnd?: number;
  /** Pages per folded signature (a multiple of 4, e.g. 16) for perfect binding; default: one signature. */
  signaturePages?: number;
}

export interface BookletPlan {
  direction: BindingDirection;
  /** Source pages. */
  pageCount: number;
  /** The book in reading order after padding: source page indices and blanks. Length is a multiple of 4. */
  sequence: Slot[];
  /** Blank pages added. */
  blankCount: number;
  /** Pages per signature, in order (all equal to signaturePages but the last). */
  signatureSizes: number[];
  /** In printing order: sheet 0 front, sheet 0 back, sheet 1 front… */
  sheets: Sheet[];
}

/**
 * Reading order padded to a multiple of 4: blanks go before the last `keepAtEnd` pages
 * (printers expect them there: a booklet's last page is its back cover or colophon).
 */
export function padSequence(pageCount: number, keepAtEnd = 1): Slot[] {
  checkPageCount(pageCount);
  if (!Number.isInteger(keepAtEnd) || keepAtEnd < 0) {
    throw new PaibanError(`keepAtEnd must be a whole number ≥ 0, not ${keepAtEnd}.`);
  }
  const kept = Math.min(keepAtEnd, pageCount - 1);
  const blanks = (4 - (pageCount % 4)) % 4;
  const pages = Array.from({ length: pageCount }, (_, index): Slot => index);
  return [...pages.slice(0, pageCount - kept), ...Array<Slot>(blanks).fill(null), ...pages.slice(pageCount - kept)];
}

/**
 * The sheets of one folded signature, outermost first. `sequence` is the signature's run of the book.
 *
 * Positions p = 0…M−1 in reading order; sheet s carries 2s and M−1−2s on its front, 2s+1 and M−2−2s on
 * its back. The landscape sheet is printed duplex with a short-edge flip, so the back's left half lies
 * behind the front's right half: each back page must sit behind its neighbour in reading order
 * (2s+1 behind 2s, M−2−2s behind M−1−2s).
 *
 * LTR (spine on the left): fold the sheet with the front outside and hold the fold on the left. The
 * right half of the front is then the cover (p = 0) and the left half the back cover (p = M−1).
 * Opening it shows the back of the sheet: p = 1 on the left, p = M−2 on the right.
 *
 * RTL (vertical Chinese, spine on the right): hold the same fold on the right instead. Now the LEFT half
 * of the front faces the reader, so the first page (p = 0) sits on the left and the last on the right,
 * although the book reads right to left. Its leaf turns to the right, so p = 1 (behind p = 0, hence on
 * the back's right half) is the right-hand page of the first spread, and p = M−2 the left-hand one. In
 * short, RTL is LTR mirrored: left and right swap on both sides, and neighbours still lie back to back.
 */
export function signatureSheets(sequence: readonly Slot[], direction: BindingDirection): Array<Pick<Sheet, 'depth' | 'front' | 'back'>> {
  const m = sequence.length;
  if (m === 0 || m % 4 !== 0) throw new Error(`signature of ${m} pages: must be a positive multiple of 4`);
  const at = (position: number): Slot => sequence[position] ?? null;
  // Positions as LTR places them; RTL swaps the halves.
  const side = (left: number, right: number): SheetSide =>
    direction === 'ltr' ? { left: at(left), right: at(right) } : { left: at(right), right: at(left) };
  return Array.from({ length: m / 4 }, (_, s) => ({
    depth: s,
    front: side(m - 1 - 2 * s, 2 * s),
    back: side(2 * s + 1, m - 2 - 2 * s),
  }));
}

/** The whole booklet: padding, signatures, sheets. */
export function planBooklet(pageCount: number, options: BookletOptions = {}): BookletPlan {
  const direction = options.direction ?? 'ltr';
  if (direction !== 'ltr' && direction !== 'rtl') throw new PaibanError(`direction must be "ltr" or "rtl", not "${String(direction)}".`);
  const sequence = padSequence(pageCount, options.keepAtEnd ?? 1);
  const signatureSizes = splitSignatures(sequence.length, options.signaturePages);
  const sheets: Sheet[] = [];
  let start = 0;
  signatureSizes.forEach((size, signature) => {
    for (const sheet of signatureSheets(sequence.slice(start, start + size), direction)) {
      sheets.push({ signature, sheetsInSignature: size / 4, ...sheet });
    }
    start += size;
  });
  return { direction, pageCount, sequence, blankCount: sequence.length - pageCount, signatureSizes, sheets };
}

/**
 * Signature lengths: full signatures, then what is left (a multiple of 4, because the book is padded
 * once, at its end, rather than every signature).
 */
export function splitSignatures(paddedCount: number, signaturePages?: number): number[] {
  if (signaturePages === undefined) return [paddedCount];
  if (!Number.isInteger(signaturePages) || signaturePages < 4 || signaturePages % 4 !== 0) {
    throw new PaibanError(`signaturePages must be a multiple of 4 (8, 16, 32…), not ${signaturePages}.`, {
      hint: 'A folded sheet carries 4 pages, so a signature has 4, 8, 12, 16… pages.',
    });
  }
  const sizes: number[] = [];
  for (let left = paddedCount; left > 0; left -= signaturePages) sizes.push(Math.min(signaturePages, left));
  return sizes;
}

function checkPageCount(pageCount: number): void {
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    throw new PaibanError(pageCount === 0 ? 'The PDF has no pages: there is nothing to impose.' : `Invalid page count: ${pageCount}.`);
  }
}
