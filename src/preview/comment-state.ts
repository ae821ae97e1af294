import type { Writing } from '../comments/covered.js';
import { COMMENTS_RECORD_PATH, readCommentsRecord } from '../comments/record.js';
import { readSourceText, type SourceText } from '../comments/source-text.js';
import { loadConfig } from '../config/load.js';
import { manuscriptNames } from '../manuscript/load.js';
import { pageChars, type PageChar } from '../proof/page-chars.js';
import { isPaibanError } from '../util/errors.js';
import { resolveInsideBook } from '../files/paths.js';
import { markComments, type PreviewComment, type PrintedPage } from './comment-marks.js';

export { COMMENTS_RECORD_PATH };

export interface CommentsView {
  comments?: PreviewComment[];
  /** The marked PDFs they came from. */
  commentsFrom?: string[];
  /** One line: why the record could not be shown (the pages are shown anyway). */
  commentsError?: string;
}

/** A page of the build as the preview knows it: its content key, and its image's size and resolution. */
export interface KeyedPage {
  key: string;
  width: number;
  height: number;
  dpi: number;
}

/**
 * The characters of a build's pages, kept by page content key: a rebuild reads (mutool where installed, else PDFium) only the pages
 * whose content changed, ~17 ms a page, instead of every page of the book.
 */
export class PrintedPages {
  private byKey = new Map<string, PageChar[]>();

  async read(pdfFile: string, pages: readonly KeyedPage[], fresh = false): Promise<PrintedPage[]> {
    if (fresh) this.byKey.clear();
    const missing = pages.flatMap((page, index) => (this.byKey.has(page.key) ? [] : [index + 1]));
    if (missing.length) {
      const chars = await pageChars(pdfFile, missing);
      missing.forEach((number, i) => this.byKey.set(pages[number - 1]!.key, chars[i] ?? []));
    }
    const wanted = new Set(pages.map((page) => page.key));
    for (const key of this.byKey.keys()) if (!wanted.has(key)) this.byKey.delete(key);
    // The image's own scale (dpi/72 pixels a point), so marks sit on its pixels however the renderer rounded.
    return pages.map((page) => ({ chars: this.byKey.get(page.key)!, width: (page.width * 72) / page.dpi, height: (page.height * 72) / page.dpi }));
  }
}

/**
 * The imported comments on the pages of a build, or nothing when no comments were imported (the pages'
 * text is then not read at all). Never throws: a damaged or hostile record is one line for the page,
 * and the pages are shown without marks.
 */
export async function commentsOnPages(bookDir: string, printed: () => Promise<PrintedPage[]>, writing: Writing): Promise<CommentsView> {
  try {
    const record = await readCommentsRecord(bookDir);
    if (!record || record.imports.length === 0) return {};
    const { config, bookDir: root } = await loadConfig(bookDir);
    // Only the book's own manuscripts are read, whatever file names the record holds.
    const wanted = new Set(record.imports.flatMap((i) => i.comments.flatMap((c) => (c.place ? [c.place.file] : []))));
    const names = (await manuscriptNames(root, config)).filter((name) => wanted.has(name));
    const sources: SourceText[] = await Promise.all(names.map(async (name) => readSourceText(name, await resolveInsideBook(root, name, { file: 'book.yaml' }), root)));
    return { comments: markComments(record.imports, sources, await printed(), writing), commentsFrom: record.imports.map((i) => i.pdf) };
  } catch (error) {
    const message = isPaibanError(error) ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : `paiban could not show the imported comments: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
    return { commentsError: `${COMMENTS_RECORD_PATH}: ${message.replace(/\s+/g, ' ')}` };
  }
}
