import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { writeMetadata, type PdfMetadata } from '../pdf/metadata.js';
import { PaibanError } from '../util/errors.js';
import { PACKAGE_DIR } from '../util/package.js';
import { isEncryptedPdfError } from '../util/pdf-input.js';
import { xmpPacket } from './xmp.js';
import '../pdf/zlib-deflate.js';

/**
 * PDF/A-3b by post-processing Chromium's PDF with pdf-lib: the page content, fonts, outline and
 * structure tree stay byte for byte as Chromium and the build wrote them; only what PDF/A asks for is
 * added (XMP, OutputIntent, /ID) and the few fixable things are fixed. Ghostscript's PDF/A route was
 * measured and rejected: on the sample it got 12.7% of the characters wrong (（ → ÿ, 区 → {) and dropped
the structure tree, /Lang and the Chinese Info (DESIGN.md, "Archival and text facts").
 *
 * Why part 3: the book's sources (Markdown, book.yaml, the raw texts in raw/) travel inside as associated files, and only
 * PDF/A-3 allows embedding files that are not themselves PDF/A. Why level b: it promises the pages
 * look the same forever, which is what we can guarantee; level a needs an audited logical structure,
 * and level u (Unicode for every glyph) cannot be proven without a validator. `verifyPdf` checks the
 * text separately against the manuscripts, which is what u would promise.
 */

/** sRGB v2 profile from Debian's icc-profiles-free (zlib licence), shipped in paiban's profiles/ (see profiles/LICENSE). */
export const SRGB_PROFILE = path.join(PACKAGE_DIR, 'profiles', 'sRGB.icc');
const SRGB_CONDITION = 'sRGB IEC61966-2.1';

/** The Info dictionary's content; the same type the ordinary build uses, so both write the same strings. */
export type ArchiveInfo = PdfMetadata;

export type AFRelationship = 'Source' | 'Data';

export interface ArchiveAttachment {
  /** File name shown by readers, e.g. "manuscripts/2022.md" or "book.yaml". Unique. */
  name: string;
  bytes: Uint8Array;
  /** MIME type, e.g. "text/markdown"; "application/octet-stream" when unknown (PDF/A-3 6.8). */
  mimeType: string;
  description: string;
  /** Source: what the PDF was made from (manuscripts, book.yaml). Data: data the PDF shows. */
  relationship: AFRelationship;
}

export interface PdfAOptions {
  /** An RGB ICC profile to use instead of SRGB_PROFILE (tests). */
  iccProfile?: string;
}

/** Turns a PDF made by the build into a PDF/A-3b archive with `attachments` embedded as associated files. Deterministic. */
export async function toPdfA3(pdfBytes: Uint8Array, info: ArchiveInfo, attachments: readonly ArchiveAttachment[], options: PdfAOptions = {}): Promise<Uint8Array> {
  checkAttachments(attachments);
  const icc = await readIccProfile(options.iccProfile ?? SRGB_PROFILE);
  const pdf = await loadPdf(pdfBytes);

  rewriteInfo(pdf, info);
  setXmp(pdf, info);
  setOutputIntent(pdf, icc);
  embedAttachments(pdf, attachments, info.date);
  removeScripts(pdf);
  fixAnnotations(pdf);
  fixImagesAndFonts(pdf);

  // Save with a zero /ID, then seal: the /ID is the SHA-256 (truncated) of the file as written, so the
  // same inputs give the same bytes, and any other content gives another /ID.
  pdf.context.trailerInfo.ID = idArray(pdf, ZERO_ID);
  const bytes = await pdf.save({ addDefaultPage: false, updateFieldAppearances: false });
  return sealId(bytes);
}

