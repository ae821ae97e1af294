import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Writing } from '../comments/covered.js';
import { COMMENTS_RECORD, readCommentsRecord } from '../comments/record.js';
import { readSourceText, type SourceText } from '../comments/source-text.js';
import { loadConfig } from '../config/load.js';
import { manuscriptNames } from '../manuscript/load.js';
import { pageChars } from '../proof/page-chars.js';
import { isPaibanError, PaibanError } from '../util/errors.js';
import { isInside, resolveInsideBook } from '../util/files.js';
import { markComments, type PreviewComment } from './comment-marks.js';

/** The record `paiban comments` writes, relative to the book folder. */
export const COMMENTS_RECORD_PATH = `out/${COMMENTS_RECORD}`;

export interface CommentsView {
  comments?: PreviewComment[];
  /** The marked PDFs they came from. */
  commentsFrom?: string[];
  /** One line: why the record could not be shown (the pages are shown anyway). */
  commentsError?: string;
}

/**
 * The imported comments on the pages of a build's PDF, or nothing when no comments were imported. Never
 * throws: a damaged or hostile record is one line for the page, and the pages are shown without marks.
 */
export async function commentsOnPages(bookDir: string, pdfFile: string, writing: Writing): Promise<CommentsView> {
  try {
    const file = await realpath(path.join(bookDir, COMMENTS_RECORD_PATH)).catch(() => undefined);
    if (!file) return {};
    if (!isInside(await realpath(bookDir), file)) throw new PaibanError('The imported comments lead outside the book folder (a link?); they are not shown.');
    const record = await readCommentsRecord(file);
    if (!record || record.imports.length === 0) return {};
    const { config, bookDir: root } = await loadConfig(bookDir);
    // Only the book's own manuscripts are read, whatever file names the record holds.
    const wanted = new Set(record.imports.flatMap((i) => i.comments.flatMap((c) => (c.place ? [c.place.file] : []))));
    const names = (await manuscriptNames(root, config)).filter((name) => wanted.has(name));
    const sources: SourceText[] = await Promise.all(names.map(async (name) => readSourceText(name, await resolveInsideBook(root, name, { file: 'book.yaml' }))));
    const pdf = await PDFDocument.load(await readFile(pdfFile), { updateMetadata: false });
    const chars = await pageChars(pdfFile);
    const pages = pdf.getPages().map((page, index) => ({ chars: chars[index] ?? [], width: page.getWidth(), height: page.getHeight() }));
    return { comments: markComments(record.imports, sources, pages, writing), commentsFrom: record.imports.map((i) => i.pdf) };
  } catch (error) {
    const message = isPaibanError(error) ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : `paiban could not show the imported comments: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
    return { commentsError: `${COMMENTS_RECORD_PATH}: ${message.replace(/\s+/g, ' ')}` };
  }
}
