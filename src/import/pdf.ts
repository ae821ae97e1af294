import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importText } from '../normalize/import.js';
import { countCharacters, type Difference } from './accounting.js';
import { withAccounting } from './text.js';
import { gutterOf, linesOf, rawTextWithPages, readingOrder, removeMargins, type PageText } from './pdf-layout.js';
import type { ImportedManuscript } from './manuscript.js';
import { badInput, note, where, type Topic } from './messages.js';

/** Pages read at most (a yearbook volume is well under this); more is refused before reading. */
export const MAX_PDF_PAGES = 2_000;

export interface PdfOptions {
  file: string;
  source?: string;
}

/** pdf.js's data folders (CJK character maps, standard fonts), as file URLs of the installed package. */
function pdfjsData(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: `${pathToFileURL(path.join(root, 'cmaps'))}/`, standardFontDataUrl: `${pathToFileURL(path.join(root, 'standard_fonts'))}/` };
}

/** The positioned text of every page, through pdf.js (Apache-2.0; v4, the last line for Node 20). */
async function readPages(bytes: Buffer, file: string): Promise<PageText[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), ...pdfjsData(), cMapPacked: true, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw badInput.encryptedPdf(file);
    throw badInput.corruptPdf(file, String((error as Error).message).split('\n')[0]!);
  }
  try {
    if (document.numPages > MAX_PDF_PAGES) throw badInput.tooManyPages(file, document.numPages, MAX_PDF_PAGES);
    const pages: PageText[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const [, , , height] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => {
        if (!('str' in item)) return [];
        const [a, b, , , e, f] = item.transform as number[];
        return [{ text: item.str, x: e!, y: height - f!, width: item.width, size: Math.hypot(a!, b!) || item.height }];
      });
      pages.push({ width: page.view[2]! - page.view[0]!, height: height - page.view[1]!, items });
      page.cleanup();
    }
    return pages;
  } catch (error) {
    if (error instanceof Error && error.name === 'PaibanError') throw error;
    throw badInput.corruptPdf(file, String((error as Error).message).split('\n')[0]!);
  } finally {
    await document.destroy();
  }
}

/**
 * A laid-out PDF (an old yearbook, a newspaper page) → a manuscript: the text of each page in
 * reading order (running heads and folios removed, columns one after the other), then the same
 * import as raw text (blocks, headings, captions, paragraphs split by a page or column joined,
 * punctuation). A PDF without text is a scan and is refused.
 */
export async function importPdf(bytes: Buffer, options: PdfOptions): Promise<ImportedManuscript> {
  const pages = await readPages(bytes, options.file);
  const allText = pages.flatMap((p) => p.items.map((i) => i.text)).join('');
  if (allText.replace(/\s/g, '').length < 5 * Math.max(1, pages.length)) throw badInput.scannedPdf(options.file, pages.length);
  const { pages: kept, removed } = removeMargins(pages.map((page, index) => ({ page, lines: linesOf(page.items).map((line) => ({ ...line, page: index + 1 })) })));
  const gutters = kept.map((lines, i) => gutterOf(lines, pages[i]!.width));
  const columns = kept.flatMap((lines, i) => readingOrder(lines, gutters[i]));
  const { text: raw, pageStarts } = rawTextWithPages(columns);
  const result = importText(raw, options.file, options.source ? { source: options.source } : {});
  const say = (text: string, warning?: Topic) => {
    const message = result.report.message(text, { ruleId: warning ?? 'import', source: 'paiban-import' });
    message.fatal = warning ? false : undefined;
  };
  const columnPages = gutters.filter((g) => g !== undefined).length;
  if (columnPages) say(note.pdfColumns(columnPages));
  const starts = [...pageStarts].map(([page, line]) => `page ${page}: ${line}`);
  say(note.pdfLines(starts.length > 40 ? `${starts.slice(0, 40).join(', ')}, …` : starts.join(', ')));
  if (removed.runningHeads.length) say(note.pdfRemoved('runningHeads', removed.runningHeads.length, removed.runningHeads[0]!));
  if (removed.folios.length) say(note.pdfRemoved('folios', removed.folios.length, removed.folios[0]!));
  const differences: Difference[] = [
    { where: where.runningHeads, counts: countCharacters(removed.runningHeads.join('')) },
    { where: where.folios, counts: countCharacters(removed.folios.join('')) },
  ];
  return withAccounting(result, allText, differences);
}