/** Rejects names a reader could not tell apart, and malformed MIME types (they become PDF names). */
function checkAttachments(attachments: readonly ArchiveAttachment[]): void {
  const seen = new Set<string>();
  for (const { name, mimeType, relationship } of attachments) {
    if (!name || /[\u0000-\u001f]/.test(name)) throw new PaibanError(`An attachment has an empty or unprintable name: ${JSON.stringify(name)}.`);
    if (seen.has(name)) throw new PaibanError(`Two attachments are both named "${name}".`, { hint: 'Name attachments by their path relative to the book folder.' });
    seen.add(name);
    if (!/^[a-z0-9][\w!#$&^.+-]*\/[a-z0-9][\w!#$&^.+-]*$/i.test(mimeType)) {
      throw new PaibanError(`Attachment "${name}" has the MIME type "${mimeType}", which is not of the form type/subtype.`, { hint: 'Use application/octet-stream when unsure.' });
    }
    if (relationship !== 'Source' && relationship !== 'Data') throw new PaibanError(`Attachment "${name}": relationship must be Source or Data, not "${String(relationship)}".`);
  }
}

/** Reads and sanity-checks the ICC profile: an RGB display or output profile (what GTS_PDFA1 needs for DeviceRGB). */
export async function readIccProfile(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new PaibanError('The sRGB colour profile is missing; PDF/A needs it as the output intent.', {
      file,
      hint: file === SRGB_PROFILE ? 'paiban is installed incompletely (its profiles/ folder is missing): install it again.' : 'Check the profile given.',
      cause: error,
    });
  }
  const problem = iccProblem(bytes, 3);
  if (problem) throw new PaibanError(`Not a usable sRGB profile: ${problem}.`, { file, hint: 'Give an RGB ICC profile (ICC v2 or v4).' });
  return bytes;
}

/**
 * What is wrong with an ICC profile, if anything, by the header checks veraPDF makes: an output intent
 * needs a display or printer profile in gray, RGB or CMYK; an ICCBased colour space may also use input,
 * colour-space and Lab profiles. Both need a version below 5 (PDF 1.7).
 */
export function iccProblem(bytes: Uint8Array, components?: number, role: 'output' | 'input' = 'output'): string | undefined {
  const ascii = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  if (bytes.length < 132 || ascii(36) !== 'acsp') return 'no ICC header';
  const colourSpace = ascii(16);
  const n = ({ 'RGB ': 3, CMYK: 4, GRAY: 1, ...(role === 'input' ? { 'Lab ': 3 } : {}) } as Record<string, number>)[colourSpace];
  if (n === undefined) return `colour space "${colourSpace.trim()}" is not allowed`;
  if (components !== undefined && n !== components) return `it has ${n} components, not ${components}`;
  const classes = role === 'output' ? ['mntr', 'prtr'] : ['mntr', 'prtr', 'scnr', 'spac'];
  if (!classes.includes(ascii(12))) return `device class "${ascii(12)}" is not one of ${classes.join(', ')}`;
  if (bytes[8]! >= 5) return `ICC version ${bytes[8]} is newer than PDF 1.7 allows`;
  return undefined;
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    // updateMetadata: false, or pdf-lib rewrites Producer and ModDate to now and the archive is no longer reproducible.
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    if (isEncryptedPdfError(error)) throw new PaibanError('The PDF is encrypted; PDF/A forbids encryption.', { cause: error });
    throw new PaibanError(`The PDF could not be read: ${(error as Error).message}`, { cause: error });
  }
}

/** Empties the Info dictionary, then writes it as the build does: nothing stale (Trapped, custom keys) can disagree with the XMP. */
function rewriteInfo(pdf: PDFDocument, info: ArchiveInfo): void {
  const existing = pdf.context.lookup(pdf.context.trailerInfo.Info);
  if (existing instanceof PDFDict) for (const key of existing.keys()) existing.delete(key);
  writeMetadata(pdf, info);
}

/** Deletes an indirect object an archive step is about to replace (re-archiving must not leave dead copies behind). */
function dropObject(pdf: PDFDocument, value: PDFObject | undefined): void {
  if (value instanceof PDFRef) pdf.context.delete(value);
}

