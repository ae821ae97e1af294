/**
 * PDF/X-4 print files from Chromium's RGB PDFs, with pdf-lib: every RGB colour of the page content
 * becomes CMYK (greys as tints of black ink only, other colours through the press profile), photos are
 * tagged sRGB for the RIP to convert with the output intent, and the file gets what ISO 15930-7 asks
 * for: a GTS_PDFX output intent with the CMYK profile embedded, GTS_PDFXVersion and Trapped in Info and
 * XMP, TrimBox/BleedBox (added by the print marks), no transfer functions, no annotations on the page,
 * a PDF 1.6 header and an /ID. Text stays live text in its embedded fonts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { SRGB_PROFILE } from '../archive/pdfa.js';
import { writeMetadata, type PdfMetadata } from '../pdf/metadata.js';
import { PaibanError } from '../util/errors.js';
import { greyAsK, hexOf, isNeutral, rewriteColours, type Cmyk, type ColourSpaces, type Rgb } from './content-colour.js';
import { rgbToCmyk, type CmykProfile } from './icc.js';
import { PDFX_VERSION, pdfxXmpPacket } from './xmp-x.js';
import '../pdf/zlib-deflate.js';

export interface PdfXOptions {
  profile: CmykProfile;
  metadata: PdfMetadata;
  /** CMYK to use for an RGB colour (by #rrggbb) instead of converting it: the cover colour given as cmyk(). */
  fixed?: ReadonlyMap<string, Cmyk>;
}

export interface PdfXReport {
  /** Colour operators rewritten from RGB to CMYK. */
  operators: number;
  /** Each non-grey RGB colour met and the CMYK it became (and whether it was given or converted). */
  colours: { hex: string; cmyk: Cmyk; given: boolean }[];
  /** Images tagged with the sRGB profile (DeviceRGB before). */
  images: number;
}

const N = (name: string) => PDFName.of(name);

export async function toPdfX4(bytes: Uint8Array, options: PdfXOptions): Promise<{ pdf: Uint8Array; report: PdfXReport }> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  return pdfX4Of(pdf, [bytes], options);
}

/**
 * toPdfX4 on a loaded document, which it changes and saves: the print files mark and convert the book
 * in one parse. `idFrom`: what the document's /ID and XMP uuid are made from (the input as given).
 */
export async function pdfX4Of(pdf: PDFDocument, idFrom: readonly Uint8Array[], options: PdfXOptions): Promise<{ pdf: Uint8Array; report: PdfXReport }> {
  const spaces = rgbColourSpaces(pdf);
  const streams = contentStreams(pdf);

  // Greys need no conversion. Other colours are converted in one LittleCMS transform after a first pass
  // has met them all; only the streams that had such colours are then rewritten again.
  const fixed = options.fixed ?? new Map<string, Cmyk>();
  const cmykByHex = new Map<string, Cmyk>(fixed);
  const used = new Map<string, Cmyk>();
  const missing = new Map<string, Rgb>();
  // Set when the stream being rewritten met a colour not converted yet (a placeholder was written).
  let placeholder = false;
  const toCmyk = (rgb: Rgb): Cmyk => {
    if (isNeutral(rgb)) return greyAsK(rgb);
    const cmyk = cmykByHex.get(hexOf(rgb));
    if (!cmyk) {
      missing.set(hexOf(rgb), rgb);
      placeholder = true;
      return [0, 0, 0, 0];
    }
    used.set(hexOf(rgb), cmyk);
    return cmyk;
  };
  // Each stream is decoded, rewritten and compressed again in turn, so only one decoded page is held at
  // a time (all of them at once took ~100 MB at 1,265 pages); only those waiting for their colours' conversion are kept.
  let operators = 0;
  const rewrite = (ref: PDFRef, text: string) => {
    placeholder = false;
    const result = rewriteColours(text, toCmyk, spaces);
    if (placeholder) return false;
    if (result.rewritten > 0) replaceStream(pdf, ref, Buffer.from(result.text, 'latin1'));
    operators += result.rewritten;
    return true;
  };
  const again = new Map<PDFRef, string>();
  for (const ref of streams) {
    const text = streamText(pdf, ref);
    if (!rewrite(ref, text)) again.set(ref, text);
  }
  if (missing.size) {
    const wanted = [...missing];
    const converted = await rgbToCmyk(options.profile.file, wanted.map(([, rgb]) => rgb));
    wanted.forEach(([hex], index) => cmykByHex.set(hex, converted[index]!));
    for (const [ref, text] of again) if (!rewrite(ref, text)) throw new Error('toPdfX4: a colour was not converted');
  }
  const images = await tagRgbImages(pdf);
  cmykGroups(pdf);
  removeTransferFunctions(pdf);
  removeAnnotations(pdf);
  setOutputIntent(pdf, options.profile);

  const documentId = uuidOf(idFrom);
  setInfo(pdf, options.metadata);
  const packet = Buffer.from(pdfxXmpPacket(options.metadata, documentId), 'utf8');
  pdf.catalog.set(N('Metadata'), pdf.context.register(pdf.context.stream(packet, { Type: 'Metadata', Subtype: 'XML' })));
  const id = PDFHexString.of(documentId.replace(/-/g, '').toUpperCase());
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);
  pdf.catalog.delete(N('Version'));
  const out = await pdf.save({ addDefaultPage: false, useObjectStreams: true, updateFieldAppearances: false });
  // PDF/X-4 is based on PDF 1.6, and nothing here needs 1.7; pdf-lib always writes "%PDF-1.7", so the
  // version digit is set in place (same length: no offset moves).
  if (Buffer.from(out.subarray(0, 8)).toString('latin1') !== '%PDF-1.7') throw new Error('toPdfX4: pdf-lib wrote an unexpected header');
  out[7] = 0x36;
  const colours = [...used].map(([hex, cmyk]) => ({ hex, cmyk, given: fixed.has(hex) }));
  return { pdf: out, report: { operators, colours, images } };
}

