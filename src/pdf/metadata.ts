import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, PDFHexString, ReadingDirection } from 'pdf-lib';
// Every PDF the build writes goes through pdf-lib's save: compress with Node's zlib (see the module).
import './zlib-deflate.js';
import { PaibanError } from '../util/errors.js';

export interface PdfMetadata {
  title: string;
  author?: string;
  subject?: string;
  keywords: string[];
  language: string;
  /** Creator: the tool that made the document's content. */
  creator: string;
  /** Producer: what wrote the PDF. */
  producer: string;
  /** Both CreationDate and ModDate: fixed per book, so rebuilds are byte-identical. */
  date: Date;
}

/** Fills the Info dictionary, /Lang and the viewer preferences. */
export function writeMetadata(pdf: PDFDocument, meta: PdfMetadata): void {
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) pdf.setAuthor(meta.author);
  if (meta.subject) pdf.setSubject(meta.subject);
  if (meta.keywords.length) pdf.setKeywords(meta.keywords);
  pdf.setCreator(meta.creator);
  pdf.setProducer(meta.producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  pdf.setLanguage(meta.language);
}

/**
 * How a viewer should show the book: as spreads with page 1 alone on the right (like the printed
 * book opened), and for a vertical book read right to left, so its spreads come in the right order.
 */
export function writeViewerPreferences(pdf: PDFDocument, direction: 'ltr' | 'rtl'): void {
  const preferences = pdf.catalog.getOrCreateViewerPreferences();
  preferences.setReadingDirection(direction === 'rtl' ? ReadingDirection.R2L : ReadingDirection.L2R);
  preferences.setDisplayDocTitle(true);
  pdf.catalog.set(PDFName.of('PageLayout'), PDFName.of('TwoPageRight'));
}

/**
 * /PageLabels so a viewer's page box shows what the folio shows: front matter i, ii, iii…, then the
 * body from 1 on the first chapter's page.
 */
export function writePageLabels(pdf: PDFDocument, firstBodyPageIndex: number): void {
  const nums: (PDFNumber | PDFDict)[] = [];
  if (firstBodyPageIndex > 0) nums.push(PDFNumber.of(0), pdf.context.obj({ S: 'r' }));
  nums.push(PDFNumber.of(firstBodyPageIndex), pdf.context.obj({ S: 'D', St: 1 }));
  pdf.catalog.set(PDFName.of('PageLabels'), pdf.context.obj({ Nums: nums }));
}

/** Reads back the Info dictionary's text entries (for tests and `paiban verify`). */
export function readInfo(pdf: PDFDocument): Record<string, string> {
  // A file may have no Info dictionary (PDF 2.0 deprecates it): lookup with a type would throw on none.
  const ref = pdf.context.trailerInfo.Info;
  const info = ref ? pdf.context.lookup(ref) : undefined;
  const result: Record<string, string> = {};
  if (!(info instanceof PDFDict)) return result;
  for (const [key, value] of info.entries()) {
    const resolved = pdf.context.lookup(value);
    if (resolved instanceof PDFString || resolved instanceof PDFHexString) result[key.decodeText()] = resolved.decodeText();
  }
  return result;
}

/** 9999-12-31T23:59:59Z. */
const MAX_EPOCH = 253_402_300_799;

/**
 * The build date: SOURCE_DATE_EPOCH (the reproducible-builds convention) wins, then book.yaml's `date`,
 * then 1 January of its `year`. Undefined when none is given (the caller then uses now).
 */
export function buildDate(env: NodeJS.ProcessEnv, date?: string, year?: number): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch) {
    // Whole seconds since 1970 up to the last second of 9999 (a PDF date has four year digits). Anything
    // else is refused, not ignored: a build meant to be reproducible would silently carry today's date.
    if (!/^\d{1,12}$/.test(epoch) || Number(epoch) > MAX_EPOCH) {
      throw new PaibanError(`SOURCE_DATE_EPOCH is "${epoch.slice(0, 40)}${epoch.length > 40 ? '…' : ''}", not a number of seconds since 1970 up to the year 9999.`, {
        hint: 'Set it to whole seconds, e.g. SOURCE_DATE_EPOCH=$(date +%s), or unset it (then book.yaml\'s date: is used).',
      });
    }
    return new Date(Number(epoch) * 1000);
  }
  if (date) return new Date(`${date}T00:00:00Z`);
  if (year) return new Date(Date.UTC(year, 0, 1));
  return undefined;
}
