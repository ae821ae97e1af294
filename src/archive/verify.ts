import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadUntrustedPdf } from '../util/pdf-input.js';
import {
  decodePDFRawStream,
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { readInfo } from '../pdf/metadata.js';
import { PaibanError } from '../util/errors.js';
import { ANNOT_FLAGS, iccProblem, isForbiddenAction } from './pdfa.js';
import { readXmp, xmpProblem, type XmpFacts } from './xmp.js';

/**
 * Checks a PDF/A-3b archive without a Java validator (veraPDF is not reachable here): every clause that
 * can be decided from the object structure, plus paiban's own promises (text as in the manuscripts,
 * embedded sources as on disk, no Type 3 fonts, no links out). Clause numbers are ISO 19005-3's, which
 * are ISO 19005-2's up to 6.7. Not checked: content-stream operators (colour operators, inline images,
 * .notdef use), font programs against their dictionaries (widths, CIDSet, cmap), ICC profile internals,
 * the full RDF grammar of the XMP.
 */

export interface ClauseResult {
  /** Short, stable name, e.g. "PDF/A 6.2.11.4.1 fonts embedded" or "paiban text". */
  clause: string;
  ok: boolean;
  detail: string;
}

export interface VerifyOptions {
  /** Paragraphs (headings, captions…) that must appear in the extracted text, in this order. */
  expectedText?: readonly string[];
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
    const extracted = await runPdftotext(await withoutOutputIntent(pdf, bytes));
    results.push('error' in extracted ? fail('paiban text', extracted.error) : checkText(extracted.text, options.expectedText));
  }
  return results;
}

async function loadForVerify(bytes: Uint8Array): Promise<PDFDocument> {
  // allowEncrypted: an encrypted file is a failed clause, not a crash.
  return loadUntrustedPdf(bytes, { what: 'The file', allowEncrypted: true });
}

export const pass = (clause: string, detail: string): ClauseResult => ({ clause, ok: true, detail });
export const fail = (clause: string, detail: string): ClauseResult => ({ clause, ok: false, detail });
/** Passes when `problems` is empty; otherwise names the first few. */
export function verdict(clause: string, problems: readonly string[], okDetail: string): ClauseResult {
  if (problems.length === 0) return pass(clause, okDetail);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return fail(clause, problems.slice(0, 3).join('; ') + more);
}

const N = (name: string) => PDFName.of(name);

