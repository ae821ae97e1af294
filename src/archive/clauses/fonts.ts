/** ISO 19005 6.2.11: fonts (embedded, CIDToGIDMap, ToUnicode) and paiban's own rule: no Type 3. */
import { PDFArray, PDFDict, PDFStream } from 'pdf-lib';
import { Doc, N, verdict, nameOf, isType, isSubtype, type ClauseResult } from './doc.js';

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

export function checkFontsEmbedded(doc: Doc): ClauseResult {
  const problems: string[] = [];
  const all = fonts(doc).filter((f) => f.subtype !== 'Type3');
  for (const { name, described } of all) {
    const descriptor = described?.lookup(N('FontDescriptor'));
    if (!(descriptor instanceof PDFDict)) problems.push(`${name} is not embedded (no font descriptor)`);
    else if (!['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.lookup(N(key)) instanceof PDFStream)) problems.push(`${name} is not embedded`);
  }
  return verdict('PDF/A 6.2.11.4.1 fonts embedded', problems, `${all.length} fonts, all with FontFile/FontFile2/FontFile3`);
}

export function checkCidToGid(doc: Doc): ClauseResult {
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
export function checkToUnicode(doc: Doc): ClauseResult {
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
export function checkNoType3(doc: Doc): ClauseResult {
  const problems = fonts(doc).filter((f) => f.subtype === 'Type3').map((f) => `${f.name} is a Type 3 font`);
  return verdict('paiban no Type 3 fonts', problems, 'no Type 3 fonts');
}
