import { runPoppler } from './pdf-file.js';

/** One printed line as poppler sees it, in points from the page's top-left corner. */
export interface TextLine {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** poppler's words joined by single spaces (it starts a new "word" at every gap, e.g. text-autospace's). */
  text: string;
}

export interface TextPage {
  page: number;
  width: number;
  height: number;
  lines: TextLine[];
}

/**
 * Lines of every page with their boxes, from one `pdftotext -bbox-layout` run (layout mode off: lines in
 * poppler's reading order). Plain pdftotext output is not enough for Chinese paragraphs: it puts no blank
 * line between paragraphs and drops the 2em first-line indent, which is the one reliable paragraph mark.
 */
export async function textPages(pdfFile: string): Promise<TextPage[]> {
  return parseBboxLayout(await runPoppler('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdfFile, '-'], pdfFile));
}

export function parseBboxLayout(xhtml: string): TextPage[] {
  const pages: TextPage[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  for (let match = pageRe.exec(xhtml); match; match = pageRe.exec(xhtml)) {
    const page = pages.length + 1;
    const lines: TextLine[] = [];
    const lineRe = /<line xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/line>/g;
    for (let line = lineRe.exec(match[3]!); line; line = lineRe.exec(match[3]!)) {
      const words = [...line[5]!.matchAll(/<word[^>]*>([\s\S]*?)<\/word>/g)].map((word) => decodeEntities(word[1]!));
      lines.push({ page, xMin: Number(line[1]), yMin: Number(line[2]), xMax: Number(line[3]), yMax: Number(line[4]), text: words.join(' ') });
    }
    pages.push({ page, width: Number(match[1]), height: Number(match[2]), lines });
  }
  return pages;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (all, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name.toLowerCase()] ?? all;
  });
}
