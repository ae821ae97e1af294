/** ISO 19005 6.3–6.5 and the catalog: annotations, forms, actions, links, presentations. */
import { PDFArray, PDFBool, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import { Doc, N, pass, verdict, nameOf, textOf, type ClauseResult } from './doc.js';
import { ANNOT_FLAGS, isForbiddenAction } from '../pdfa.js';

const ANNOTATION_TYPES = new Set(['Text', 'Link', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Stamp', 'Caret', 'Ink', 'Popup', 'FileAttachment', 'Widget', 'PrinterMark', 'TrapNet', 'Watermark', 'Redact']);

export function checkAnnotationTypes(doc: Doc): ClauseResult {
  const problems = doc.annotations
    .filter(({ dict }) => !ANNOTATION_TYPES.has(nameOf(dict.lookup(N('Subtype'))) ?? ''))
    .map(({ dict, page }) => `page ${page}: a ${nameOf(dict.lookup(N('Subtype'))) ?? 'untyped'} annotation`);
  return verdict('PDF/A 6.3.1 annotation types', problems, `${doc.annotations.length} annotations, all of permitted types`);
}

export function checkAnnotationFlags(doc: Doc): ClauseResult {
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

export function checkAnnotationAppearances(doc: Doc): ClauseResult {
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

export function checkForms(doc: Doc): ClauseResult {
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

export function checkActions(doc: Doc): ClauseResult {
  const problems = actions(doc)
    .filter(({ dict }) => isForbiddenAction(dict) || (dict.lookup(N('S')) === N('Named') && !['NextPage', 'PrevPage', 'FirstPage', 'LastPage'].includes(nameOf(dict.lookup(N('N'))) ?? '')))
    .map((entry) => `${doc.label(entry)} is a ${nameOf(entry.dict.lookup(N('S')))} action`);
  const names = doc.catalog.lookupMaybe(N('Names'), PDFDict);
  if (names?.has(N('JavaScript'))) problems.unshift('the catalog has a /Names /JavaScript tree');
  return verdict('PDF/A 6.5.1 actions', problems, 'no JavaScript, Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, Rendition, Trans or GoTo3DView');
}

export function checkAdditionalActions(doc: Doc): ClauseResult {
  const problems = doc.where((dict) => dict.has(N('AA'))).map((entry) => `${entry.dict === doc.catalog ? 'the catalog' : doc.label(entry)} has /AA`);
  return verdict('PDF/A 6.5.2 no additional actions', problems, 'no /AA anywhere');
}

/** PDF/A permits URI links; paiban's archives are self-contained and the build writes none. */
export function checkExternalLinks(doc: Doc): ClauseResult {
  const problems = actions(doc)
    .filter(({ dict }) => ['URI', 'GoToR', 'GoToE', 'SubmitForm', 'Launch'].includes(nameOf(dict.lookup(N('S'))) ?? ''))
    .map(({ dict }) => `${nameOf(dict.lookup(N('S')))} ${textOf(dict.lookup(N('URI'))) ?? ''}`.trim());
  return verdict('paiban no external links', problems, 'no URI, GoToR, GoToE, SubmitForm or Launch actions');
}

export function checkPresentationsAndRequirements(doc: Doc): ClauseResult {
  const problems: string[] = [];
  if (doc.catalog.lookupMaybe(N('Names'), PDFDict)?.has(N('AlternatePresentations'))) problems.push('/AlternatePresentations in /Names');
  if (doc.pdf.getPages().some((page) => page.node.has(N('PresSteps')))) problems.push('a page has /PresSteps');
  if (doc.catalog.has(N('Requirements'))) problems.push('the catalog has /Requirements');
  const perms = doc.catalog.lookup(N('Perms'));
  if (perms instanceof PDFDict && perms.keys().some((key) => !['UR3', 'DocMDP'].includes(key.decodeText()))) problems.push('/Perms has entries other than UR3 and DocMDP');
  return verdict('PDF/A 6.1.12/6.10/6.11 catalog', problems, 'no presentations, requirements or foreign permissions');
}
