import { spawn } from 'node:child_process';
import { PaibanError } from '../util/errors.js';

/** One printed character: where it stands (centre, in points from the top-left), its size and its font. */
export interface PageChar {
  char: string;
  x: number;
  y: number;
  size: number;
  /** The font's PostScript name without the subset tag ("NotoSerifSCExtraLight-Re"). */
  font: string;
  /** The quad's top-left corner and width: the glyph's origin and its nominal advance (the font's, before any positioning). */
  left: number;
  top: number;
  width: number;
  /** The font size in points (`size` above is the quad's height: ascent plus descent). */
  fontSize: number;
}

export interface PrintedLine {
  /** 1-based page. */
  page: number;
  text: string;
  chars: PageChar[];
}

const decode = (entity: string) =>
  entity.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);

/**
 * Every character of every page, from MuPDF's structured text (`mutool draw -F stext`): the only tool
 * here that gives each glyph with its position and font. Parsed by hand with two regular expressions:
 * the XML is flat and machine-written, and a full XML parser would add nothing. Read as it streams,
 * page by page: the whole XML of a 1,000-page book would hold about half a gigabyte at once.
 */
export async function pageChars(pdfFile: string, only?: readonly number[]): Promise<PageChar[][]> {
  const pages: PageChar[][] = [];
  const failed = (cause: unknown) =>
    new PaibanError('mutool (MuPDF) could not read the PDF for the layout checks.', { file: pdfFile, hint: 'Install it: sudo apt-get install mupdf-tools.', cause });
  await new Promise<void>((resolve, reject) => {
    // `only`: these 1-based pages, in this order (mutool's page list), instead of all.
    const child = spawn('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', pdfFile, ...(only ? [only.join(',')] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('</page>'); end >= 0; end = pending.indexOf('</page>')) {
        const start = pending.indexOf('<page ');
        if (start >= 0 && start < end) pages.push(charsOfPage(pending.slice(start, end)));
        pending = pending.slice(end + '</page>'.length);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => reject(failed(error)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(failed(new Error(`mutool exited with ${code}: ${stderr.slice(-300)}`)))));
  });
  return pages;
}

function charsOfPage(page: string): PageChar[] {
  const chars: PageChar[] = [];
  for (const block of page.split('<font ').slice(1)) {
    const font = /^name="([^"]*)"/.exec(block)?.[1] ?? '';
    const fontSize = Number(/^name="[^"]*" size="([\d.]+)"/.exec(block)?.[1] ?? 0);
    for (const match of block.matchAll(/<char quad="([^"]+)"[^>]*?c="([^"]*)"/g)) {
      const [x0, y0, x1, , , , x3, y3] = match[1]!.split(' ').map(Number) as number[];
      chars.push({ char: decode(match[2]!), x: (x0! + x3!) / 2, y: (y0! + y3!) / 2, size: Math.abs(y3! - y0!), font, left: Math.min(x0!, x3!), top: Math.min(y0!, y3!), width: Math.abs(x1! - x0!), fontSize });
    }
  }
  return chars;
}

/**
 * Lines as a reader sees them, rebuilt from character positions (MuPDF's own grouping splits Chromium's
 * output glyph by glyph): rows left to right in horizontal text; columns top to bottom, right to left, in
 * vertical text. Characters side by side at one height in a column are an upright number (tate-chu-yoko).
 */
export function printedLines(pages: PageChar[][], writing: 'horizontal' | 'vertical', inside: (char: PageChar, page: number) => boolean): PrintedLine[] {
  const lines: PrintedLine[] = [];
  const across = (c: PageChar) => (writing === 'horizontal' ? c.y : c.x);
  const along = (c: PageChar) => (writing === 'horizontal' ? c.x : c.y);
  pages.forEach((chars, index) => {
    const page = index + 1;
    const sorted = chars.filter((c) => c.char.trim() && inside(c, page)).sort((a, b) => (writing === 'horizontal' ? across(a) - across(b) : across(b) - across(a)));
    const groups: PageChar[][] = [];
    for (const char of sorted) {
      const group = groups[groups.length - 1];
      // A new line when the cross-axis position jumps by more than about half a character.
      if (group && Math.abs(across(char) - across(group[group.length - 1]!)) < Math.max(3, char.size * 0.45)) group.push(char);
      else groups.push([char]);
    }
    const order = (a: PageChar, b: PageChar) => (Math.abs(along(a) - along(b)) < 1 ? a.x - b.x : along(a) - along(b));
    for (const group of groups) {
      const ordered = group.sort(order);
      lines.push({ page, chars: ordered, text: ordered.map((c) => c.char).join('') });
    }
  });
  return lines;
}