/** A stream's decoded bytes, or undefined when its filters fail (a damaged file is a failed check, not a crash). */
function decoded(stream: PDFRawStream): Uint8Array | undefined {
  try {
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}
const nameOf = (value: unknown): string | undefined => (value instanceof PDFName ? value.decodeText() : undefined);
const textOf = (value: unknown): string | undefined => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

/** Every dictionary of the file once (indirect ones with their ref, direct ones nested inside them), and the pages' annotations. */
class Doc {
  readonly dicts: { dict: PDFDict; ref: PDFRef | undefined; stream: PDFStream | undefined }[] = [];
  readonly annotations: { dict: PDFDict; page: number }[] = [];

  constructor(readonly pdf: PDFDocument) {
    for (const [ref, object] of pdf.context.enumerateIndirectObjects()) this.collect(object, ref);
    pdf.getPages().forEach((page, index) => {
      const annots = page.node.lookupMaybe(N('Annots'), PDFArray);
      for (let i = 0; annots && i < annots.size(); i += 1) {
        const annot = annots.lookup(i);
        if (annot instanceof PDFDict) this.annotations.push({ dict: annot, page: index + 1 });
      }
    });
  }

  private collect(object: PDFObject, ref?: PDFRef): void {
    if (object instanceof PDFStream) {
      this.dicts.push({ dict: object.dict, ref, stream: object });
      this.collectChildren(object.dict);
    } else if (object instanceof PDFDict) {
      this.dicts.push({ dict: object, ref, stream: undefined });
      this.collectChildren(object);
    } else if (object instanceof PDFArray) {
      for (const item of object.asArray()) this.collect(item);
    }
  }

  private collectChildren(dict: PDFDict): void {
    for (const [, value] of dict.entries()) if (value instanceof PDFDict || value instanceof PDFArray) this.collect(value);
  }

  get catalog(): PDFDict {
    return this.pdf.catalog;
  }

  where(predicate: (dict: PDFDict) => boolean) {
    return this.dicts.filter((entry) => predicate(entry.dict));
  }

  label(entry: { ref: PDFRef | undefined }): string {
    return entry.ref ? `object ${entry.ref.objectNumber}` : 'a direct object';
  }
}

const isType = (type: string) => (dict: PDFDict) => dict.get(N('Type')) === N(type);
const isSubtype = (subtype: string) => (dict: PDFDict) => dict.get(N('Subtype')) === N(subtype);

// ── 6.1 File structure ────────────────────────────────────────────────────────────────────────────

function checkHeader(bytes: Uint8Array): ClauseResult {
  const clause = 'PDF/A 6.1.2 file header';
  const head = Buffer.from(bytes.subarray(0, 64));
  const match = /^%PDF-1\.([0-7])(\r\n|\r|\n)%/.exec(head.toString('latin1'));
  if (!match) return fail(clause, `does not start with %PDF-1.0…1.7 and an EOL: ${JSON.stringify(head.subarray(0, 9).toString('latin1'))}`);
  const comment = head.subarray(match[0].length, match[0].length + 4);
  if (comment.length < 4 || [...comment].some((byte) => byte <= 127)) return fail(clause, 'the second line is not a comment of at least four bytes above 127');
  return pass(clause, `%PDF-1.${match[1]} with a binary comment`);
}

function checkTrailerId(pdf: PDFDocument): ClauseResult {
  const clause = 'PDF/A 6.1.3 trailer /ID';
  const id = pdf.context.trailerInfo.ID;
  const array = id instanceof PDFRef ? pdf.context.lookup(id) : id;
  if (!(array instanceof PDFArray) || array.size() !== 2) return fail(clause, 'no /ID of two strings in the trailer');
  const parts = array.asArray().map((part) => (part instanceof PDFHexString || part instanceof PDFString ? part.asBytes() : undefined));
  if (parts.some((part) => !part || part.length === 0)) return fail(clause, '/ID is not two non-empty strings');
  return pass(clause, `/ID ${Buffer.from(parts[0]!).toString('hex')}`);
}

function checkNoEncryption(pdf: PDFDocument): ClauseResult {
  const clause = 'PDF/A 6.1.3 no encryption';
  return pdf.context.trailerInfo.Encrypt ? fail(clause, 'the trailer has /Encrypt') : pass(clause, 'no /Encrypt');
}

function checkEndOfFile(bytes: Uint8Array): ClauseResult {
  const clause = 'PDF/A 6.1.3 end of file';
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.lastIndexOf('%%EOF');
  if (at < 0) return fail(clause, 'no %%EOF');
  const rest = buffer.subarray(at + 5).toString('latin1');
  return ['', '\n', '\r', '\r\n'].includes(rest) ? pass(clause, 'nothing after %%EOF but one EOL') : fail(clause, `${rest.length} bytes follow the last %%EOF`);
}

function checkStreamsSelfContained(doc: Doc): ClauseResult {
  const problems = doc.dicts
    .filter((entry) => entry.stream && ['F', 'FFilter', 'FDecodeParms'].some((key) => entry.dict.has(N(key))))
    .map((entry) => `${doc.label(entry)} refers to an external file`);
  return verdict('PDF/A 6.1.7.1 no external streams', problems, 'no stream has /F, /FFilter or /FDecodeParms');
}

function checkStreamFilters(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.dicts.filter((e) => e.stream)) {
    const filter = entry.dict.lookup(N('Filter'));
    const names = filter instanceof PDFArray ? filter.asArray().map(nameOf) : [nameOf(filter)];
    for (const name of names) if (name === 'LZWDecode' || name === 'Crypt') problems.push(`${doc.label(entry)} uses ${name}`);
  }
  return verdict('PDF/A 6.1.7.2 stream filters', problems, 'no LZW or Crypt filter');
}

// ── 6.2 Graphics ──────────────────────────────────────────────────────────────────────────────────

function outputIntents(doc: Doc): PDFDict[] {
  const intents = doc.catalog.lookupMaybe(N('OutputIntents'), PDFArray);
  return intents ? intents.asArray().map((item) => doc.pdf.context.lookup(item)).filter((d): d is PDFDict => d instanceof PDFDict) : [];
}

/** Components of the PDF/A output intent's profile, when there is a valid one. */
function intentComponents(doc: Doc): number | undefined {
  const intent = outputIntents(doc).find((d) => d.get(N('S')) === N('GTS_PDFA1'));
  const profile = intent?.lookup(N('DestOutputProfile'));
  const n = profile instanceof PDFStream ? profile.dict.lookup(N('N')) : undefined;
  return n instanceof PDFNumber ? n.asNumber() : undefined;
}

