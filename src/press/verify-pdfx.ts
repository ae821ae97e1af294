/**
 * `paiban verify --pdfx`: the PDF/X-4 (ISO 15930-7) requirements that can be decided from the file's
 * structure without a validator: output intent and its profile, version keys in Info and XMP, Trapped,
 * page boxes, transfer functions, embedded fonts, device-dependent RGB, annotations inside the bleed.
 * Not checked: the ICC profile's tables, colour operators of DeviceRGB written inside inline images,
 * transparency details, and anything a real preflight (Acrobat, callas pdfToolbox) adds.
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import { fail, pass, verdict, type ClauseResult } from '../archive/verify.js';
import { iccProblem } from '../archive/pdfa.js';
import { readInfo } from '../pdf/metadata.js';
import { loadUntrustedPdf } from '../util/pdf-input.js';
import { rgbColours, tokens } from './content-colour.js';
import { dictAt, usesDeviceRgb } from './pdfx.js';
import { PDFX_VERSION, xmpPdfxVersion } from './xmp-x.js';

const N = (name: string) => PDFName.of(name);

export async function verifyPdfX(bytes: Uint8Array): Promise<ClauseResult[]> {
  // As verify loads a PDF: one line for an unreadable file; an encrypted one is a failed clause.
  const pdf = await loadUntrustedPdf(bytes, { what: 'The file', allowEncrypted: true });
  const header = /^%PDF-(\d\.\d)/.exec(Buffer.from(bytes.subarray(0, 16)).toString('latin1'))?.[1];
  const results = [
    header && Number(header) <= 1.6 ? pass('PDF/X-4 version', `header %PDF-${header}`) : fail('PDF/X-4 version', `header %PDF-${header ?? '?'}: PDF/X-4 files are PDF 1.6 at most`),
    pdf.isEncrypted ? fail('PDF/X-4 encryption', 'the file is encrypted') : pass('PDF/X-4 encryption', 'not encrypted'),
    pdf.context.trailerInfo.ID ? pass('PDF/X-4 trailer ID', 'present') : fail('PDF/X-4 trailer ID', 'the trailer has no /ID'),
  ];
  if (pdf.isEncrypted) return results;
  const objects = [...pdf.context.enumerateIndirectObjects()];
  return [
    ...results,
    checkOutputIntent(pdf),
    ...checkInfoAndXmp(pdf),
    checkBoxes(pdf),
    checkTransferFunctions(objects),
    checkFonts(objects),
    checkDeviceRgb(pdf, objects),
    checkAnnotations(pdf),
  ];
}

function checkOutputIntent(pdf: PDFDocument): ClauseResult {
  const clause = 'PDF/X-4 output intent';
  const intents = arrayAt(pdf.catalog, 'OutputIntents');
  const pdfx = [...Array(intents?.size() ?? 0).keys()].map((i) => intents!.lookup(i)).filter((d): d is PDFDict => d instanceof PDFDict && d.get(N('S')) === N('GTS_PDFX'));
  if (pdfx.length !== 1) return fail(clause, `${pdfx.length} OutputIntents with /S /GTS_PDFX; exactly one is required`);
  const intent = pdfx[0]!;
  if (!intent.get(N('OutputConditionIdentifier'))) return fail(clause, 'no OutputConditionIdentifier');
  const profile = intent.lookup(N('DestOutputProfile'));
  if (!(profile instanceof PDFRawStream)) return fail(clause, 'no embedded DestOutputProfile (an unregistered condition needs one)');
  const nValue = profile.dict.lookup(N('N'));
  const n = nValue instanceof PDFNumber ? nValue.asNumber() : undefined;
  let icc: Uint8Array;
  try {
    icc = decodePDFRawStream(profile).decode();
  } catch {
    return fail(clause, 'the DestOutputProfile stream cannot be decoded');
  }
  const problem = iccProblem(icc, 4);
  if (n !== 4 || problem) return fail(clause, `the profile is not a CMYK output profile: ${problem ?? `/N ${n}`}`);
  return pass(clause, `GTS_PDFX, embedded CMYK profile (/N 4, ${icc.length} bytes)`);
}

function checkInfoAndXmp(pdf: PDFDocument): ClauseResult[] {
  const info = readInfo(pdf);
  const infoObject = pdf.context.trailerInfo.Info ? pdf.context.lookup(pdf.context.trailerInfo.Info) : undefined;
  const infoDict = infoObject instanceof PDFDict ? infoObject : undefined;
  const trapped = infoDict?.get(N('Trapped'));
  const version = info.GTS_PDFXVersion;
  const metadata = pdf.catalog.lookup(N('Metadata'));
  let xml: string | undefined;
  if (metadata instanceof PDFRawStream) {
    try {
      xml = Buffer.from(decodePDFRawStream(metadata).decode()).toString('utf8');
    } catch {
      xml = undefined;
    }
  }
  const xmpVersion = xml ? xmpPdfxVersion(xml) : undefined;
  const missingMm = xml ? ['DocumentID', 'VersionID', 'RenditionClass'].filter((p) => !new RegExp(`:${p}[>=]`).test(xml!)) : [];
  return [
    version?.startsWith(PDFX_VERSION) ? pass('PDF/X-4 Info GTS_PDFXVersion', version) : fail('PDF/X-4 Info GTS_PDFXVersion', version ? `"${version}" is not ${PDFX_VERSION}` : 'missing'),
    trapped === N('True') || trapped === N('False') ? pass('PDF/X-4 Info Trapped', String(trapped)) : fail('PDF/X-4 Info Trapped', trapped ? `${String(trapped)}: must be /True or /False` : 'missing'),
    info.Title ? pass('PDF/X-4 Info Title', info.Title) : fail('PDF/X-4 Info Title', 'missing'),
    !xml
      ? fail('PDF/X-4 XMP', 'no readable XMP metadata stream in the catalog')
      : xmpVersion !== PDFX_VERSION
        ? fail('PDF/X-4 XMP', `pdfxid:GTS_PDFXVersion is ${xmpVersion ? `"${xmpVersion}"` : 'missing'}`)
        : missingMm.length
          ? fail('PDF/X-4 XMP', `no xmpMM:${missingMm.join(', xmpMM:')}`)
          : pass('PDF/X-4 XMP', `pdfxid:GTS_PDFXVersion ${xmpVersion}, DocumentID, VersionID, RenditionClass`),
  ];
}

type Box = [number, number, number, number];
function box(page: PDFDict, key: string): Box | undefined {
  const array = arrayAt(page, key);
  if (!array || array.size() !== 4) return undefined;
  const numbers = [0, 1, 2, 3].map((i) => array.lookup(i));
  if (!numbers.every((n) => n instanceof PDFNumber)) return undefined;
  const [a, b, c, d] = numbers.map((n) => (n as PDFNumber).asNumber()) as Box;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
const inside = (inner: Box, outer: Box) => inner[0] >= outer[0] - 0.01 && inner[1] >= outer[1] - 0.01 && inner[2] <= outer[2] + 0.01 && inner[3] <= outer[3] + 0.01;

function checkBoxes(pdf: PDFDocument): ClauseResult {
  const problems: string[] = [];
  pdf.getPages().forEach((page, index) => {
    const media = box(page.node, 'MediaBox') ?? (page.node.getInheritableAttribute(N('MediaBox')) ? [-Infinity, -Infinity, Infinity, Infinity] as Box : undefined);
    const trim = box(page.node, 'TrimBox') ?? box(page.node, 'ArtBox');
    const bleed = box(page.node, 'BleedBox');
    if (!trim) problems.push(`page ${index + 1} has no TrimBox`);
    if (!bleed) problems.push(`page ${index + 1} has no BleedBox`);
    if (trim && bleed && !inside(trim, bleed)) problems.push(`page ${index + 1}: TrimBox is not inside BleedBox`);
    if (bleed && media && !inside(bleed, media)) problems.push(`page ${index + 1}: BleedBox is not inside MediaBox`);
  });
  return verdict('PDF/X-4 page boxes', problems, `TrimBox and BleedBox on all ${pdf.getPageCount()} pages, nested in the MediaBox`);
}

type Indirect = [PDFRef, unknown];
/** The array under `key`, or undefined when there is none or it is something else. */
function arrayAt(dict: PDFDict | undefined, key: string): PDFArray | undefined {
  const value = dict?.get(N(key));
  const resolved = value ? dict!.context.lookup(value) : undefined;
  return resolved instanceof PDFArray ? resolved : undefined;
}
const dictOf = (object: unknown) => (object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined);