function setXmp(pdf: PDFDocument, info: ArchiveInfo): void {
  dropObject(pdf, pdf.catalog.get(PDFName.of('Metadata')));
  const packet = Buffer.from(xmpPacket(info, { part: 3, conformance: 'B' }), 'utf8');
  // Not compressed: PDF/A 6.6.2.1 forbids a Filter on the metadata stream (so plain tools can find it).
  const stream = pdf.context.stream(packet, { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(stream));
}

function setOutputIntent(pdf: PDFDocument, icc: Uint8Array): void {
  const old = pdf.catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  for (let i = 0; old && i < old.size(); i += 1) {
    const intent = old.lookup(i);
    if (intent instanceof PDFDict) dropObject(pdf, intent.get(PDFName.of('DestOutputProfile')));
    dropObject(pdf, old.get(i));
  }
  const profile = pdf.context.register(pdf.context.flateStream(icc, { N: 3 }));
  const intent = pdf.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_CONDITION),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of(SRGB_CONDITION),
    DestOutputProfile: profile,
  });
  // One intent only: PDF/A 6.2.3 wants every DestOutputProfile in the file to be the same object.
  pdf.catalog.set(PDFName.of('OutputIntents'), pdf.context.obj([intent]));
}

/**
 * Each attachment as an embedded file stream (Flate, with Size, ModDate and the MD5 CheckSum PDF
 * defines), a file specification with F, UF, Desc and AFRelationship, listed both in the
 * /Names /EmbeddedFiles tree (what readers show) and in the catalog's /AF (what PDF/A-3 6.8 requires).
 * Replaces any earlier embedded files, so archiving an archive does not pile them up.
 */
function embedAttachments(pdf: PDFDocument, attachments: readonly ArchiveAttachment[], date: Date): void {
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  dropEmbeddedFiles(pdf, pdf.catalog.lookupMaybe(PDFName.of('AF'), PDFArray));
  if (attachments.length === 0) {
    names?.delete(PDFName.of('EmbeddedFiles'));
    pdf.catalog.delete(PDFName.of('AF'));
    return;
  }
  // Name trees are sorted by key bytes; keys are UTF-16BE, whose order is JavaScript's string order.
  const sorted = [...attachments].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: (PDFHexString | PDFRef)[] = [];
  const specs: PDFRef[] = [];
  for (const attachment of sorted) {
    const spec = fileSpec(pdf, attachment, date);
    entries.push(PDFHexString.fromText(attachment.name), spec);
    specs.push(spec);
  }
  const tree = pdf.context.obj({ Names: pdf.context.obj(entries) });
  if (names) names.set(PDFName.of('EmbeddedFiles'), tree);
  else pdf.catalog.set(PDFName.of('Names'), pdf.context.obj({ EmbeddedFiles: tree }));
  pdf.catalog.set(PDFName.of('AF'), pdf.context.obj(specs));
}

/** Deletes the file specifications listed in an earlier /AF and their file streams. */
function dropEmbeddedFiles(pdf: PDFDocument, af: PDFArray | undefined): void {
  for (let i = 0; af && i < af.size(); i += 1) {
    const spec = af.lookup(i);
    const ef = spec instanceof PDFDict ? spec.lookupMaybe(PDFName.of('EF'), PDFDict) : undefined;
    for (const [, stream] of ef?.entries() ?? []) dropObject(pdf, stream);
    dropObject(pdf, af.get(i));
  }
}

function fileSpec(pdf: PDFDocument, attachment: ArchiveAttachment, date: Date): PDFRef {
  const { name, bytes, mimeType, description, relationship } = attachment;
  const stream = pdf.context.flateStream(bytes, {
    Type: 'EmbeddedFile',
    Subtype: mimeType,
    Params: {
      Size: PDFNumber.of(bytes.length),
      // The build date, not the file's mtime: the archive must not change when a file is merely touched.
      ModDate: PDFString.fromDate(date),
      CheckSum: PDFHexString.of(createHash('md5').update(bytes).digest('hex').toUpperCase()),
    },
  });
  const streamRef = pdf.context.register(stream);
  return pdf.context.register(
    pdf.context.obj({
      Type: 'Filespec',
      F: fileNameString(name),
      UF: PDFHexString.fromText(name),
      Desc: PDFHexString.fromText(description),
      AFRelationship: relationship,
      EF: { F: streamRef, UF: streamRef },
    }),
  );
}

/** /F is a byte string: plain bytes for ASCII names (what old readers expect), UTF-16 otherwise. */
function fileNameString(name: string): PDFHexString {
  if (/^[\x20-\x7e]*$/.test(name)) return PDFHexString.of(Buffer.from(name, 'latin1').toString('hex').toUpperCase());
  return PDFHexString.fromText(name);
}

