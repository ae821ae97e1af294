import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { PaibanError } from '../util/errors.js';
import { isEncryptedPdfError, pageTreeProblem } from '../util/pdf-input.js';

/** The markup annotations a proofreader's PDF reader writes, the ones this command reads. */
export const MARKUP_TYPES = ['Highlight', 'StrikeOut', 'Underline', 'Squiggly', 'Caret', 'Text', 'FreeText'] as const;
export type MarkupType = (typeof MARKUP_TYPES)[number];

/** More than this many annotations is not a proofreader's work: refuse rather than grind. */
export const MAX_ANNOTATIONS = 5000;

/** A rectangle in PDF user space (points, origin bottom-left). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Annotation {
  /** "12 0 R" style key, unique in the file; replies point at it. */
  key: string;
  /** 1-based page. */
  page: number;
  type: MarkupType;
  author: string;
  date: string;
  text: string;
  /** One box per quadrilateral (QuadPoints), or the Rect when there are none. */
  boxes: Box[];
  /** The annotation this one replies to or is grouped with (/IRT). */
  inReplyTo?: string;
  /** /RT: `Group` (part of one correction, e.g. replace-text) or `R` (a reply, the default). */
  replyType: 'R' | 'Group';
  /** The page's crop box, for the caller to turn user space into page coordinates. */
  pageBox: Box;
}

const name = (key: string) => PDFName.of(key);

function textOf(value: PDFObject | undefined): string {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return '';
}

function numbers(value: PDFObject | undefined): number[] | undefined {
  if (!(value instanceof PDFArray)) return undefined;
  return value.asArray().map((item) => (item instanceof PDFNumber ? item.asNumber() : Number.NaN));
}

/** "D:20241231093000+08'00'" → "2024-12-31 09:30"; anything else is shown as written. */
export function pdfDate(raw: string): string {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?/.exec(raw);
  if (!match) return raw;
  const [, y, mo = '01', d = '01', h, mi = '00'] = match;
  return h ? `${y}-${mo}-${d} ${h}:${mi}` : `${y}-${mo}-${d}`;
}