/** Names of colour-space resources that are RGB (ICCBased with 3 components, CalRGB, DeviceRGB). Names are
 * collected over the whole file: Chromium names its resources uniquely, so one name means one space. */
function rgbColourSpaces(pdf: PDFDocument): ColourSpaces {
  const rgb = new Set<string>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
    const resources = dictAt(dict, 'Resources') ?? (dict?.has(N('Font')) || dict?.has(N('XObject')) ? dict : undefined);
    const spaces = dictAt(resources, 'ColorSpace');
    for (const [name, value] of spaces?.entries() ?? []) if (isRgbSpace(pdf, pdf.context.lookup(value))) rgb.add(name.decodeText());
  }
  return { rgb };
}

/** The dictionary under `key`, or undefined when there is none or it is something else. */
export function dictAt(dict: PDFDict | undefined, key: string): PDFDict | undefined {
  const value = dict?.get(N(key));
  const resolved = value ? dict!.context.lookup(value) : undefined;
  return resolved instanceof PDFDict ? resolved : undefined;
}

function isRgbSpace(pdf: PDFDocument, space: unknown): boolean {
  if (space === N('DeviceRGB')) return true;
  if (!(space instanceof PDFArray)) return false;
  const family = space.lookup(0);
  if (family === N('CalRGB')) return true;
  if (family === N('ICCBased')) {
    const stream = pdf.context.lookup(space.get(1));
    const n = stream instanceof PDFStream ? stream.dict.lookupMaybe(N('N'), PDFNumber)?.asNumber() : undefined;
    return n === 3;
  }
  return false;
}

/** Page content streams, and those of form XObjects and tiling patterns (drawn content too). */
function contentStreams(pdf: PDFDocument): Set<PDFRef> {
  const refs = new Set<PDFRef>();
  for (const page of pdf.getPages()) {
    const contents = page.node.get(N('Contents'));
    if (contents instanceof PDFRef) refs.add(contents);
    const resolved = contents ? pdf.context.lookup(contents) : undefined;
    const array = resolved instanceof PDFArray ? resolved : undefined;
    for (let i = 0; array && i < array.size(); i += 1) {
      const entry = array.get(i);
      if (entry instanceof PDFRef) refs.add(entry);
    }
  }
  for (const [ref, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFStream)) continue;
    if (object.dict.get(N('Subtype')) === N('Form') || object.dict.lookupMaybe(N('PatternType'), PDFNumber)?.asNumber() === 1) refs.add(ref);
  }
  return refs;
}