const FORBIDDEN_ACTIONS = new Set(['Launch', 'Sound', 'Movie', 'ResetForm', 'ImportData', 'Hide', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView', 'JavaScript']);

/** PDF/A 6.5: no JavaScript, no additional actions. Chromium writes none (the page runs with JavaScript off); this guards other inputs. */
function removeScripts(pdf: PDFDocument): void {
  pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.delete(PDFName.of('JavaScript'));
  pdf.catalog.delete(PDFName.of('AA'));
  const open = pdf.catalog.lookup(PDFName.of('OpenAction'));
  if (open instanceof PDFDict && isForbiddenAction(open)) pdf.catalog.delete(PDFName.of('OpenAction'));
  for (const page of pdf.getPages()) page.node.delete(PDFName.of('AA'));
}

export function isForbiddenAction(dict: PDFDict): boolean {
  const type = dict.lookup(PDFName.of('S'));
  return type instanceof PDFName && FORBIDDEN_ACTIONS.has(type.decodeText());
}

/** Annotation flags (PDF 1.7 table 165). */
export const ANNOT_FLAGS = { invisible: 1, hidden: 2, print: 4, noView: 32, toggleNoView: 256 } as const;

/**
 * PDF/A 6.3.2: every annotation but Popup prints and is not hidden. Chromium already sets /F 4 on its
 * links; this makes sure of it, and drops forbidden actions and /AA from annotations.
 */
function fixAnnotations(pdf: PDFDocument): void {
  const { invisible, hidden, print, noView, toggleNoView } = ANNOT_FLAGS;
  for (const page of pdf.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i += 1) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      annot.delete(PDFName.of('AA'));
      const action = annot.lookup(PDFName.of('A'));
      if (action instanceof PDFDict && isForbiddenAction(action)) annot.delete(PDFName.of('A'));
      if (annot.lookup(PDFName.of('Subtype')) === PDFName.of('Popup')) continue;
      const flags = annot.lookup(PDFName.of('F'));
      const value = flags instanceof PDFNumber ? flags.asNumber() : 0;
      const fixed = (value | print) & ~(invisible | hidden | noView | toggleNoView);
      if (fixed !== value || !(flags instanceof PDFNumber)) annot.set(PDFName.of('F'), PDFNumber.of(fixed));
    }
  }
}

/**
 * PDF/A 6.2.8: images must not ask for interpolation. 6.2.11.4.2: a CIDSet, when present, must list
 * every glyph of the subset; it is optional in PDF/A-2/3, so an unchecked one is dropped rather than
 * trusted. Chromium writes neither today; these guard a future version.
 */
function fixImagesAndFonts(pdf: PDFDocument): void {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : undefined;
    if (!dict) continue;
    if (dict.get(PDFName.of('Subtype')) === PDFName.of('Image') && dict.has(PDFName.of('Interpolate'))) dict.set(PDFName.of('Interpolate'), pdf.context.obj(false));
    if (dict.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) dict.delete(PDFName.of('CIDSet'));
  }
}

const ZERO_ID = '0'.repeat(32);

function idArray(pdf: PDFDocument, hex: string): PDFArray {
  return pdf.context.obj([PDFHexString.of(hex), PDFHexString.of(hex)]);
}

/**
 * Replaces the zero /ID written by save with the first 16 bytes of the SHA-256 of the whole file (as
 * written with the zero /ID). Both halves are equal: a new document's permanent and changing IDs agree.
 * The /ID sits in the trailer or the xref stream's dictionary, which pdf-lib never compresses.
 */
function sealId(bytes: Uint8Array): Uint8Array {
  const placeholder = Buffer.from(`<${ZERO_ID}>`, 'latin1');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const second = buffer.lastIndexOf(placeholder);
  const first = second > 0 ? buffer.lastIndexOf(placeholder, second - 1) : -1;
  if (first < 0 || second - first > placeholder.length + 2) throw new Error('sealId: the zero /ID written by save was not found (pdf-lib changed?)');
  const id = Buffer.from(createHash('sha256').update(buffer).digest('hex').slice(0, 32).toUpperCase(), 'latin1');
  const sealed = Buffer.from(buffer);
  id.copy(sealed, first + 1);
  id.copy(sealed, second + 1);
  return new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength);
}
