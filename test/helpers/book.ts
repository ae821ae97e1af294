import { mmToPoints } from '../../src/config/page-size.js';
import type { BookConfig } from '../../src/config/schema.js';
import { pageText } from './poppler.js';

/** Reads a built book's pages the way a proofreader looks at them: the text block, and the foot with its folio. */
export function bookReader(file: string, config: BookConfig) {
  const { top, bottom } = config.page.margins;
  const width = mmToPoints(config.page.size.widthMm);
  const height = mmToPoints(config.page.size.heightMm);
  return {
    /** The text block of a page, without running head and folio (which sit in the margins). */
    bodyText: (page: number, raw = false) => pageText(file, page, { top: mmToPoints(top) - 3, height: height - mmToPoints(top + bottom) + 6, width }, false, raw),
    /** The foot margin of a page: where the folio is printed. */
    footText: (page: number) => pageText(file, page, { top: height - mmToPoints(bottom) + 3, height: mmToPoints(bottom), width }).trim(),
    /** Inside the text block (for positioned characters, in points from the top). */
    inBody: (char: { y: number }) => char.y > mmToPoints(top) - 3 && char.y < height - mmToPoints(bottom) + 3,
  };
}
