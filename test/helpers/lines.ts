import { pageChars, printedLines, type PageChar } from '../../src/proof/page-chars.js';

export type PositionedChar = PageChar;

export interface TextLine {
  page: number;
  text: string;
}

/** Lines of a printed PDF (see printedLines); `inside` keeps only the text block. */
export async function textLines(file: string, writing: 'horizontal' | 'vertical', inside: (char: PageChar, page: number) => boolean): Promise<TextLine[]> {
  return printedLines(await pageChars(file), writing, inside).map(({ page, text }) => ({ page, text }));
}
