/** What every clause family shares: the result type, pass/fail, and one walk over the file's dictionaries. */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';

export interface ClauseResult {
  /** Short, stable name, e.g. "PDF/A 6.2.11.4.1 fonts embedded" or "paiban text". */
  clause: string;
  ok: boolean;
  detail: string;
}

export const pass = (clause: string, detail: string): ClauseResult => ({ clause, ok: true, detail });
export const fail = (clause: string, detail: string): ClauseResult => ({ clause, ok: false, detail });
/** Passes when `problems` is empty; otherwise names the first few. */
export function verdict(clause: string, problems: readonly string[], okDetail: string): ClauseResult {
  if (problems.length === 0) return pass(clause, okDetail);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return fail(clause, problems.slice(0, 3).join('; ') + more);
}

export const N = (name: string) => PDFName.of(name);

/** A stream's decoded bytes, or undefined when its filters fail (a damaged file is a failed check, not a crash). */
export function decoded(stream: PDFRawStream): Uint8Array | undefined {
  try {
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}
export const nameOf = (value: unknown): string | undefined => (value instanceof PDFName ? value.decodeText() : undefined);
export const textOf = (value: unknown): string | undefined => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

/** Every dictionary of the file once (indirect ones with their ref, direct ones nested inside them), and the pages' annotations. */
export class Doc {
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

export const isType = (type: string) => (dict: PDFDict) => dict.get(N('Type')) === N(type);
export const isSubtype = (subtype: string) => (dict: PDFDict) => dict.get(N('Subtype')) === N(subtype);
