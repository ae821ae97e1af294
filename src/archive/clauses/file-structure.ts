/** ISO 19005 6.1: file structure (header, trailer, encryption, end of file, streams). */
import { PDFArray, PDFDocument, PDFHexString, PDFRef, PDFString } from 'pdf-lib';
import { Doc, fail, N, pass, verdict, nameOf, type ClauseResult } from './doc.js';

export function checkHeader(bytes: Uint8Array): ClauseResult {
  const clause = 'PDF/A 6.1.2 file header';
  const head = Buffer.from(bytes.subarray(0, 64));
  const match = /^%PDF-1\.([0-7])(\r\n|\r|\n)%/.exec(head.toString('latin1'));
  if (!match) return fail(clause, `does not start with %PDF-1.0…1.7 and an EOL: ${JSON.stringify(head.subarray(0, 9).toString('latin1'))}`);
  const comment = head.subarray(match[0].length, match[0].length + 4);
  if (comment.length < 4 || [...comment].some((byte) => byte <= 127)) return fail(clause, 'the second line is not a comment of at least four bytes above 127');
  return pass(clause, `%PDF-1.${match[1]} with a binary comment`);
}

export function checkTrailerId(pdf: PDFDocument): ClauseResult {
  const clause = 'PDF/A 6.1.3 trailer /ID';
  const id = pdf.context.trailerInfo.ID;
  const array = id instanceof PDFRef ? pdf.context.lookup(id) : id;
  if (!(array instanceof PDFArray) || array.size() !== 2) return fail(clause, 'no /ID of two strings in the trailer');
  const parts = array.asArray().map((part) => (part instanceof PDFHexString || part instanceof PDFString ? part.asBytes() : undefined));
  if (parts.some((part) => !part || part.length === 0)) return fail(clause, '/ID is not two non-empty strings');
  return pass(clause, `/ID ${Buffer.from(parts[0]!).toString('hex')}`);
}

export function checkNoEncryption(pdf: PDFDocument): ClauseResult {
  const clause = 'PDF/A 6.1.3 no encryption';
  return pdf.context.trailerInfo.Encrypt ? fail(clause, 'the trailer has /Encrypt') : pass(clause, 'no /Encrypt');
}

export function checkEndOfFile(bytes: Uint8Array): ClauseResult {
  const clause = 'PDF/A 6.1.3 end of file';
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.lastIndexOf('%%EOF');
  if (at < 0) return fail(clause, 'no %%EOF');
  const rest = buffer.subarray(at + 5).toString('latin1');
  return ['', '\n', '\r', '\r\n'].includes(rest) ? pass(clause, 'nothing after %%EOF but one EOL') : fail(clause, `${rest.length} bytes follow the last %%EOF`);
}

export function checkStreamsSelfContained(doc: Doc): ClauseResult {
  const problems = doc.dicts
    .filter((entry) => entry.stream && ['F', 'FFilter', 'FDecodeParms'].some((key) => entry.dict.has(N(key))))
    .map((entry) => `${doc.label(entry)} refers to an external file`);
  return verdict('PDF/A 6.1.7.1 no external streams', problems, 'no stream has /F, /FFilter or /FDecodeParms');
}

export function checkStreamFilters(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.dicts.filter((e) => e.stream)) {
    const filter = entry.dict.lookup(N('Filter'));
    const names = filter instanceof PDFArray ? filter.asArray().map(nameOf) : [nameOf(filter)];
    for (const name of names) if (name === 'LZWDecode' || name === 'Crypt') problems.push(`${doc.label(entry)} uses ${name}`);
  }
  return verdict('PDF/A 6.1.7.2 stream filters', problems, 'no LZW or Crypt filter');
}
