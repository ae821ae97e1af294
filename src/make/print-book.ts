import { PDFDocument } from 'pdf-lib';
import { namedDestinations, type NamedDestination } from '../pdf/dests.js';
import type { PrintOptions } from '../pdf/print.js';
import type { WideBlock } from '../pdf/compose/index.js';
import type { Printer } from '../pdf/printer.js';
import { spliceFrontPages } from '../pdf/splice.js';
import { renderBookHtml, renderFrontHtml, type BookContent, type Pagination, type Shell } from '../render/book.js';
import type { TocEntry } from '../render/toc.js';
import { PaibanError } from '../util/errors.js';
import type { Staging } from '../files/staging.js';
import { layoutAfterFront, paginationFromDestinations, sameLayout, samePagination } from './pagination.js';
import { indexLocators, sameLocators } from '../book-index/locate.js';
import { chapterLayout } from '../render/book.js';

export interface BookPrintInput {
  shell: Shell;
  content: BookContent;
  entries: readonly TocEntry[];
  /** The output name: the HTML is staged as `<name>.html`. */
  name: string;
  staging: Staging;
  printer: Printer;
  print: PrintOptions;
  /** The layout of the last build of this book, if known (out/.<name>-<writing>.layout.json, the preview's cache). */
  guess: Pagination | undefined;
  /** Collects the requests Chromium was refused. */
  blocked: Set<string>;
  notes: string[];
  progress: (stage: string, detail: string) => void;
}

export interface PrintedBook {
  pdf: PDFDocument;
  destinations: Map<string, NamedDestination>;
  pagination: Pagination;
  /** Full prints of the book it took (1 normally). */
  passes: number;
  /** Blocks wider than the type area in the final print (fitted smaller, or clipped). */
  wide: WideBlock[];
}

const MAX_PASSES = 4;

/**
 * Appended to the book's HTML for the layout probe: the same layout, nothing painted. Chromium still
 * writes a named destination for every anchor (their pages are what the probe is for) but draws no
 * glyph, image or rule, so making the PDF costs little (630 vertical pages: 4.3–5.5 s against
 * 6.8–9.5 s for the real print, on a loaded machine). `color: transparent` instead still draws every glyph.
 */
const INK_HIDDEN = '\n<style>body { visibility: hidden !important; }</style>\n';

/**
 * Whether a first build (no layout known) lays the book out without ink before printing it. Only then are
 * the pages known on which chapters end (so which need a blank before them, to open on a recto) and
 * how many pages there are (a colophon placed last states them); a book without either needs only the
 * front matter's page count, which a print of the front matter alone gives at a fraction of the cost.
 */
export function needsProbe(content: Pick<BookContent, 'config'>, entries: readonly TocEntry[]): boolean {
  const chapters = entries.filter((entry) => entry.level === 1 && !entry.front).length;
  return (content.config.chapters.recto && chapters > 1) || content.config.colophon.placement === 'end';
}

/**
 * Prints the book, with its TOC numbered, in one full print in the usual case. The book is printed with
 * the TOC's numbers as placeholders of the same width, on a layout (first body page, blank pages before
 * recto chapters) known beforehand: the last build's, or else read from a layout probe (the book laid
 * out without ink, see needsProbe) or counted from a print of the front matter alone. When the pages
 * show the layout was right, the front matter printed with the numbers (beside the book when they were
 * known beforehand) is drawn into the book's pages (spliceFrontPages). The whole book is printed again
 * only when the layout moved: a TOC that grew a page since the last build, say.
 * The bytes never depend on the route: the book is always printed with placeholders.
 */
