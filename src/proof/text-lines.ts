import { readFile } from 'node:fs/promises';
import { withPdfium } from '../reader/document.js';
import { printedLines, type PageChar } from './page-chars.js';

/** One printed line, in points from the page's top-left corner. */
export interface TextLine {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** The line's characters, a single space where a gap of a fifth of an em or more separates two (text-autospace's, a word space). */
  text: string;
}

export interface TextPage {
  page: number;
  width: number;
  height: number;
  lines: TextLine[];
}

/**
 * Lines of every page with their boxes, rebuilt from the characters' places (PDFium): rows top to
 * bottom on a horizontal page, columns right to left on a vertical one (tall, narrow lines, which
 * paragraphs.ts leaves alone). Plain extracted text is not enough for Chinese paragraphs: it has no
 * blank line between them and drops the 2em first-line indent, which is the one reliable paragraph mark.
 */
export async function textPages(pdfFile: string): Promise<TextPage[]> {
  return textPagesOf(await readFile(pdfFile), pdfFile);
}

/** textPages of a PDF in memory (`name` in errors). */
export function textPagesOf(bytes: Uint8Array, name: string): Promise<TextPage[]> {
  return withPdfium(bytes, name, (document) =>
    Array.from({ length: document.pageCount }, (_, index) => ({ page: index + 1, ...document.size(index), lines: linesOfPage(document.chars(index), index + 1) })),
  );
}

/** The page's lines, read across or down: whichever way packs the characters of a line closer. */
export function linesOfPage(chars: readonly PageChar[], page: number): TextLine[] {
  const across = printedLines([chars as PageChar[]], 'horizontal', () => true);
  const down = printedLines([chars as PageChar[]], 'vertical', () => true);
  const vertical = looseness(down, 'vertical') < looseness(across, 'horizontal');
  return (vertical ? down : across).map((line) => boxed(line.chars, page, vertical));
}

/** The mean gap between neighbours of a line, in ems: about 0 for real lines, a line pitch for a wrong reading. */
function looseness(lines: readonly { chars: PageChar[] }[], writing: 'horizontal' | 'vertical'): number {
  let sum = 0;
  let count = 0;
  for (const { chars } of lines) {
    for (let i = 1; i < chars.length; i += 1) {
      const [a, b] = [chars[i - 1]!, chars[i]!];
      const gap = writing === 'horizontal' ? b.left - (a.left + a.width) : b.top - (a.top + a.size);
      sum += Math.abs(gap) / Math.max(a.fontSize, 1);
      count += 1;
    }
  }
  return count ? sum / count : Infinity;
}

function boxed(chars: readonly PageChar[], page: number, vertical: boolean): TextLine {
  let text = '';
  chars.forEach((char, i) => {
    const before = chars[i - 1];
    const gap = before && (vertical ? char.top - (before.top + before.size) : char.left - (before.left + before.width));
    if (before && gap! >= 0.2 * Math.max(char.fontSize, 1)) text += ' ';
    text += char.char;
  });
  return {
    page,
    xMin: Math.min(...chars.map((c) => c.left)),
    yMin: Math.min(...chars.map((c) => c.top)),
    xMax: Math.max(...chars.map((c) => c.left + c.width)),
    yMax: Math.max(...chars.map((c) => c.top + c.size)),
    text: text.replace(/\s+/g, ' ').trim(),
  };
}