function checkOutputIntent(doc: Doc): ClauseResult {
  const clause = 'PDF/A 6.2.3 output intent';
  const intents = outputIntents(doc).filter((d) => d.get(N('S')) === N('GTS_PDFA1'));
  if (intents.length === 0) return fail(clause, 'no /OutputIntents entry with /S /GTS_PDFA1 in the catalog');
  const profiles = new Set(intents.map((d) => String(d.get(N('DestOutputProfile')))));
  if (profiles.size > 1) return fail(clause, 'the output intents use different DestOutputProfile objects');
  const profile = intents[0]!.lookup(N('DestOutputProfile'));
  if (!(profile instanceof PDFRawStream)) return fail(clause, 'the GTS_PDFA1 intent has no DestOutputProfile stream');
  const n = profile.dict.lookup(N('N'));
  if (!(n instanceof PDFNumber)) return fail(clause, 'the ICC profile stream has no /N');
  const icc = decoded(profile);
  const problem = icc ? iccProblem(icc, n.asNumber()) : 'the profile stream cannot be decoded';
  if (problem) return fail(clause, `the ICC profile: ${problem}`);
  return pass(clause, `GTS_PDFA1, ${textOf(intents[0]!.lookup(N('OutputConditionIdentifier'))) ?? 'ICC'} profile with /N ${n.asNumber()}`);
}

function checkIccProfiles(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.dicts) {
    for (const [, value] of entry.dict.entries()) {
      const space = doc.pdf.context.lookup(value);
      if (!(space instanceof PDFArray) || space.size() < 2 || nameOf(space.get(0)) !== 'ICCBased') continue;
      const stream = space.lookup(1);
      if (!(stream instanceof PDFRawStream)) problems.push('an ICCBased colour space without a profile stream');
      else {
        const n = stream.dict.lookup(N('N'));
        const icc = decoded(stream);
        const problem = !(n instanceof PDFNumber) ? 'no /N' : icc ? iccProblem(icc, n.asNumber(), 'input') : 'cannot be decoded';
        if (problem) problems.push(`ICCBased profile ${String(space.get(1))}: ${problem}`);
      }
    }
  }
  return verdict('PDF/A 6.2.4.2 ICC profiles', [...new Set(problems)], 'every ICCBased colour space has a profile matching its /N');
}

/** Device colour spaces named in dictionaries (not in content streams, which are not parsed). */
function checkDeviceColour(doc: Doc): ClauseResult {
  const n = intentComponents(doc);
  // DeviceGray needs some output intent; DeviceRGB an RGB one, DeviceCMYK a CMYK one.
  const allowed = new Set([...(n ? ['DeviceGray'] : []), ...(n === 3 ? ['DeviceRGB'] : []), ...(n === 4 ? ['DeviceCMYK'] : [])]);
  const problems = new Set<string>();
  const visit = (value: PDFObject | undefined) => {
    const name = nameOf(value);
    if (name && name.startsWith('Device') && !allowed.has(name)) problems.add(`${name} without a matching output intent`);
  };
  for (const { dict } of doc.dicts) {
    visit(dict.get(N('ColorSpace')));
    visit(dict.get(N('CS')));
    const resources = dict.lookup(N('ColorSpace'));
    if (resources instanceof PDFDict) for (const [, value] of resources.entries()) visit(doc.pdf.context.lookup(value));
  }
  return verdict('PDF/A 6.2.4.3 device colour', [...problems], `device colour in dictionaries fits the output intent (${n ?? 'no'} components)`);
}

const BLEND_MODES = new Set(['Normal', 'Compatible', 'Multiply', 'Screen', 'Overlay', 'Darken', 'Lighten', 'ColorDodge', 'ColorBurn', 'HardLight', 'SoftLight', 'Difference', 'Exclusion', 'Hue', 'Saturation', 'Color', 'Luminosity']);

