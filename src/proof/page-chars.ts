import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { PaibanError } from '../util/errors.js';
import { withPdfium } from '../reader/document.js';
import { FIELDS, pushQuad, storedChars, type PageChar } from '../reader/types.js';

export type { PageChar } from '../reader/types.js';

export interface PrintedLine {
  /** 1-based page. */
  page: number;
  text: string;
  chars: PageChar[];
}

const decode = (entity: string) =>
  entity.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))).replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!);

/**
 * Every character of every page (`only`: these 1-based pages, in this order), with its position and
 * font. Read by MuPDF's `mutool draw -F stext` when mutool is installed (it takes about half the CPU
 * time: 1.9 s against 3.5 s for a 1,000-page book), else by PDFium in WebAssembly, which needs nothing
 * installed; the two agree to a hundredth of a point (test/vertical.integration.test.ts).
 */
export async function pageChars(pdfFile: string, only?: readonly number[]): Promise<PageChar[][]> {
  const read = await mutoolChars(pdfFile, only).catch((error: unknown) => {
    if ((error as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') return undefined;
    throw error;
  });
  return read ?? pdfiumChars(pdfFile, only);
}

/** The characters as PDFium reads them: the reader of a machine without mutool (Windows, macOS). */
export async function pdfiumChars(pdfFile: string, only?: readonly number[]): Promise<PageChar[][]> {
  const bytes = await readFile(pdfFile).catch((cause: unknown) => {
    throw new PaibanError(`${pdfFile} could not be read.`, { file: pdfFile, hint: 'Build the book again.', cause });
  });
  return withPdfium(bytes, pdfFile, async (document) => {
    const pages: PageChar[][] = [];
    for (const page of only ?? Array.from({ length: document.pageCount }, (_, i) => i + 1)) {
      if (page < 1 || page > document.pageCount) throw new PaibanError(`The PDF has no page ${page}.`, { file: pdfFile });
      pages.push(document.chars(page - 1));
      // A page takes a few milliseconds: let timers and the preview's requests in between.
      if (pages.length % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return pages;
  });
}

/**
 * Every character of every page, from MuPDF's structured text (`mutool draw -F stext`). Read as it
 * streams, page by page: the whole XML of a 1,000-page book would hold about half a gigabyte at once.
 * A missing mutool rejects with a PaibanError whose cause has the code ENOENT.
 */
export async function mutoolChars(pdfFile: string, only?: readonly number[]): Promise<PageChar[][]> {
  const pages: PageChar[][] = [];
  const reader = new StextReader();
  // Missing mutool (pageChars then reads with PDFium) and a PDF mutool cannot read are two different things.
  const failed = (cause: unknown) =>
    (cause as NodeJS.ErrnoException).code === 'ENOENT'
      ? new PaibanError('mutool (MuPDF) is not installed.', { file: pdfFile, hint: 'paiban reads the PDF with PDFium where mutool is missing; install mupdf-tools only to read it with MuPDF.', cause })
      : new PaibanError('mutool (MuPDF) could not read the PDF (damaged, or not a PDF paiban made?).', { file: pdfFile, hint: 'Build the book again, or export the PDF again from the reader.', cause });
  await new Promise<void>((resolve, reject) => {
    // `only`: these 1-based pages, in this order (mutool's page list), instead of all.
    const child = spawn('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', pdfFile, ...(only ? [only.join(',')] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Chunks wait in a list until one holds a page's end: appending to one long string and searching it
    // would copy the unfinished page again with every chunk.
    const parts: string[] = [];
    let seam = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      parts.push(chunk);
      const ends = chunk.includes('</page>') || (seam + chunk.slice(0, PAGE_END.length - 1)).includes(PAGE_END);
      seam = (seam + chunk).slice(-(PAGE_END.length - 1));
      if (!ends) return;
      const pending = parts.join('');
      parts.length = 0;
      let from = 0;
      for (let end = pending.indexOf(PAGE_END); end >= 0; end = pending.indexOf(PAGE_END, from)) {
        const start = pending.indexOf('<page ', from);
        if (start >= 0 && start < end) pages.push(reader.charsOfPage(pending, start, end));
        from = end + PAGE_END.length;
      }
      if (from < pending.length) parts.push(pending.slice(from));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => reject(failed(error)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(failed(new Error(`mutool exited with ${code}: ${stderr.slice(-300)}`)))));
  });
  return pages;
}

const PAGE_END = '</page>';
const FONT = '<font name="';
const CHAR = '<char quad="';

/**
 * The number written in `text` between `start` and `end`, as `Number()` reads it, without cutting out a
 * string. Plain decimals of up to 15 digits (all that mutool writes) are read by hand: their digits and
 * the power of ten are exact doubles, so one division is correctly rounded, the same double `Number()`
 * gives. Anything else goes to `Number()`.
 */
export function decimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45; // -
  if (negative) i += 1;
  let digits = 0;
  let mantissa = 0;
  let scale = 1;
  let point = false;
  for (; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits += 1;
      if (point) scale *= 10;
    } else if (code === 46 && !point) point = true; // .
    else return Number(text.slice(start, end));
  }
  if (digits === 0 || digits > 15) return Number(text.slice(start, end));
  const value = mantissa / scale;
  return negative ? -value : value;
}

/**
 * A hand-written scan of mutool's stext XML (no library parses this fixed, flat, machine-written shape
 * faster): `<font name=".." size="..">` opens the font of the `<char quad="x0 y0 x1 y1 x2 y2 x3 y3" ..
 * c="..">` elements after it. It reads attribute values in place with indexOf, with no regular expression
 * or intermediate array per character, and gives every repeated font name and character one shared string
 * (a 1,000-page book has about a million characters but a few thousand distinct ones).
 */
export class StextReader {
  private readonly strings = new Map<string, string>();

  private shared(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  private decoded(raw: string): string {
    const known = this.strings.get(raw);
    if (known !== undefined) return known;
    const text = raw.includes('&') ? this.shared(decode(raw)) : raw;
    this.strings.set(raw, text);
    return text;
  }

  /** The characters of the page between `start` and `end` of `xml`. */
  charsOfPage(xml: string, start = 0, end = xml.length): PageChar[] {
    const texts: string[] = [];
    const fonts: string[] = [];
    const numbers: number[] = [];
    let font: string | undefined;
    let fontSize = 0;
    let nextFont = xml.indexOf(FONT, start);
    let at = xml.indexOf(CHAR, start);
    while (at >= 0 && at < end) {
      // Fonts opened before this character: the last one is its font.
      while (nextFont >= 0 && nextFont < at) {
        const nameStart = nextFont + FONT.length;
        const nameEnd = xml.indexOf('"', nameStart);
        font = this.shared(xml.slice(nameStart, nameEnd));
        // A size that is not plain digits and dots counts as 0, as it did in the regular expression this replaces.
        const sizeStart = nameEnd + '" size="'.length;
        const sizeEnd = xml.startsWith('" size="', nameEnd) ? xml.indexOf('"', sizeStart) : -1;
        const size = sizeEnd > sizeStart ? xml.slice(sizeStart, sizeEnd) : '';
        fontSize = /^[\d.]+$/.test(size) ? Number(size) : 0;
        nextFont = xml.indexOf(FONT, nameEnd);
      }
      const quadStart = at + CHAR.length;
      const quadEnd = xml.indexOf('"', quadStart);
      const tagEnd = xml.indexOf('>', quadEnd);
      const valueStart = xml.indexOf(' c="', quadEnd) + ' c="'.length;
      if (font !== undefined && valueStart > quadEnd && valueStart < tagEnd) {
        // The quad's corners: x0 y0 (top-left), x1 y1, x2 y2, x3 y3 (bottom-right).
        const s1 = xml.indexOf(' ', quadStart);
        const s2 = xml.indexOf(' ', s1 + 1);
        const s3 = xml.indexOf(' ', s2 + 1);
        const s6 = xml.indexOf(' ', xml.indexOf(' ', xml.indexOf(' ', s3 + 1) + 1) + 1);
        const s7 = xml.indexOf(' ', s6 + 1);
        const x0 = decimal(xml, quadStart, s1);
        const y0 = decimal(xml, s1 + 1, s2);
        const x1 = decimal(xml, s2 + 1, s3);
        const x3 = decimal(xml, s6 + 1, s7);
        const y3 = decimal(xml, s7 + 1, quadEnd);
        texts.push(this.decoded(xml.slice(valueStart, xml.indexOf('"', valueStart))));
        fonts.push(font);
        pushQuad(numbers, fontSize, x0, y0, x1, x3, y3);
      }
      at = xml.indexOf(CHAR, tagEnd);
    }
    if (numbers.length !== texts.length * FIELDS) throw new Error('stext reader: characters and numbers out of step');
    return storedChars(texts, fonts, numbers);
  }
}

/**
 * Lines as a reader sees them, rebuilt from character positions (MuPDF's own grouping splits Chromium's
 * output glyph by glyph): rows left to right in horizontal text; columns top to bottom, right to left, in
 * vertical text. Characters side by side at one height in a column are an upright number (tate-chu-yoko).
 */
/**
 * The columns of a page (a book or chapter set in 2 or 3 columns): the gutters between them, as ranges
 * across the lines (x in horizontal books, y in vertical ones, whose columns are bands one above the
 * other). A printed line with no character in a gutter belongs to one column; one that crosses a
 * gutter (a heading or table spanning the columns, or a page in one column) is read whole.
 */
export interface PageColumns {
  gutters(page: number): readonly (readonly [number, number])[];
}

export function printedLines(pages: PageChar[][], writing: 'horizontal' | 'vertical', inside: (char: PageChar, page: number) => boolean, columns?: PageColumns): PrintedLine[] {
  const lines: PrintedLine[] = [];
  const horizontal = writing === 'horizontal';
  const across = horizontal ? (c: PageChar) => c.y : (c: PageChar) => c.x;
  const along = horizontal ? (c: PageChar) => c.x : (c: PageChar) => c.y;
  const crossOrder = horizontal ? (a: PageChar, b: PageChar) => a.y - b.y : (a: PageChar, b: PageChar) => b.x - a.x;
  // Along the line; characters within a point of each other along it (a tate-chu-yoko number's digits) go left to right.
  const order = horizontal ? (a: PageChar, b: PageChar) => a.x - b.x : (a: PageChar, b: PageChar) => (Math.abs(a.y - b.y) < 1 ? a.x - b.x : a.y - b.y);
  pages.forEach((chars, index) => {
    const page = index + 1;
    const sorted = chars.filter((c) => c.char.trim() && inside(c, page)).sort(crossOrder);
    const groups: PageChar[][] = [];
    // A new line when the cross-axis position is more than about half a character from the line's mean:
    // measured from the mean, not the last character, so that characters a little off their line (a
    // sideways digit, a heading between two columns of another band) cannot chain two lines into one.
    let sum = 0;
    for (const char of sorted) {
      const group = groups[groups.length - 1];
      if (group && Math.abs(across(char) - sum / group.length) < Math.max(3, char.size * 0.45)) {
        group.push(char);
        sum += across(char);
      } else {
        groups.push([char]);
        sum = across(char);
      }
    }
    const gutters = columns?.gutters(page) ?? [];
    if (!gutters.length) {
      for (const group of groups) {
        const ordered = group.sort(order);
        lines.push({ page, chars: ordered, text: ordered.map((c) => c.char).join('') });
      }
      return;
    }
    // Columns: lines that cross no gutter are read column by column, down to the next line that spans them.
    const columnOf = (c: PageChar) => gutters.filter(([, end]) => along(c) > end).length;
    // (Well inside it: a mark at a column's line end may stand a hair past the column's edge.)
    const inGutter = (c: PageChar) => gutters.some(([start, end]) => along(c) > start + 3 && along(c) < end - 3);
    let band: PageChar[][][] = [];
    const flush = () => {
      for (const column of band) for (const line of column) lines.push({ page, chars: line, text: line.map((c) => c.char).join('') });
      band = [];
    };
    for (const group of groups) {
      const ordered = group.sort(order);
      if (ordered.some(inGutter)) {
        flush();
        lines.push({ page, chars: ordered, text: ordered.map((c) => c.char).join('') });
        continue;
      }
      const parts = new Map<number, PageChar[]>();
      for (const c of ordered) {
        const k = columnOf(c);
        const part = parts.get(k);
        if (part) part.push(c);
        else parts.set(k, [c]);
      }
      for (const [k, part] of parts) {
        while (band.length <= k) band.push([]);
        band[k]!.push(part);
      }
    }
    flush();
  });
  return lines;
}
