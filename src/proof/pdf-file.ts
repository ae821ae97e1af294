import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PaibanError } from '../util/errors.js';
import { withPdfium } from '../reader/document.js';

/**
 * Refuses a missing file or one that is not a PDF before any reader sees it, so the user gets one plain line. The header may sit anywhere in the first 1,024
 * bytes (PDF 32000-1, 7.5.2), which some producers use for a junk prefix.
 */
export async function assertPdf(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const info = await stat(resolved).catch(() => undefined);
  if (!info?.isFile()) {
    throw new PaibanError(`${file} does not exist.`, { file: resolved, hint: 'Build the book first (`paiban build`), or check the path.' });
  }
  const handle = await open(resolved, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (!head.subarray(0, bytesRead).includes('%PDF-')) {
      throw new PaibanError(`${file} is not a PDF.`, { file: resolved, hint: 'Give the .pdf that `paiban build` wrote (out/<name>.pdf).' });
    }
  } finally {
    await handle.close();
  }
  return resolved;
}

/** Number of pages (PDFium: it reads the page tree only). */
export async function pageCount(file: string): Promise<number> {
  return withPdfium(await readFile(file), file, (document) => document.pageCount);
}
