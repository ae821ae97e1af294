import { readFile, stat } from 'node:fs/promises';
import { loadConfig } from '../config/load.js';
import { manuscriptNames } from '../manuscript/load.js';
import { pageChars } from '../proof/page-chars.js';
import { resolveInsideBook } from '../files/paths.js';
import { PaibanError } from '../util/errors.js';
import { loadAnnotatedPdf, readAnnotations, type SkippedAnnotation } from './annotations.js';
import { placeComments, type Comment } from './comments.js';
import { readSourceText } from './source-text.js';

/** Reads an annotated PDF's comments and places them on the book's current manuscripts; malformed annotations are left out and listed in `skipped`. */
export async function readComments(pdfFile: string, bookDir: string): Promise<{ comments: Comment[]; bookDir: string; skipped: SkippedAnnotation[] }> {
  let bytes: Uint8Array;
  try {
    // A named pipe would block: only a regular file is read.
    if (!(await stat(pdfFile)).isFile()) throw new Error('not a regular file');
    bytes = await readFile(pdfFile);
  } catch {
    throw new PaibanError('The annotated PDF does not exist or cannot be read.', { file: pdfFile });
  }
  const skipped: SkippedAnnotation[] = [];
  const annotations = readAnnotations(await loadAnnotatedPdf(bytes, pdfFile), pdfFile, skipped);
  const { config, bookDir: root } = await loadConfig(bookDir);
  const names = await manuscriptNames(root, config);
  const sources = await Promise.all(names.map(async (name) => readSourceText(name, await resolveInsideBook(root, name, { file: 'book.yaml' }), root)));
  const pages = annotations.length ? await pageChars(pdfFile) : [];
  return { comments: placeComments(annotations, pages, sources), bookDir: root, skipped };
}
