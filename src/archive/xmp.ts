import type { PdfMetadata } from '../pdf/metadata.js';
import { xmlText } from '../util/escape.js';

/**
 * The XMP packet of a PDF/A archive, and a small reader for it.
 *
 * Writer and reader live together so they agree on every property. Only predefined schemas are used
 * (Dublin Core, XMP basic, Adobe PDF, PDF/A identification), so no PDF/A extension schema is needed
 * (ISO 19005-2/-3 6.6.2.3.1).
 */

/** XMP namespaces paiban writes (the print files add their own: xmpMM, pdfxid). */
export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
} as const;

/** PDF/A identification written into the packet. */
export interface PdfAId {
  part: number;
  conformance: 'A' | 'B' | 'U';
}

/** An XMP date: ISO 8601 to the second with its time zone, the same instant as the Info dictionary's D: date. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The packet for `info`, property for property the same strings as the Info dictionary that
 * src/pdf/metadata.ts writes (Keywords joined by a space, as pdf-lib does).
 * No `bytes`/`encoding` attributes on the header and no Filter on its stream: PDF/A 6.6.2.1.
 */
export function xmpPacket(info: PdfMetadata, id: PdfAId): string {
  const date = xmpDate(info.date);
  const props: string[] = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${langAlt(info.title, info.language)}</dc:title>`,
  ];
  if (info.author) props.push(`<dc:creator><rdf:Seq><rdf:li>${escapeXml(info.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (info.subject) props.push(`<dc:description>${langAlt(info.subject, info.language)}</dc:description>`);
  if (info.keywords.length) props.push(`<dc:subject><rdf:Bag>${info.keywords.map((k) => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
  props.push(`<dc:language><rdf:Bag><rdf:li>${escapeXml(info.language)}</rdf:li></rdf:Bag></dc:language>`);
  if (info.keywords.length) props.push(`<pdf:Keywords>${escapeXml(info.keywords.join(' '))}</pdf:Keywords>`);
  props.push(
    `<pdf:Producer>${escapeXml(info.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${escapeXml(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdfaid:part>${id.part}</pdfaid:part>`,
    `<pdfaid:conformance>${id.conformance}</pdfaid:conformance>`,
  );
  return xmpEnvelope({ dc: NS.dc, xmp: NS.xmp, pdf: NS.pdf, pdfaid: NS.pdfaid }, props);
}

/** An XMP packet around one rdf:Description holding `props`, with the namespaces given (prefix → URI). */
export function xmpEnvelope(namespaces: Readonly<Record<string, string>>, props: readonly string[]): string {
  const xmlns = Object.entries(namespaces).map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`).join(' ');
  return [
    // The begin attribute holds a BOM (U+FEFF), as XMP requires; written as UTF-8.
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="${NS.x}">`,
    `<rdf:RDF xmlns:rdf="${NS.rdf}">`,
    `<rdf:Description rdf:about="" ${xmlns}>`,
    ...props,
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="r"?>`,
  ].join('\n');
}

/** x-default first (what readers and validators compare with Info), then the same text under the book's language. */
function langAlt(text: string, language: string): string {
  const value = escapeXml(text);
  return `<rdf:Alt><rdf:li xml:lang="x-default">${value}</rdf:li><rdf:li xml:lang="${escapeXml(language)}">${value}</rdf:li></rdf:Alt>`;
}

/** XML text and attributes, characters XML forbids replaced (see util/escape). */
export const escapeXml = xmlText;

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!;
  });
}

/** What verify needs from a packet. Values are as written (dates as strings). */
export interface XmpFacts {
  title?: string;
  creators?: string[];
  description?: string;
  keywords?: string;
  producer?: string;
  creatorTool?: string;
  createDate?: string;
  modifyDate?: string;
  part?: string;
  conformance?: string;
}

/**
 * Reads the properties verify compares, by namespace (whatever prefix the writer chose), in element or
 * attribute form. Not a full RDF parser: no dependency for one is installed, and these simple shapes are
 * what PDF writers produce.
 */
export function readXmp(xml: string): XmpFacts {
  const facts: XmpFacts = {};
  const get = (ns: string, name: string) => readProperty(xml, prefixOf(xml, ns), name);
  const set = <K extends keyof XmpFacts>(key: K, value: XmpFacts[K] | undefined) => {
    if (value !== undefined) facts[key] = value;
  };
  set('title', defaultItem(get(NS.dc, 'title')));
  set('creators', get(NS.dc, 'creator')?.items.map((item) => item.text));
  set('description', defaultItem(get(NS.dc, 'description')));
  set('keywords', get(NS.pdf, 'Keywords')?.text);
  set('producer', get(NS.pdf, 'Producer')?.text);
  set('creatorTool', get(NS.xmp, 'CreatorTool')?.text);
  set('createDate', get(NS.xmp, 'CreateDate')?.text);
  set('modifyDate', get(NS.xmp, 'ModifyDate')?.text);
  set('part', get(NS.pdfaid, 'part')?.text);
  set('conformance', get(NS.pdfaid, 'conformance')?.text);
  return facts;
}

interface Property {
  text: string;
  items: { lang: string | undefined; text: string }[];
}

function prefixOf(xml: string, uri: string): string | undefined {
  const escaped = uri.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${escaped}["']`).exec(xml)?.[1];
}

function readProperty(xml: string, prefix: string | undefined, name: string): Property | undefined {
  if (!prefix) return undefined;
  const qname = `${prefix}:${name}`;
  const element = new RegExp(`<${qname}(?:\\s[^>]*)?>([\\s\\S]*?)</${qname}>`).exec(xml);
  if (element) {
    const body = element[1]!;
    const items = [...body.matchAll(/<rdf:li(\s[^>]*)?>([\s\S]*?)<\/rdf:li>/g)].map((m) => ({
      lang: /xml:lang\s*=\s*["']([^"']*)["']/.exec(m[1] ?? '')?.[1],
      text: unescapeXml(m[2]!),
    }));
    return { text: unescapeXml(body.trim()), items };
  }
  const attribute = new RegExp(`\\s${qname}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xml);
  if (attribute) {
    const text = unescapeXml(attribute[1] ?? attribute[2] ?? '');
    return { text, items: [] };
  }
  return undefined;
}

function defaultItem(property: Property | undefined): string | undefined {
  if (!property) return undefined;
  return (property.items.find((item) => item.lang === 'x-default') ?? property.items[0])?.text ?? property.text;
}

/**
 * A structural check, not a validating parse: tags nest and close, and the packet header carries no
 * `bytes` or `encoding` attribute. Returns the first problem found.
 */
export function xmpProblem(xml: string): string | undefined {
  const header = /^\s*<\?xpacket\s+([^?]*)\?>/.exec(xml);
  if (!header) return 'no <?xpacket begin=…?> header';
  if (/\b(bytes|encoding)\s*=/.test(header[1]!)) return 'the xpacket header has a bytes or encoding attribute';
  if (!/<\?xpacket\s+end\s*=\s*["'][rw]["']\s*\?>\s*$/.test(xml)) return 'no <?xpacket end=…?> trailer';
  const stack: string[] = [];
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const match of body.matchAll(/<(\/?)([\w.:-]+)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = match;
    if (selfClosing) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) return `</${name}> closes the wrong element`;
  }
  if (stack.length) return `<${stack[stack.length - 1]}> is never closed`;
  if (!body.includes(':xmpmeta') && !body.includes('rdf:RDF')) return 'no x:xmpmeta or rdf:RDF element';
  return undefined;
}