/** Boxes from QuadPoints (8 numbers per quadrilateral, in any corner order) or else the Rect. */
export function boxesOf(quads: number[] | undefined, rect: number[] | undefined, page: Box, where: string): Box[] {
  const inside = (x: number, y: number) => x >= page.x0 - 1 && x <= page.x1 + 1 && y >= page.y0 - 1 && y <= page.y1 + 1;
  const check = (values: number[], what: string) => {
    if (values.some((v) => !Number.isFinite(v))) throw new PaibanError(`${where}: its ${what} has a value that is not a number.`);
    for (let i = 0; i < values.length; i += 2) {
      if (!inside(values[i]!, values[i + 1]!)) throw new PaibanError(`${where}: its ${what} reach outside the page (${values[i]}, ${values[i + 1]}).`);
    }
  };
  if (quads && quads.length > 0) {
    if (quads.length > 8 * 2000) throw new PaibanError(`${where}: its QuadPoints have ${quads.length} numbers, more than 2000 quadrilaterals.`);
    if (quads.length % 8 !== 0) throw new PaibanError(`${where}: its QuadPoints have ${quads.length} numbers, not a multiple of 8.`);
    check(quads, 'QuadPoints');
    const boxes: Box[] = [];
    for (let i = 0; i < quads.length; i += 8) {
      const xs = [quads[i]!, quads[i + 2]!, quads[i + 4]!, quads[i + 6]!];
      const ys = [quads[i + 1]!, quads[i + 3]!, quads[i + 5]!, quads[i + 7]!];
      boxes.push({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
    }
    return boxes;
  }
  if (!rect || rect.length !== 4) throw new PaibanError(`${where}: it has neither QuadPoints nor a Rect.`);
  check(rect, 'Rect');
  const [a, b, c, d] = rect as [number, number, number, number];
  return [{ x0: Math.min(a, c), y0: Math.min(b, d), x1: Math.max(a, c), y1: Math.max(b, d) }];
}

/**
 * Opens the annotated PDF; an encrypted or damaged one is one plain message. pdf-lib's console.warn
 * lines while it parses (a 300-digit number in a stranger's PDF) are kept off the terminal.
 */
export async function loadAnnotatedPdf(bytes: Uint8Array, file: string): Promise<PDFDocument> {
  const warn = console.warn;
  try {
    console.warn = () => undefined;
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    // A page tree that loops, nests without end or is missing would crash the walk over the pages.
    const problem = pageTreeProblem(pdf);
    if (problem) throw new PaibanError(`The file is not a PDF paiban can read: ${problem}.`, { file, hint: 'Export the annotated PDF again from the reader.' });
    pdf.getPages();
    return pdf;
  } catch (error) {
    if (error instanceof PaibanError) throw error;
    if (isEncryptedPdfError(error)) throw new PaibanError('The PDF is encrypted; paiban cannot read its comments.', { file, hint: 'Save an unprotected copy from the PDF reader and give that.' });
    throw new PaibanError('The file is not a PDF paiban can read (damaged or truncated?).', { file, hint: 'Export the annotated PDF again from the reader.', cause: error });
  } finally {
    console.warn = warn;
  }
}

/** An annotation that could not be read (a value that is not a number, a box off the page, a reply loop): reported, not imported. */
export interface SkippedAnnotation {
  page: number;
  /** "page 3, Highlight annotation 12 0 R" */
  where: string;
  reason: string;
}

/**
 * Every markup annotation of the document, page by page in the order the pages store them. A
 * malformed one is left out and named in `skipped` (when given; else it stops the import): one bad
 * annotation never costs the proofreader the others.
 */
export function readAnnotations(pdf: PDFDocument, file: string, skipped?: SkippedAnnotation[]): Annotation[] {
  const annotations: Annotation[] = [];
  let count = 0;
  pdf.getPages().forEach((page, index) => {
    const annots = page.node.lookupMaybe(name('Annots'), PDFArray);
    if (!annots) return;
    count += annots.size();
    if (count > MAX_ANNOTATIONS) throw new PaibanError(`The PDF has more than ${MAX_ANNOTATIONS} annotations; paiban reads at most that many.`, { file, hint: 'Split the proofreading into several PDFs.' });
    const crop = page.getCropBox();
    const pageBox = { x0: crop.x, y0: crop.y, x1: crop.x + crop.width, y1: crop.y + crop.height };
    for (let i = 0; i < annots.size(); i++) {
      const raw = annots.get(i);
      const dict = raw instanceof PDFRef ? pdf.context.lookup(raw) : raw;
      if (!(dict instanceof PDFDict)) continue;
      const subtype = dict.lookupMaybe(name('Subtype'), PDFName)?.decodeText();
      if (!subtype || !(MARKUP_TYPES as readonly string[]).includes(subtype)) continue;
      const type = subtype as MarkupType;
      const key = raw instanceof PDFRef ? raw.toString() : `page ${index + 1} #${i + 1}`;
      const where = `page ${index + 1}, ${type} annotation ${key}`;
      try {
        const irt = dict.get(name('IRT'));
        annotations.push({
          key,
          page: index + 1,
          type,
          author: textOf(dict.lookup(name('T'))),
          date: pdfDate(textOf(dict.lookup(name('M'))) || textOf(dict.lookup(name('CreationDate')))),
          text: textOf(dict.lookup(name('Contents'))).replace(/\r\n?/g, '\n').trim(),
          boxes: boxesOf(numbers(dict.lookup(name('QuadPoints'))), numbers(dict.lookup(name('Rect'))), pageBox, where),
          ...(irt instanceof PDFRef ? { inReplyTo: irt.toString() } : {}),
          replyType: dict.lookupMaybe(name('RT'), PDFName)?.decodeText() === 'Group' ? 'Group' : 'R',
          pageBox,
        });
      } catch (error) {
        if (!skipped) throw error instanceof PaibanError ? new PaibanError(error.message, { file }) : error;
        // pdf-lib throws plain errors for a value of the wrong type (a /T that is a number, …).
        const reason = error instanceof PaibanError ? error.message.slice(where.length + 2).replace(/\.$/, '') : `it cannot be read (${String((error as Error)?.message ?? error).split('\n')[0]})`;
        skipped.push({ page: index + 1, where, reason });
      }
    }
  });
  if (!skipped) {
    assertNoReplyCycle(annotations, file);
    return annotations;
  }
  const looping = new Set(annotationsInReplyLoops(annotations));
  for (const a of annotations.filter((a) => looping.has(a.key))) skipped.push({ page: a.page, where: `page ${a.page}, ${a.type} annotation ${a.key}`, reason: 'its replies go round in a circle' });
  return annotations.filter((a) => !looping.has(a.key));
}

/** Keys of the annotations whose reply chain comes back to itself (A answers B answers A). */
export function annotationsInReplyLoops(annotations: readonly Annotation[]): string[] {
  const parent = new Map(annotations.map((a) => [a.key, a.inReplyTo]));
  const looping: string[] = [];
  for (const start of annotations) {
    const seen = new Set<string>();
    for (let key: string | undefined = start.key; key !== undefined; key = parent.get(key)) {
      if (seen.has(key)) {
        if (key === start.key) looping.push(start.key);
        break;
      }
      seen.add(key);
    }
  }
  return looping;
}

/** A reply chain that loops (A answers B answers A) has no root to hang it on: refuse the file. */
export function assertNoReplyCycle(annotations: readonly Annotation[], file: string): void {
  const parent = new Map(annotations.map((a) => [a.key, a.inReplyTo]));
  for (const start of annotations) {
    const seen = new Set<string>();
    for (let key: string | undefined = start.key; key !== undefined; key = parent.get(key)) {
      if (seen.has(key)) throw new PaibanError(`The PDF's comment replies go round in a circle (page ${start.page}, annotation ${start.key}).`, { file, hint: 'The PDF is damaged; export it again from the reader.' });
      seen.add(key);
    }
  }
}

/** The first annotation of a reply chain (the one the thread hangs on). */
export function rootOf(annotation: Annotation, byKey: ReadonlyMap<string, Annotation>): Annotation {
  let current = annotation;
  for (let parent = byKey.get(current.inReplyTo ?? ''); parent; parent = byKey.get(current.inReplyTo ?? '')) current = parent;
  return current;
}
