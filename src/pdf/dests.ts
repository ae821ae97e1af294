import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';

export interface NamedDestination {
  /** 0-based page index. */
  pageIndex: number;
  /** The destination array as Chromium wrote it ([page /XYZ left top zoom]): reused for outline entries. */
  destination: PDFArray;
}

/**
 * Every named destination in a Chromium PDF, with its page. Chromium writes one for each
 * element an internal `<a href="#id">` points to, named by the id: this is how the TOC gets its numbers
 * (target-counter() renders nothing in Chromium).
 */
export function namedDestinations(pdf: PDFDocument): Map<string, NamedDestination> {
  const pageIndex = new Map<string, number>();
  pdf.getPages().forEach((page, index) => pageIndex.set(page.ref.toString(), index));
  const result = new Map<string, NamedDestination>();
  const record = (name: string, destination: PDFObject | undefined) => {
    const target = resolveDestination(pdf, destination);
    const first = target?.get(0);
    if (target && first instanceof PDFRef) {
      const index = pageIndex.get(first.toString());
      if (index !== undefined) result.set(name, { pageIndex: index, destination: target });
    }
  };

  // PDF 1.1 style: a /Dests dictionary in the catalog (what Chromium writes).
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (dests) for (const [key, value] of dests.entries()) record(key.decodeText(), value);

  // PDF 1.2+ style: a /Names /Dests name tree (other producers).
  const names = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (names) walkNameTree(pdf, names, record);
  return result;
}

function resolveDestination(pdf: PDFDocument, value: PDFObject | undefined): PDFArray | undefined {
  const resolved = value instanceof PDFRef ? pdf.context.lookup(value) : value;
  if (resolved instanceof PDFArray) return resolved;
  if (resolved instanceof PDFDict) {
    const d = resolved.lookup(PDFName.of('D'));
    return d instanceof PDFArray ? d : undefined;
  }
  return undefined;
}

function walkNameTree(pdf: PDFDocument, node: PDFDict, visit: (name: string, value: PDFObject | undefined) => void): void {
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = names.lookup(i);
      if (key instanceof PDFString || key instanceof PDFHexString) visit(key.decodeText(), names.get(i + 1));
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i += 1) walkNameTree(pdf, kids.lookup(i, PDFDict), visit);
}

/** The destination's place on its page ([page /XYZ left top zoom]), in PDF points. */
export function destinationPoint(destination: NamedDestination): { left: number; top: number } | undefined {
  const array = destination.destination;
  const left = array.lookup(2);
  const top = array.lookup(3);
  return left instanceof PDFNumber && top instanceof PDFNumber ? { left: left.asNumber(), top: top.asNumber() } : undefined;
}

