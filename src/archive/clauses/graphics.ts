/** ISO 19005 6.2: graphics (output intent, ICC profiles, device colour, graphics states, images, XObjects). */
import { PDFArray, PDFBool, PDFDict, PDFNumber, PDFObject, PDFRawStream, PDFStream } from 'pdf-lib';
import { Doc, fail, N, pass, verdict, nameOf, textOf, decoded, isSubtype, type ClauseResult } from './doc.js';
import { iccProblem } from '../pdfa.js';

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

export function checkOutputIntent(doc: Doc): ClauseResult {
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

export function checkIccProfiles(doc: Doc): ClauseResult {
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
export function checkDeviceColour(doc: Doc): ClauseResult {
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

export function checkGraphicsStates(doc: Doc): ClauseResult {
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

export function checkImages(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.where(isSubtype('Image'))) {
    if (entry.dict.lookup(N('Interpolate')) === PDFBool.True) problems.push(`image ${doc.label(entry)} has /Interpolate true`);
    if (entry.dict.has(N('Alternates')) || entry.dict.has(N('OPI'))) problems.push(`image ${doc.label(entry)} has /Alternates or /OPI`);
  }
  return verdict('PDF/A 6.2.8 images', problems, 'no interpolation, alternates or OPI');
}

export function checkXObjects(doc: Doc): ClauseResult {
  const problems: string[] = [];
  for (const entry of doc.dicts.filter((e) => e.stream)) {
    const subtype = nameOf(entry.dict.get(N('Subtype')));
    if (subtype === 'PS' || entry.dict.get(N('Subtype2')) === N('PS')) problems.push(`${doc.label(entry)} is a PostScript XObject`);
    if (subtype === 'Form' && (entry.dict.has(N('Ref')) || entry.dict.has(N('OPI')))) problems.push(`${doc.label(entry)} is a reference XObject or has /OPI`);
  }
  return verdict('PDF/A 6.2.9 XObjects', problems, 'no PostScript or reference XObjects');
}
