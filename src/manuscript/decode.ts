import { PaibanError } from '../util/errors.js';
import { decodeUtf8, lineOfInvalidUtf8, otherUnicodeEncoding } from '../util/utf8.js';

/**
 * Turns a manuscript's bytes into text, refusing what is not UTF-8 text with a message the editor can
 * act on (a Word export in UTF-16, a GBK file, a picture saved as .md).
 */
/** Largest manuscript accepted: a whole 1,000-page yearbook is about 3 MB of text, one chapter far less. */
export const MAX_MANUSCRIPT_BYTES = 4 * 1024 * 1024;

/** The error for a manuscript over MAX_MANUSCRIPT_BYTES (also raised before reading it, from its size on disk). */
export function manuscriptTooLarge(bytes: number, file: string): PaibanError {
  return new PaibanError(`The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; one manuscript may have at most ${MAX_MANUSCRIPT_BYTES / 1024 / 1024} MB.`, {
    file,
    hint: 'Split it into one manuscript per chapter (or per article).',
  });
}

export function decodeManuscript(bytes: Uint8Array, file: string): string {
  const hint = 'Save the file as UTF-8 text (in most editors: "Save as…", encoding UTF-8).';
  if (bytes.length > MAX_MANUSCRIPT_BYTES) throw manuscriptTooLarge(bytes.length, file);
  const encoding = otherUnicodeEncoding(bytes);
  if (encoding) throw new PaibanError(`The file is ${encoding} text; paiban reads UTF-8 only.`, { file, line: 1, hint });
  if (bytes.indexOf(0) !== -1) {
    throw new PaibanError('The file is not text (it contains binary data).', { file, line: 1, hint: 'Only Markdown text files belong in manuscripts/.' });
  }
  const text = decodeUtf8(bytes);
  if (text !== undefined) return text;
  throw new PaibanError('The file is not valid UTF-8 (perhaps GBK or GB18030).', { file, line: lineOfInvalidUtf8(bytes), hint });
}
