import { escapeXml, NS as ARCHIVE_NS, xmpDate, xmpEnvelope } from '../archive/xmp.js';
import type { PdfMetadata } from '../pdf/metadata.js';

/** The version string PDF/X-4 (ISO 15930-7:2010) puts in Info and in the XMP's pdfxid namespace. */
export const PDFX_VERSION = 'PDF/X-4';

const NS = {
  ...ARCHIVE_NS,
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  pdfxid: 'http://www.npes.org/pdfx/ns/id/',
} as const;

/**
 * The XMP packet of a PDF/X-4 print file: the Info dictionary's values, pdfxid:GTS_PDFXVersion, and
 * the xmpMM identifiers PDF/X-4 asks for (DocumentID, VersionID, RenditionClass). `documentId` is a
 * uuid derived from the content, so rebuilds are byte-identical.
 */
export function pdfxXmpPacket(info: PdfMetadata, documentId: string): string {
  const date = xmpDate(info.date);
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  const props = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(info.title)}</dc:title>`,
    ...(info.author ? [`<dc:creator><rdf:Seq><rdf:li>${escapeXml(info.author)}</rdf:li></rdf:Seq></dc:creator>`] : []),
    ...(info.subject ? [`<dc:description>${alt(info.subject)}</dc:description>`] : []),
    `<pdf:Producer>${escapeXml(info.producer)}</pdf:Producer>`,
    `<pdf:Trapped>False</pdf:Trapped>`,
    `<xmp:CreatorTool>${escapeXml(info.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmpMM:DocumentID>uuid:${documentId}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>uuid:${documentId}</xmpMM:InstanceID>`,
    `<xmpMM:VersionID>1</xmpMM:VersionID>`,
    `<xmpMM:RenditionClass>default</xmpMM:RenditionClass>`,
    `<pdfxid:GTS_PDFXVersion>${PDFX_VERSION}</pdfxid:GTS_PDFXVersion>`,
  ];
  return xmpEnvelope({ dc: NS.dc, xmp: NS.xmp, pdf: NS.pdf, xmpMM: NS.xmpMM, pdfxid: NS.pdfxid }, props);
}

/** The pdfxid:GTS_PDFXVersion of a packet, whatever prefix its writer chose. */
export function xmpPdfxVersion(xml: string): string | undefined {
  const prefix = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/www\.npes\.org\/pdfx\/ns\/id\/["']/.exec(xml)?.[1];
  if (!prefix) return undefined;
  const element = new RegExp(`<${prefix}:GTS_PDFXVersion>([^<]*)</${prefix}:GTS_PDFXVersion>`).exec(xml)?.[1];
  return element ?? new RegExp(`${prefix}:GTS_PDFXVersion\\s*=\\s*["']([^"']*)["']`).exec(xml)?.[1];
}