export async function printBookOnce(input: BookPrintInput): Promise<PrintedBook> {
  const { shell, content, entries, name, staging, printer, progress } = input;
  const recto = content.config.chapters.recto;
  const print = async (file: string, html: string, how: { fresh?: boolean } = {}) => {
    await staging.write(file, html);
    const result = await printer.print(staging.path(file), input.print, how);
    result.blocked.forEach((url) => input.blocked.add(url));
    const pdf = await PDFDocument.load(result.pdf, { updateMetadata: false });
    return { pdf, destinations: namedDestinations(pdf), wide: result.wide };
  };
  // A colophon placed last states the page count (印张, 字数) in the book's own print; on the title verso
  // it is drawn in with the front matter, and the book prints its placeholder.
  const colophonAtEnd = content.config.colophon.placement === 'end';
  const printBook = (planned: Pagination) => {
    const { pages, ...layout } = planned;
    return print(`${name}.html`, renderBookHtml(shell, content, { ...layout, tocPages: new Map(), ...(colophonAtEnd && pages ? { pages } : {}) }));
  };
  const printFront = (pagination?: Pagination) => print(`${name}-front.html`, renderFrontHtml(shell, content, pagination));

  // The index's locators, read from a print (book-index/locate.ts); they feed back into the next one.
  const columns = new Map(content.chapters.map((chapter) => [chapter.id, chapterLayout(content.config, chapter).columns]));
  const locate = (from: { pdf: PDFDocument; destinations: Map<string, NamedDestination> }, found: Pagination & { shifts: ReadonlyMap<string, number> }) =>
    content.index || content.refs?.length
      ? { locators: indexLocators([...(content.index?.items.flatMap((item) => item.spots) ?? []), ...(content.refs ?? [])], from.destinations, { config: content.config, firstBodyPage: found.firstBodyPage, columnsOf: (id) => columns.get(id) ?? 1, pageHeight: from.pdf.getPage(0).getHeight(), shiftOf: (id) => found.shifts.get(id) ?? 0 }) }
      : {};
  const firstChapter = entries.find((entry) => entry.level === 1 && !entry.front);
  if (!firstChapter) throw new PaibanError('The book has no chapter.', { hint: 'List at least one manuscript in book.yaml.' });
  let planned = input.guess;
  if (!planned && needsProbe(content, entries)) {
    // Which chapters end where shows only once the body is laid out: the book is laid out without ink.
    const probe = await print(`${name}-probe.html`, renderBookHtml(shell, content, { tocPages: new Map(), firstBodyPage: 1, blanks: new Set() }) + INK_HIDDEN);
    const { shifts, ...found } = paginationFromDestinations(entries, probe.destinations, { recto });
    // The index's numbers too: the probe's pages moved by the blanks the print will have.
    planned = { ...found, pages: probe.pdf.getPageCount() + found.blanks.size, ...locate(probe, { ...found, shifts }) };
    progress('probe', `${planned.pages} pages, ${found.blanks.size} blank${found.blanks.size === 1 ? '' : 's'} before chapters`);
  } else if (!planned) {
    const front = await printFront();
    // Its last page holds only the anchors the TOC links to.
    const frontPages = front.pdf.getPageCount() - 1;
    planned = layoutAfterFront(frontPages, firstChapter.id, recto);
    progress('front', `${frontPages} pages before the body`);
  }
  // When the TOC's numbers are known beforehand (the probe's, the last build's), the front matter is
  // printed with them beside the book, on a page of its own (the other core), and used if the book's
  // print confirms them: the usual case. Its bytes are those of a print after the book's.
  const predicted = planned.tocPages.size === entries.length && planned.pages ? planned : undefined;
  const early = predicted ? print(`${name}-front.html`, renderFrontHtml(shell, content, predicted), { fresh: true }) : undefined;
  early?.catch(() => undefined); // awaited below
  let printed: Awaited<ReturnType<typeof print>> | undefined;
  let pagination: Pagination;
  let passes = 0;
  for (;;) {
    printed = undefined; // the last print's parsed PDF is let go before the next one is made (~0.5 GB at 1,000 pages)
    printed = await printBook(planned);
    passes += 1;
    const { shifts, ...found } = paginationFromDestinations(entries, printed.destinations, { recto, blanks: planned.blanks });
    // The page count with the blanks this print lacks (or had too many of).
    pagination = { ...found, pages: printed.pdf.getPageCount() + found.blanks.size - planned.blanks.size, ...locate(printed, { ...found, shifts }) };
    const settled = sameLocators(pagination.locators, planned.locators);
    if (sameLayout(pagination, planned) && (!colophonAtEnd || pagination.pages === planned.pages) && settled) break;
    if (passes >= MAX_PASSES) throw new PaibanError(`The page layout did not settle after ${MAX_PASSES} passes.`, { hint: 'Report this with your book; it is a bug.' });
    progress(`pass ${passes}`, `${printed.pdf.getPageCount()} pages, ${settled ? 'layout moved' : 'index numbers moved'}`);
    planned = pagination;
  }
  progress(`pass ${passes}`, `${printed.pdf.getPageCount()} pages`);

  // The TOC's numbers: the front matter printed again with them, drawn into the book's first pages.
  // (The early print is waited for even when the numbers moved: the next print writes the same file.)
  const printedEarly = await early?.catch(() => undefined);
  const front = printedEarly && predicted && samePagination(pagination, predicted) ? printedEarly : await printFront(pagination);
  const frontPages = (printed.destinations.get(firstChapter.id)?.pageIndex ?? 0) - (pagination.blanks.has(firstChapter.id) ? 1 : 0);
  const spliced = spliceFrontPages(printed.pdf, front.pdf, frontPages);
  if (spliced.ok) {
    // The HTML output is the book with its numbers, as if printed in one go.
    await staging.write(`${name}.html`, renderBookHtml(shell, content, pagination));
    progress('toc', `${frontPages} front pages with the TOC numbers${front === printedEarly ? ' (printed beside the book)' : ''}`);
  } else {
    // The front pages draw a glyph the book's print has nowhere else (a digit of a page number in the
    // heading face, say), or their layout differs: the whole book is printed again with the numbers.
    printed = undefined;
    printed = await print(`${name}.html`, renderBookHtml(shell, content, pagination));
    passes += 1;
    progress(`pass ${passes}`, `TOC numbered, ${printed.pdf.getPageCount()} pages (printed again: ${spliced.reason})`);
  }
  return { ...printed, pagination, passes };
}
