import { PDFDocument } from 'pdf-lib';
import { loadUntrustedPdf } from '../util/pdf-input.js';
import { Doc, fail, type ClauseResult } from './clauses/doc.js';
import { checkEndOfFile, checkHeader, checkNoEncryption, checkStreamFilters, checkStreamsSelfContained, checkTrailerId } from './clauses/file-structure.js';
import { checkDeviceColour, checkGraphicsStates, checkIccProfiles, checkImages, checkOutputIntent, checkXObjects } from './clauses/graphics.js';
import { checkCidToGid, checkFontsEmbedded, checkNoType3, checkToUnicode } from './clauses/fonts.js';
import {
  checkActions,
  checkAdditionalActions,
  checkAnnotationAppearances,
  checkAnnotationFlags,
  checkAnnotationTypes,
  checkExternalLinks,
  checkForms,
  checkPresentationsAndRequirements,
} from './clauses/interactive.js';
import { checkMetadata } from './clauses/metadata.js';
import { checkAssociatedFiles, checkChecksums, checkFileSpecs, checkSources } from './clauses/embedded-files.js';
import { checkText, readText } from './clauses/text.js';

export { fail, pass, verdict, type ClauseResult } from './clauses/doc.js';
export { pdfDateTime } from './clauses/metadata.js';
export { checkText, extractText, squashKeepingPages } from './clauses/text.js';

/**
 * Checks a PDF/A-3b archive without a Java validator (veraPDF is not reachable here): every clause that
 * can be decided from the object structure, plus paiban's own promises (text as in the manuscripts,
 * embedded sources as on disk, no Type 3 fonts, no links out). Clause numbers are ISO 19005-3's, which
 * are ISO 19005-2's up to 6.7. The clauses live in clauses/, one module per family as veraPDF groups
 * its rules. Not checked: content-stream operators (colour operators, inline images, .notdef use), font
 * programs against their dictionaries (widths, CIDSet, cmap), ICC profile internals, the full RDF
 * grammar of the XMP.
 */
export interface VerifyOptions {
  /** Paragraphs (headings, captions…) that must appear in the extracted text, in this order. */
  expectedText?: readonly string[];
  /** Ruby annotations printed with the text (taken out of the text layer before it is read). */
  annotations?: readonly string[];
  /** Files on disk that must match, by SHA-256, the embedded file of the same name. */
  sources?: readonly { name: string; path: string }[];
}

export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<ClauseResult[]> {
  const pdf = await loadForVerify(bytes);
  const structure = [checkHeader(bytes), checkTrailerId(pdf), checkNoEncryption(pdf), checkEndOfFile(bytes)];
  // Encrypted streams cannot be read without the key; encryption alone already fails PDF/A.
  if (pdf.isEncrypted) return structure;
  const doc = new Doc(pdf);
  const results: ClauseResult[] = [
    ...structure,
    checkStreamsSelfContained(doc),
    checkStreamFilters(doc),
    checkOutputIntent(doc),
    checkIccProfiles(doc),
    checkDeviceColour(doc),
    checkGraphicsStates(doc),
    checkImages(doc),
    checkXObjects(doc),
    checkFontsEmbedded(doc),
    checkCidToGid(doc),
    checkToUnicode(doc),
    checkNoType3(doc),
    checkAnnotationTypes(doc),
    checkAnnotationFlags(doc),
    checkAnnotationAppearances(doc),
    checkForms(doc),
    checkActions(doc),
    checkAdditionalActions(doc),
    checkExternalLinks(doc),
    checkPresentationsAndRequirements(doc),
    ...checkMetadata(doc),
    checkFileSpecs(doc),
    checkAssociatedFiles(doc),
    checkChecksums(doc),
  ];
  if (options.sources) results.push(await checkSources(doc, options.sources));
  if (options.expectedText) {
    const extracted = await readText(bytes);
    results.push('error' in extracted ? fail('paiban text', extracted.error) : checkText(extracted.text, options.expectedText, options.annotations));
  }
  return results;
}

async function loadForVerify(bytes: Uint8Array): Promise<PDFDocument> {
  // allowEncrypted: an encrypted file is a failed clause, not a crash.
  return loadUntrustedPdf(bytes, { what: 'The file', allowEncrypted: true });
}
