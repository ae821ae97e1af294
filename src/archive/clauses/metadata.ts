/** ISO 19005 6.6: XMP metadata, pdfaid, and XMP against the Info dictionary. */
import { PDFRawStream } from 'pdf-lib';
import { Doc, fail, N, pass, verdict, decoded, type ClauseResult } from './doc.js';
import { readInfo } from '../../pdf/metadata.js';
import { readXmp, xmpProblem, type XmpFacts } from '../xmp.js';

export function checkMetadata(doc: Doc): ClauseResult[] {
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
