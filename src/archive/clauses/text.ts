/** paiban's own promise: the archive's text reads as the manuscripts, in order (pdftotext -raw). */
import { execFile } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { fail, N, pass, type ClauseResult } from './doc.js';
import { PaibanError } from '../../util/errors.js';

/** `pdftotext -raw` (poppler): the only extraction that keeps vertical text in order (DESIGN.md). */
export async function extractText(bytes: Uint8Array): Promise<string> {
  const result = await runPdftotext(bytes);
  if ('error' in result) throw new PaibanError(result.error);
  return result.text;
}

/**
 * The same PDF without its output intent, for pdftotext only. With an ICC output intent poppler builds
 * colour transforms on every page, which text extraction does not need: a 950-page archive took 15 s
 * instead of 2.7 s. Called after every structural check, so nothing else sees the change.
 */
export async function withoutOutputIntent(pdf: PDFDocument, bytes: Uint8Array): Promise<Uint8Array> {
  if (!pdf.catalog.has(N('OutputIntents')) || pdf.isEncrypted) return bytes;
  pdf.catalog.delete(N('OutputIntents'));
  return pdf.save({ addDefaultPage: false, updateFieldAppearances: false });
}

/** The text, or why pdftotext could not read the PDF (a broken file is a failed check, not a crash). */
export function runPdftotext(bytes: Uint8Array): Promise<{ text: string } | { error: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new PaibanError('pdftotext was not found; verify extracts the text with it.', { hint: 'Install poppler: sudo apt-get install -y poppler-utils' }));
      } else if (error) resolve({ error: `pdftotext could not read the PDF: ${stderr.split('\n')[0] || error.message}` });
      else resolve({ text: stdout });
    });
    child.stdin?.on('error', () => undefined); // pdftotext may exit before reading everything; the callback reports it
    child.stdin?.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

/** Removes white space (pdftotext adds it around Latin and breaks lines anywhere) but keeps the page breaks (\f). */
export function squashKeepingPages(text: string): string {
  return text.replace(/[^\S\f]+|[\u00ad\u200b\u200c\u200d\ufeff]/g, '');
}

/**
 * Finds each paragraph after the previous one. A paragraph may cross a page break, where the running
 * head and folio are printed into the text: across a \f, up to 60 characters before and 160 after
 * may be skipped. Only at a page break, so a dropped or garbled character anywhere else is caught.
 */
export function checkText(extracted: string, paragraphs: readonly string[]): ClauseResult {
  const clause = 'paiban text';
  const text = squashKeepingPages(extracted);
  const gap = '(?:[^\\f]{0,60}?\\f[^\\f]{0,160}?)??';
  const missing: string[] = [];
  let position = 0;
  let checked = 0;
  for (const [index, paragraph] of paragraphs.entries()) {
    const chars = [...squashKeepingPages(paragraph).replace(/\f/g, '')];
    if (chars.length === 0) continue;
    checked += 1;
    const pattern = new RegExp(chars.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join(gap), 'gu');
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match) position = match.index + match[0].length;
    else if (missing.push(`paragraph ${index + 1} «${paragraph.trim().slice(0, 24)}…»`) >= 5) break;
  }
  if (missing.length === 0) return pass(clause, `${checked} paragraphs found in order in pdftotext -raw`);
  return fail(clause, `not found in order: ${missing.join('; ')}`);
}
