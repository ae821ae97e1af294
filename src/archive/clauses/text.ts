/** paiban's own promise: the archive's text reads as the manuscripts, in order (pdf.js, content order). */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, pass, type ClauseResult } from './doc.js';
import { PaibanError } from '../../util/errors.js';

/** The text of every page in the order the content streams draw it, pages separated by \f. */
export async function extractText(bytes: Uint8Array): Promise<string> {
  const result = await readText(bytes);
  if ('error' in result) throw new PaibanError(result.error);
  return result.text;
}

/**
 * The text, or why it could not be read (a broken file is a failed check, not a crash). pdf.js (already
 * paiban's reader of submitted PDFs, Apache-2.0) gives each page's text in content-stream order, the
 * only order in which vertical text and sideways runs come out as written (DESIGN.md); PDFium reorders
 * lines it takes for right-to-left. A page's items are joined as they come, a line end where pdf.js
 * sees one.
 */
export async function readText(bytes: Uint8Array): Promise<{ text: string } | { error: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${pathToFileURL(path.join(root, 'cmaps'))}/`,
    standardFontDataUrl: `${pathToFileURL(path.join(root, 'standard_fonts'))}/`,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
      page.cleanup();
    }
    return { text: pages.join('\f') };
  } catch (error) {
    return { error: `the text could not be read: ${String((error as Error)?.message ?? error).split('\n')[0]}` };
  } finally {
    await task.destroy();
  }
}

/** Removes white space (extraction adds it around Latin and breaks lines anywhere) but keeps the page breaks (\f). */
export function squashKeepingPages(text: string): string {
  return text.replace(/[^\S\f]+|[\u00ad\u200b\u200c\u200d\ufeff]/g, '');
}

/**
 * Finds each paragraph after the previous one. A paragraph may cross a page break, where the running
 * head and folio are printed into the text: across a \f, up to 60 characters before and 160 after
 * may be skipped. Only at a page break, so a dropped or garbled character anywhere else is caught.
 */
export function checkText(extracted: string, paragraphs: readonly string[], annotations: readonly string[] = []): ClauseResult {
  const clause = 'paiban text';
  // Emphasis dots (着重号) print as U+2022 glyphs beside their characters, and a ruby annotation where
  // Chromium paints it in the line (after some of the line's characters): neither is part of the text read.
  const marks = (value: string) => value.replace(/\u2022/g, '');
  let text = marks(squashKeepingPages(extracted));
  for (const annotation of [...new Set(annotations.map((a) => squashKeepingPages(a)).filter(Boolean))].sort((a, b) => b.length - a.length)) text = text.split(annotation).join('');
  const gap = '(?:[^\\f]{0,60}?\\f[^\\f]{0,160}?)??';
  const missing: string[] = [];
  let position = 0;
  let checked = 0;
  for (const [index, paragraph] of paragraphs.entries()) {
    const chars = [...marks(squashKeepingPages(paragraph)).replace(/\f/g, '')];
    if (chars.length === 0) continue;
    checked += 1;
    const pattern = new RegExp(chars.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join(gap), 'gu');
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match) position = match.index + match[0].length;
    else if (missing.push(`paragraph ${index + 1} «${paragraph.trim().slice(0, 24)}…»`) >= 5) break;
  }
  if (missing.length === 0) return pass(clause, `${checked} paragraphs found in order in the text layer`);
  return fail(clause, `not found in order: ${missing.join('; ')}`);
}