/**
 * The resource dictionaries of an object: its own /Resources (a page's or a form's, most often written
 * inline, as Chromium does) and the object itself (a resource dictionary written as an object of its own).
 */
const resourcesOf = (dict: PDFDict | undefined) => [dict, dictAt(dict, 'Resources')];

function checkTransferFunctions(objects: readonly Indirect[]): ClauseResult {
  const problems: string[] = [];
  for (const [ref, object] of objects) {
    const dict = dictOf(object);
    // Graphics states written inline in a resource dictionary; those written as objects are met on their own.
    const inline = resourcesOf(dict).flatMap((resources) => [...(dictAt(resources, 'ExtGState')?.entries() ?? [])].map(([, state]) => state));
    for (const state of [dict, ...inline]) {
      if (!(state instanceof PDFDict)) continue;
      for (const key of ['TR', 'TR2']) if (state.has(N(key)) && state.get(N(key)) !== N('Default')) problems.push(`/${key} in object ${ref.objectNumber}`);
    }
  }
  return verdict('PDF/X-4 no transfer functions', [...new Set(problems)], 'no /TR or /TR2');
}

function checkFonts(objects: readonly Indirect[]): ClauseResult {
  const problems: string[] = [];
  let fonts = 0;
  for (const [ref, object] of objects) {
    const dict = dictOf(object);
    // A simple font without a descriptor is one of the standard 14, which are never embedded.
    const subtype = dict?.get(N('Subtype'));
    if (dict?.get(N('Type')) === N('Font') && subtype !== N('Type0') && subtype !== N('Type3') && !dict.has(N('FontDescriptor'))) {
      const base = dict.get(N('BaseFont'));
      problems.push(`${base instanceof PDFName ? base.decodeText() : `font ${ref.objectNumber}`} is not embedded`);
    }
    if (dict?.get(N('Type')) !== N('FontDescriptor')) continue;
    fonts += 1;
    if (!['FontFile', 'FontFile2', 'FontFile3'].some((key) => dict.has(N(key)))) {
      const name = dict.get(N('FontName'));
      problems.push(`${name instanceof PDFName ? name.decodeText() : `object ${ref.objectNumber}`} is not embedded`);
    }
  }
  return verdict('PDF/X-4 fonts embedded', problems, `all ${fonts} font descriptors have their font program`);
}

