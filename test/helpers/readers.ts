import { spawnSync } from 'node:child_process';
import type { PageChar } from '../../src/reader/types.js';

/** mutool on PATH (Debian's mupdf-tools; this machine and CI have it, a Windows PC does not). */
export const hasMutool = spawnSync('mutool', ['-v'], { stdio: 'ignore' }).error === undefined;

export interface ReaderDifference {
  /** Printed characters (not white space) of each reader. */
  counts: [number, number];
  /** The largest difference of each number over all characters paired. */
  worst: Record<'x' | 'y' | 'size' | 'left' | 'top' | 'width' | 'fontSize', number>;
  /** Characters one reader has and the other not (page, character, place), and pairs whose fonts differ. */
  unpaired: string[];
  /**
   * Characters of no width the first reading has and the second not: the second character of a glyph
   * that prints two (a 2-em dash ——), which MuPDF reads from the font's ToUnicode and PDFium not where
   * Chromium wrote an ActualText naming one (src/proof/unprinted.ts).
   */
  tails: string[];
}

/**
 * Pairs every printed character of two readings of one PDF (the nearest of the same character on the
 * same page) and measures how far apart they are. White space is left out: MuPDF adds spaces of its own
 * where it sees a gap and writes U+3000 as U+0020; nothing paiban checks reads spaces. A glyph of which
 * the second reading has only the first character (`tails`) is left out of `worst`: its one character
 * takes the glyph's box there.
 */
export function compareReadings(a: PageChar[][], b: PageChar[][]): ReaderDifference {
  const printed = (chars: PageChar[]) => chars.filter((c) => c.char.trim() !== '');
  const worst = { x: 0, y: 0, size: 0, left: 0, top: 0, width: 0, fontSize: 0 };
  const unpaired: string[] = [];
  const tails: string[] = [];
  if (a.length !== b.length) unpaired.push(`pages: ${a.length} and ${b.length}`);
  a.forEach((page, index) => {
    const pool = printed(b[index] ?? []);
    const chars = printed(page);
    const pairs = new Map<PageChar, PageChar>();
    const heads = new Set<PageChar>();
    chars.forEach((char, k) => {
      let best = -1;
      let distance = Infinity;
      pool.forEach((other, i) => {
        const d = Math.hypot(other.x - char.x, other.y - char.y);
        if (other.char === char.char && d < distance) [best, distance] = [i, d];
      });
      if (best < 0 || distance > 1) {
        const where = `page ${index + 1}: ${char.char} at ${char.x.toFixed(1)}, ${char.y.toFixed(1)} only in the first`;
        if (char.width === 0 && k > 0) {
          tails.push(where);
          heads.add(chars[k - 1]!);
        } else unpaired.push(where);
        return;
      }
      const other = pool.splice(best, 1)[0]!;
      pairs.set(char, other);
      if (other.font !== char.font) unpaired.push(`page ${index + 1}: ${char.char} in ${char.font} and ${other.font}`);
    });
    for (const [char, other] of pairs) {
      if (heads.has(char)) continue;
      for (const key of Object.keys(worst) as (keyof typeof worst)[]) worst[key] = Math.max(worst[key], Math.abs(other[key] - char[key]));
    }
    for (const other of pool) unpaired.push(`page ${index + 1}: ${other.char} at ${other.x.toFixed(1)}, ${other.y.toFixed(1)} only in the second`);
  });
  const count = (pages: PageChar[][]) => pages.reduce((n, page) => n + printed(page).length, 0);
  return { counts: [count(a), count(b)], worst, unpaired, tails };
}