function streamText(pdf: PDFDocument, ref: PDFRef): string {
  const stream = pdf.context.lookup(ref);
  let bytes: Uint8Array;
  if (stream instanceof PDFRawStream && stream.dict.get(N('Filter')) === N('FlateDecode') && !stream.dict.has(N('DecodeParms'))) {
    // Node's zlib: several times faster than pdf-lib's JavaScript inflate on a thousand pages.
    bytes = inflateSync(stream.contents);
  } else if (stream instanceof PDFRawStream) bytes = decodePDFRawStream(stream).decode();
  else if (stream instanceof PDFContentStream) bytes = stream.getUnencodedContents();
  else throw new PaibanError(`Object ${ref.objectNumber} is not a content stream pdf-lib can read.`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Puts new content into a stream object, keeping its dictionary (resources, BBox…) but not its old filters. */
function replaceStream(pdf: PDFDocument, ref: PDFRef, bytes: Uint8Array): void {
  const old = pdf.context.lookup(ref, PDFStream);
  const dict = pdf.context.obj({});
  for (const [key, value] of old.dict.entries()) {
    if (['Filter', 'DecodeParms', 'Length'].includes(key.decodeText())) continue;
    dict.set(key, value);
  }
  dict.set(N('Filter'), N('FlateDecode'));
  pdf.context.assign(ref, PDFRawStream.of(dict, deflateSync(bytes)));
}

/**
 * Images in DeviceRGB (what Chromium writes for photos) become ICCBased sRGB: PDF/X-4 accepts
 * calibrated RGB, and the RIP converts it with the output intent for the actual press. Converting
 * every photo to CMYK here instead would fix one press's separation into the file (see README).
 */
async function tagRgbImages(pdf: PDFDocument): Promise<number> {
  const images: PDFDict[] = [];
  const groups: PDFDict[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFStream)) continue;
    const subtype = object.dict.get(N('Subtype'));
    if (subtype === N('Image') && usesDeviceRgb(pdf, object.dict.get(N('ColorSpace')))) images.push(object.dict);
    const shading = object.dict.lookupMaybe(N('ShadingType'), PDFNumber) ? object.dict : undefined;
    if (shading && usesDeviceRgb(pdf, shading.get(N('ColorSpace')))) groups.push(shading);
  }
  if (images.length === 0 && groups.length === 0) return 0;
  const srgb = pdf.context.register(pdf.context.flateStream(await readFile(SRGB_PROFILE), { N: 3, Alternate: 'DeviceRGB' }));
  const iccBased = pdf.context.register(pdf.context.obj([N('ICCBased'), srgb]));
  for (const dict of [...images, ...groups]) {
    const space = pdf.context.lookup(dict.get(N('ColorSpace')));
    if (space instanceof PDFArray && space.lookup(0) === N('Indexed')) space.set(1, iccBased);
    else dict.set(N('ColorSpace'), iccBased);
  }
  return images.length;
}

/** A DeviceRGB colour space (or an Indexed one over it), given directly or by reference. */
export function usesDeviceRgb(pdf: PDFDocument, value: unknown): boolean {
  const space = value instanceof PDFRef ? pdf.context.lookup(value) : value;
  if (space === N('DeviceRGB')) return true;
  return space instanceof PDFArray && space.lookup(0) === N('Indexed') && space.lookup(1) === N('DeviceRGB');
}

/** Transparency groups blend in the press's colour space, not DeviceRGB. */
function cmykGroups(pdf: PDFDocument): void {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
    const group = dictAt(dict, 'Group');
    if (group && group.get(N('CS')) === N('DeviceRGB')) group.set(N('CS'), N('DeviceCMYK'));
  }
}

/** PDF/X: no transfer functions in graphics states (a /Default one is allowed and harmless). */
function removeTransferFunctions(pdf: PDFDocument): void {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of ['TR', 'TR2']) if (object.has(N(key)) && object.get(N(key)) !== N('Default')) object.delete(N(key));
  }
}

/** Links mean nothing on paper, and PDF/X allows only printer's marks inside the bleed. */
function removeAnnotations(pdf: PDFDocument): void {
  for (const page of pdf.getPages()) page.node.delete(N('Annots'));
  pdf.catalog.delete(N('AcroForm'));
}

function setOutputIntent(pdf: PDFDocument, profile: CmykProfile): void {
  const icc = pdf.context.register(pdf.context.flateStream(profile.bytes, { N: 4 }));
  const intent = pdf.context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    // Not a registered characterization name: "Custom" with the profile embedded, as ISO 15930 allows.
    OutputConditionIdentifier: PDFString.of('Custom'),
    OutputCondition: PDFHexString.fromText(profile.description),
    Info: PDFHexString.fromText(profile.description),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: icc,
  });
  pdf.catalog.set(N('OutputIntents'), pdf.context.obj([intent]));
}

function setInfo(pdf: PDFDocument, metadata: PdfMetadata): void {
  writeMetadata(pdf, metadata);
  const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
  info.set(N('GTS_PDFXVersion'), PDFString.of(PDFX_VERSION));
  info.set(N('Trapped'), N('False'));
}

/** A uuid made from the input's SHA-256: the same input gives the same file, another input another id. */
function uuidOf(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  const hex = hash.digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