function checkGraphicsStates(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const { dict } of doc.dicts) {
    const states = dict.lookup(N('ExtGState'));
    if (!(states instanceof PDFDict)) continue;
    for (const [key, value] of states.entries()) {
      const gs = doc.pdf.context.lookup(value);
      if (!(gs instanceof PDFDict)) continue;
      const where = `graphics state ${key.decodeText()}`;
      if (gs.has(N('TR'))) problems.push(`${where} has /TR`);
      if (gs.has(N('TR2')) && nameOf(gs.lookup(N('TR2'))) !== 'Default') problems.push(`${where} has a /TR2 other than /Default`);
      if (gs.has(N('HTP')) || gs.has(N('HTO'))) problems.push(`${where} has /HTP or /HTO`);
      const bm = gs.lookup(N('BM'));
      const modes = bm instanceof PDFArray ? bm.asArray().map(nameOf) : bm ? [nameOf(bm)] : [];
      if (modes.some((mode) => !mode || !BLEND_MODES.has(mode))) problems.push(`${where} has a non-standard blend mode`);
    }
  }
  return verdict('PDF/A 6.2.5 graphics states', [...new Set(problems)], 'no transfer functions, halftone origins or unknown blend modes');
}

function checkImages(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.where(isSubtype('Image'))) {
    if (entry.dict.lookup(N('Interpolate')) === PDFBool.True) problems.push(`image ${doc.label(entry)} has /Interpolate true`);
    if (entry.dict.has(N('Alternates')) || entry.dict.has(N('OPI'))) problems.push(`image ${doc.label(entry)} has /Alternates or /OPI`);
  }
  return verdict('PDF/A 6.2.8 images', problems, 'no interpolation, alternates or OPI');
}

function checkXObjects(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.dicts.filter((e) => e.stream)) {
    const subtype = nameOf(entry.dict.get(N('Subtype')));
    if (subtype === 'PS' || entry.dict.get(N('Subtype2')) === N('PS')) problems.push(`${doc.label(entry)} is a PostScript XObject`);
    if (subtype === 'Form' && (entry.dict.has(N('Ref')) || entry.dict.has(N('OPI')))) problems.push(`${doc.label(entry)} is a reference XObject or has /OPI`);
  }
  return verdict('PDF/A 6.2.9 XObjects', problems, 'no PostScript or reference XObjects');
}

/** Each font with the dictionary that carries its descriptor (the descendant CIDFont for Type0). */
const CID_FONTS = new Set(['CIDFontType0', 'CIDFontType2']);

function fonts(doc: Doc): { name: string; font: PDFDict; subtype: string; described: PDFDict | undefined }[] {
  // CIDFonts are reached through their Type0 parent, whose name and ToUnicode they share.
  const top = doc.where((dict) => isType('Font')(dict) && !CID_FONTS.has(nameOf(dict.get(N('Subtype'))) ?? ''));
  return top.map((entry) => {
    const { dict } = entry;
    const subtype = nameOf(dict.get(N('Subtype'))) ?? '?';
    const descendants = dict.lookup(N('DescendantFonts'));
    const descendant = descendants instanceof PDFArray ? descendants.lookup(0) : undefined;
    const described = subtype !== 'Type0' ? dict : descendant instanceof PDFDict ? descendant : undefined;
    return { name: nameOf(dict.get(N('BaseFont'))) ?? `a ${subtype} font (${doc.label(entry)})`, font: dict, subtype, described };
  });
}