/** DeviceRGB in images, shadings, transparency groups, colour-space resources and page content. */
function checkDeviceRgb(pdf: PDFDocument, objects: readonly Indirect[]): ClauseResult {
  const problems: string[] = [];
  const isRgb = (value: unknown): boolean => usesDeviceRgb(pdf, value);
  const contentRefs = new Set<PDFRef>();
  for (const page of pdf.getPages()) {
    const contents = page.node.get(N('Contents'));
    const resolved = contents ? pdf.context.lookup(contents) : undefined;
    const array = resolved instanceof PDFArray ? resolved : undefined;
    for (const entry of array ? array.asArray() : [contents]) if (entry instanceof PDFRef) contentRefs.add(entry);
  }
  for (const [ref, object] of objects) {
    const dict = dictOf(object);
    if (!dict) continue;
    if (dict.get(N('Subtype')) === N('Image') && isRgb(dict.get(N('ColorSpace')))) problems.push(`image ${ref.objectNumber} is DeviceRGB`);
    if (dict.has(N('ShadingType')) && isRgb(dict.get(N('ColorSpace')))) problems.push(`shading ${ref.objectNumber} is DeviceRGB`);
    const group = dictAt(dict, 'Group');
    if (group && isRgb(group.get(N('CS')))) problems.push(`transparency group of object ${ref.objectNumber} is DeviceRGB`);
    // An image's /ColorSpace is its own, not a resource dictionary.
    const spaces = dict.get(N('Subtype')) === N('Image') ? [] : resourcesOf(dict).map((resources) => dictAt(resources, 'ColorSpace'));
    for (const space of spaces) for (const [name, value] of space?.entries() ?? []) if (isRgb(value)) problems.push(`colour space /${name.decodeText()} is DeviceRGB`);
    if (object instanceof PDFRawStream && (contentRefs.has(ref) || dict.get(N('Subtype')) === N('Form'))) {
      let text: string;
      try {
        text = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
      } catch {
        continue;
      }
      const rgb = rgbColours(text).length;
      const named = [...tokens(text)].some((t, i, all) => (t.value === 'cs' || t.value === 'CS') && all[i - 1]?.value === '/DeviceRGB');
      if (rgb || named) problems.push(`content stream ${ref.objectNumber} paints in DeviceRGB${rgb ? ` (${rgb} rg/RG)` : ''}`);
    }
  }
  return verdict('PDF/X-4 no DeviceRGB', [...new Set(problems)], 'no device RGB in content, images, shadings or groups');
}

const PRINTER_ANNOTATIONS = new Set(['PrinterMark', 'TrapNet']);

function checkAnnotations(pdf: PDFDocument): ClauseResult {
  const problems: string[] = [];
  pdf.getPages().forEach((page, index) => {
    const annots = arrayAt(page.node, 'Annots');
    const bleed = box(page.node, 'BleedBox') ?? box(page.node, 'MediaBox');
    for (let i = 0; annots && i < annots.size(); i += 1) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const subtype = annot.get(N('Subtype'));
      const name = subtype instanceof PDFName ? subtype.decodeText() : '?';
      const rect = box(annot, 'Rect');
      const overlaps = !rect || !bleed || !(rect[2] < bleed[0] || rect[0] > bleed[2] || rect[3] < bleed[1] || rect[1] > bleed[3]);
      if (!PRINTER_ANNOTATIONS.has(name) && overlaps) problems.push(`page ${index + 1}: a ${name} annotation inside the bleed`);
    }
  });
  return verdict('PDF/X-4 annotations', problems, 'none inside the bleed but printer’s marks');
}