function checkFontsEmbedded(doc: Doc): ClauseResult {
  const problems: string[] = [];
  const all = fonts(doc).filter((f) => f.subtype !== 'Type3');
  for (const { name, described } of all) {
    const descriptor = described?.lookup(N('FontDescriptor'));
    if (!(descriptor instanceof PDFDict)) problems.push(`${name} is not embedded (no font descriptor)`);
    else if (!['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.lookup(N(key)) instanceof PDFStream)) problems.push(`${name} is not embedded`);
  }
  return verdict('PDF/A 6.2.11.4.1 fonts embedded', problems, `${all.length} fonts, all with FontFile/FontFile2/FontFile3`);
}

function checkCidToGid(doc: Doc): ClauseResult {
  const problems = doc
    .where((d) => isType('Font')(d) && isSubtype('CIDFontType2')(d))
    .filter(({ dict }) => {
      const map = dict.lookup(N('CIDToGIDMap'));
      return !(map === N('Identity') || map instanceof PDFStream);
    })
    .map(({ dict }) => `${nameOf(dict.get(N('BaseFont'))) ?? 'a CIDFontType2'} has no Identity or stream /CIDToGIDMap`);
  return verdict('PDF/A 6.2.11.3.2 CIDToGIDMap', problems, 'every CIDFontType2 maps CIDs to glyphs');
}

/** Required for conformance level u only; paiban requires it because an archive must be searchable. */
function checkToUnicode(doc: Doc): ClauseResult {
  const simpleEncodings = new Set(['WinAnsiEncoding', 'MacRomanEncoding', 'StandardEncoding']);
  const problems = fonts(doc)
    .filter(({ font, subtype }) => {
      if (font.lookup(N('ToUnicode')) instanceof PDFStream) return false;
      return subtype === 'Type0' || subtype === 'Type3' || !simpleEncodings.has(nameOf(font.lookup(N('Encoding'))) ?? '');
    })
    .map(({ name }) => `${name} has no /ToUnicode`);
  return verdict('PDF/A 6.2.11.7 ToUnicode (paiban)', problems, 'every font maps its glyphs to Unicode');
}

/** PDF/A allows Type 3 fonts; paiban does not: print preflight rejects them and their text extracts badly (DESIGN.md). */
function checkNoType3(doc: Doc): ClauseResult {
  const problems = fonts(doc).filter((f) => f.subtype === 'Type3').map((f) => `${f.name} is a Type 3 font`);
  return verdict('paiban no Type 3 fonts', problems, 'no Type 3 fonts');
}

// ── 6.3 Annotations, 6.4 forms, 6.5 actions ──────────────────────────────────────────────────────

const ANNOTATION_TYPES = new Set(['Text', 'Link', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Stamp', 'Caret', 'Ink', 'Popup', 'FileAttachment', 'Widget', 'PrinterMark', 'TrapNet', 'Watermark', 'Redact']);

function checkAnnotationTypes(doc: Doc): ClauseResult {
  const problems = doc.annotations
    .filter(({ dict }) => !ANNOTATION_TYPES.has(nameOf(dict.lookup(N('Subtype'))) ?? ''))
    .map(({ dict, page }) => `page ${page}: a ${nameOf(dict.lookup(N('Subtype'))) ?? 'untyped'} annotation`);
  return verdict('PDF/A 6.3.1 annotation types', problems, `${doc.annotations.length} annotations, all of permitted types`);
}

function checkAnnotationFlags(doc: Doc): ClauseResult {
  const { invisible, hidden, print, noView, toggleNoView } = ANNOT_FLAGS;
  const problems: string[] = [];
  for (const { dict, page } of doc.annotations) {
    if (dict.lookup(N('Subtype')) === N('Popup')) continue;
    const flags = dict.lookup(N('F'));
    const value = flags instanceof PDFNumber ? flags.asNumber() : undefined;
    if (value === undefined || !(value & print)) problems.push(`page ${page}: a ${nameOf(dict.lookup(N('Subtype')))} annotation without the print flag`);
    else if (value & (invisible | hidden | noView | toggleNoView)) problems.push(`page ${page}: a hidden ${nameOf(dict.lookup(N('Subtype')))} annotation`);
  }
  return verdict('PDF/A 6.3.2 annotation flags', problems, 'every annotation prints and is visible');
}

function checkAnnotationAppearances(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const { dict, page } of doc.annotations) {
    const subtype = nameOf(dict.lookup(N('Subtype')));
    if (subtype === 'Popup' || subtype === 'Link') continue;
    const rect = dict.lookup(N('Rect'));
    const numbers = rect instanceof PDFArray ? rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0)) : [0, 0, 0, 0];
    if (numbers[0] === numbers[2] || numbers[1] === numbers[3]) continue;
    const ap = dict.lookup(N('AP'));
    if (!(ap instanceof PDFDict) || !ap.has(N('N'))) problems.push(`page ${page}: a ${subtype} annotation without a normal appearance`);
    else if (ap.has(N('R')) || ap.has(N('D'))) problems.push(`page ${page}: a ${subtype} annotation with rollover or down appearances`);
  }
  return verdict('PDF/A 6.3.3 annotation appearances', problems, 'every visible annotation (other than links) has one normal appearance');
}

function checkForms(doc: Doc): ClauseResult {
  const form = doc.catalog.lookup(N('AcroForm'));
  if (!(form instanceof PDFDict)) return pass('PDF/A 6.4 forms', 'no form');
  const problems: string[] = [];
  if (form.lookup(N('NeedAppearances')) === PDFBool.True) problems.push('/NeedAppearances is true');
  if (form.has(N('XFA'))) problems.push('the form has XFA');
  return verdict('PDF/A 6.4 forms', problems, 'form without XFA and with appearances');
}

/** Action dictionaries: anything with an action type /S that is not a structure element (whose /S is its role). */
function actions(doc: Doc) {
  return doc.where((dict) => dict.get(N('Type')) !== N('StructElem') && !dict.has(N('P')) && dict.lookup(N('S')) instanceof PDFName);
}

function checkActions(doc: Doc): ClauseResult {
  const problems = actions(doc)
    .filter(({ dict }) => isForbiddenAction(dict) || (dict.lookup(N('S')) === N('Named') && !['NextPage', 'PrevPage', 'FirstPage', 'LastPage'].includes(nameOf(dict.lookup(N('N'))) ?? '')))
    .map((entry) => `${doc.label(entry)} is a ${nameOf(entry.dict.lookup(N('S')))} action`);
  const names = doc.catalog.lookupMaybe(N('Names'), PDFDict);
  if (names?.has(N('JavaScript'))) problems.unshift('the catalog has a /Names /JavaScript tree');
  return verdict('PDF/A 6.5.1 actions', problems, 'no JavaScript, Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, Rendition, Trans or GoTo3DView');
}

function checkAdditionalActions(doc: Doc): ClauseResult {
  const problems = doc.where((dict) => dict.has(N('AA'))).map((entry) => `${entry.dict === doc.catalog ? 'the catalog' : doc.label(entry)} has /AA`);
  return verdict('PDF/A 6.5.2 no additional actions', problems, 'no /AA anywhere');
}

/** PDF/A permits URI links; paiban's archives are self-contained and the build writes none. */
function checkExternalLinks(doc: Doc): ClauseResult {
  const problems = actions(doc)
    .filter(({ dict }) => ['URI', 'GoToR', 'GoToE', 'SubmitForm', 'Launch'].includes(nameOf(dict.lookup(N('S'))) ?? ''))
    .map(({ dict }) => `${nameOf(dict.lookup(N('S')))} ${textOf(dict.lookup(N('URI'))) ?? ''}`.trim());
  return verdict('paiban no external links', problems, 'no URI, GoToR, GoToE, SubmitForm or Launch actions');
}

function checkPresentationsAndRequirements(doc: Doc): ClauseResult {
  const problems: string[] = [];
  if (doc.catalog.lookupMaybe(N('Names'), PDFDict)?.has(N('AlternatePresentations'))) problems.push('/AlternatePresentations in /Names');
  if (doc.pdf.getPages().some((page) => page.node.has(N('PresSteps')))) problems.push('a page has /PresSteps');
  if (doc.catalog.has(N('Requirements'))) problems.push('the catalog has /Requirements');
  const perms = doc.catalog.lookup(N('Perms'));
  if (perms instanceof PDFDict && perms.keys().some((key) => !['UR3', 'DocMDP'].includes(key.decodeText()))) problems.push('/Perms has entries other than UR3 and DocMDP');
  return verdict('PDF/A 6.1.12/6.10/6.11 catalog', problems, 'no presentations, requirements or foreign permissions');
}

// ── 6.6 Metadata ──────────────────────────────────────────────────────────────────────────────────

function checkMetadata(doc: Doc): ClauseResult[] {
  const xmpClause = 'PDF/A 6.6.2.1 XMP metadata';
  const idClause = 'PDF/A 6.6.4 pdfaid part 3';
  const infoClause = 'PDF/A 6.6 XMP matches Info';
  const stream = doc.catalog.lookup(N('Metadata'));
  if (!(stream instanceof PDFRawStream)) return [xmpClause, idClause, infoClause].map((clause) => fail(clause, 'no /Metadata stream in the catalog'));
  const problems: string[] = [];
  if (stream.dict.get(N('Type')) !== N('Metadata') || stream.dict.get(N('Subtype')) !== N('XML')) problems.push('the stream is not /Type /Metadata /Subtype /XML');
  if (stream.dict.has(N('Filter'))) problems.push('the metadata stream is filtered');
  const xml = Buffer.from(decoded(stream) ?? []).toString('utf8');
  const structure = xmpProblem(xml);
  if (structure) problems.push(structure);
  const facts = readXmp(xml);
  const conformance = facts.part === '3' && ['A', 'B', 'U'].includes(facts.conformance ?? '');
  return [
    verdict(xmpClause, problems, `${xml.length} characters of XMP, unfiltered`),
    conformance ? pass(idClause, `pdfaid:part 3, conformance ${facts.conformance}`) : fail(idClause, `pdfaid:part ${facts.part ?? 'missing'}, conformance ${facts.conformance ?? 'missing'}`),
    compareInfo(infoClause, readInfo(doc.pdf), facts),
  ];
}

/**
 * Info and XMP must say the same (PDF/A-1 6.7.3 made it a rule; for A-2/3 readers still show either, so
 * an archive must not disagree with itself). Dates compare as instants; text exactly.
 */
function compareInfo(clause: string, info: Record<string, string>, xmp: XmpFacts): ClauseResult {
  const pairs: [string, string | undefined, string][] = [
    ['Title', xmp.title, 'dc:title'],
    ['Author', xmp.creators?.join(', '), 'dc:creator'],
    ['Subject', xmp.description, 'dc:description'],
    ['Keywords', xmp.keywords, 'pdf:Keywords'],
    ['Creator', xmp.creatorTool, 'xmp:CreatorTool'],
    ['Producer', xmp.producer, 'pdf:Producer'],
  ];
  const problems: string[] = [];
  for (const [key, xmpValue, property] of pairs) {
    if (info[key] !== xmpValue) problems.push(`Info ${key} ${JSON.stringify(info[key])} ≠ ${property} ${JSON.stringify(xmpValue)}`);
  }
  const dates: [string, string | undefined, string][] = [
    ['CreationDate', xmp.createDate, 'xmp:CreateDate'],
    ['ModDate', xmp.modifyDate, 'xmp:ModifyDate'],
  ];
  for (const [key, xmpValue, property] of dates) {
    const infoTime = info[key] ? pdfDateTime(info[key]!) : undefined;
    const xmpTime = xmpValue ? Date.parse(xmpValue) : undefined;
    if (infoTime !== xmpTime || (xmpValue && !/(Z|[+-]\d\d:\d\d)$/.test(xmpValue))) problems.push(`Info ${key} ${info[key] ?? 'missing'} ≠ ${property} ${xmpValue ?? 'missing'}`);
  }
  return verdict(clause, problems, 'title, author, subject, keywords, creator, producer and dates agree');
}

/** A PDF date string (D:YYYYMMDDHHmmSSOHH'mm') as milliseconds, or NaN. */
export function pdfDateTime(text: string): number {
  const m = /^D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?|[+-]\d\d)?/.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(/'/g, '') || '00'}`;
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
}

// ── 6.8 Embedded files ────────────────────────────────────────────────────────────────────────────

interface Embedded {
  key: string;
  spec: PDFDict;
  specRef: PDFObject;
}

/** The /Names /EmbeddedFiles tree, flattened. */
function embeddedFiles(doc: Doc): Embedded[] {
  const root = doc.catalog.lookupMaybe(N('Names'), PDFDict)?.lookup(N('EmbeddedFiles'));
  const found: Embedded[] = [];
  const walk = (node: unknown, depth: number) => {
    if (!(node instanceof PDFDict) || depth > 32) return;
    const names = node.lookup(N('Names'));
    if (names instanceof PDFArray) {
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const spec = names.lookup(i + 1);
        if (spec instanceof PDFDict) found.push({ key: textOf(names.lookup(i)) ?? '', spec, specRef: names.get(i + 1) });
      }
    }
    const kids = node.lookup(N('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i += 1) walk(kids.lookup(i), depth + 1);
  };
  walk(root, 0);
  return found;
}

function embeddedStream(spec: PDFDict): PDFRawStream | undefined {
  const ef = spec.lookup(N('EF'));
  const stream = ef instanceof PDFDict ? (ef.lookup(N('UF')) ?? ef.lookup(N('F'))) : undefined;
  return stream instanceof PDFRawStream ? stream : undefined;
}

const RELATIONSHIPS = new Set(['Source', 'Data', 'Alternative', 'Supplement', 'EncryptedPayload', 'FormData', 'Schema', 'Unspecified']);

function checkFileSpecs(doc: Doc): ClauseResult {
  const files = embeddedFiles(doc);
  const problems: string[] = [];
  for (const { key, spec } of files) {
    if (!spec.has(N('F')) || !spec.has(N('UF'))) problems.push(`${key}: no /F and /UF`);
    const relationship = nameOf(spec.lookup(N('AFRelationship')));
    if (!relationship || !RELATIONSHIPS.has(relationship)) problems.push(`${key}: no valid /AFRelationship`);
    const stream = embeddedStream(spec);
    if (!stream) problems.push(`${key}: no embedded file stream`);
    else {
      if (!(stream.dict.lookup(N('Subtype')) instanceof PDFName)) problems.push(`${key}: no MIME /Subtype`);
      const params = stream.dict.lookup(N('Params'));
      if (!(params instanceof PDFDict) || !params.has(N('ModDate'))) problems.push(`${key}: no /Params /ModDate`);
    }
  }
  return verdict('PDF/A 6.8 embedded files', problems, `${files.length} embedded files with F, UF, MIME type, ModDate and AFRelationship`);
}

function checkAssociatedFiles(doc: Doc): ClauseResult {
  const af = doc.catalog.lookup(N('AF'));
  const listed = new Set<PDFObject>();
  if (af instanceof PDFArray) for (let i = 0; i < af.size(); i += 1) listed.add(af.lookup(i) as PDFObject);
  // Pages and other objects may carry /AF too; any AF array counts as an association.
  for (const { dict } of doc.where((d) => d !== doc.catalog && d.has(N('AF')))) {
    const other = dict.lookup(N('AF'));
    if (other instanceof PDFArray) for (let i = 0; i < other.size(); i += 1) listed.add(other.lookup(i) as PDFObject);
  }
  const files = embeddedFiles(doc);
  const problems = files.filter(({ spec }) => !listed.has(spec)).map(({ key }) => `${key} is in no /AF array`);
  return verdict('PDF/A 6.8 associated files /AF', problems, `${files.length} embedded files, all in /AF`);
}

/** The MD5 /CheckSum and /Size the writer recorded against the bytes now embedded. */
function checkChecksums(doc: Doc): ClauseResult {
  const problems: string[] = [];
  const files = embeddedFiles(doc);
  for (const { key, spec } of files) {
    const stream = embeddedStream(spec);
    if (!stream) continue;
    const bytes = decoded(stream);
    if (!bytes) {
      problems.push(`${key}: the embedded file cannot be decoded`);
      continue;
    }
    const params = stream.dict.lookup(N('Params'));
    const sum = params instanceof PDFDict ? params.lookup(N('CheckSum')) : undefined;
    const size = params instanceof PDFDict ? params.lookup(N('Size')) : undefined;
    if (!(sum instanceof PDFHexString || sum instanceof PDFString)) problems.push(`${key}: no /CheckSum`);
    else if (Buffer.from(sum.asBytes()).toString('hex') !== createHash('md5').update(bytes).digest('hex')) problems.push(`${key}: /CheckSum does not match the embedded bytes`);
    if (!(size instanceof PDFNumber) || size.asNumber() !== bytes.length) problems.push(`${key}: /Size is not ${bytes.length}`);
  }
  return verdict('paiban embedded checksums', problems, `${files.length} embedded files match their MD5 /CheckSum and /Size`);
}

async function checkSources(doc: Doc, sources: readonly { name: string; path: string }[]): Promise<ClauseResult> {
  const embedded = new Map(embeddedFiles(doc).map((file) => [textOf(file.spec.lookup(N('UF'))) ?? file.key, file.spec]));
  const problems: string[] = [];
  for (const source of sources) {
    const spec = embedded.get(source.name);
    const stream = spec && embeddedStream(spec);
    if (!stream) {
      problems.push(`${source.name} is not embedded`);
      continue;
    }
    let onDisk: Buffer;
    try {
      onDisk = await readFile(source.path);
    } catch {
      problems.push(`${source.path} cannot be read`);
      continue;
    }
    const embeddedBytes = decoded(stream);
    const inside = embeddedBytes ? sha256(embeddedBytes) : 'undecodable';
    if (sha256(onDisk) !== inside) problems.push(`${source.name} differs from ${source.path} (embedded sha256 ${inside.slice(0, 12)}…)`);
  }
  return verdict('paiban sources match', problems, `${sources.length} files on disk match their embedded copies (SHA-256)`);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// ── Text ──────────────────────────────────────────────────────────────────────────────────────────

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
async function withoutOutputIntent(pdf: PDFDocument, bytes: Uint8Array): Promise<Uint8Array> {
  if (!pdf.catalog.has(N('OutputIntents')) || pdf.isEncrypted) return bytes;
  pdf.catalog.delete(N('OutputIntents'));
  return pdf.save({ addDefaultPage: false, updateFieldAppearances: false });
}

/** The text, or why pdftotext could not read the PDF (a broken file is a failed check, not a crash). */
function runPdftotext(bytes: Uint8Array): Promise<{ text: string } | { error: string }> {
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
