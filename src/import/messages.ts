import { PaibanError } from '../util/errors.js';

/**
 * Every message of `paiban import` for Word, Excel, PDF and folders, each in one place (a later issue
 * translates them). A bad input is one line: the file, what is wrong, what to do; nothing is written.
 */
/** What a file is, in the words of the wrong-kind message. */
export const kinds = {
  found: { zip: 'a zip archive', ole: 'an old binary Office file', pdf: 'a PDF', other: 'not a Word, Excel or PDF file', excel: 'an Excel workbook', word: 'a Word document', docxZip: 'a .docx (zip) file', xlsxZip: 'a .xlsx (zip) file' },
  expected: { docx: 'a Word document (.docx)', xlsx: 'an Excel workbook (.xlsx)', pdf: 'a PDF', text: 'a text file', doc: '.doc', xls: '.xls' },
} as const;

/** The character classes of the accounting. */
export const characterClasses = { han: 'Han', latin: 'Latin', digits: 'digits' } as const;

function refuse(file: string, text: string): PaibanError {
  return new PaibanError(text, { file });
}

export const badInput = {
  legacyWord: (file: string) => refuse(file, 'is an old binary Word file (.doc); open it in Word or WPS and save it as .docx, then import the .docx.'),
  legacyExcel: (file: string) => refuse(file, 'is an old binary Excel file (.xls); open it in Excel or WPS and save it as .xlsx, then import the .xlsx.'),
  encryptedOffice: (file: string) => refuse(file, 'is protected by a password; open it, remove the password (File > Info > Protect), save, and import it again.'),
  encryptedZip: (file: string) => refuse(file, 'has encrypted parts; save it again without a password, then import it.'),
  corruptZip: (file: string, why: string) => refuse(file, `is damaged or incomplete (${why}); open and save it again in Word, Excel or WPS, or ask the sender for the file again.`),
  zipBomb: (file: string, why: string) => refuse(file, `expands to ${why}, more than a submission can be; it may be a zip bomb. Ask the sender for the real file.`),
  wrongKind: (file: string, expected: string, found: string) => refuse(file, `is named like ${expected} but is ${found}; give it the right extension, or save it again as ${expected}.`),
  notOoxml: (file: string, expected: string) => refuse(file, `is a zip archive but not ${expected}; save the document again as ${expected}.`),
  encryptedPdf: (file: string) => refuse(file, 'is a password-protected PDF; open it, print or save it again without a password, then import it.'),
  corruptPdf: (file: string, why: string) => refuse(file, `is not a readable PDF (${why}); ask the sender for the file again.`),
  scannedPdf: (file: string, pages: number) => refuse(file, `has no text on its ${pages} page(s): it is a scan. Run OCR on it first (e.g. in WPS or Acrobat), then import the PDF with text.`),
  unsupported: (file: string) => refuse(file, 'is not a kind paiban imports; give a .docx, .xlsx, .pdf or UTF-8 .txt file.'),
  emptyText: (file: string) => refuse(file, 'is empty: there is nothing to import, and no manuscript was written. Paste the article\'s text into the file first.'),
  emptyDocument: (file: string) => refuse(file, 'has no text to import; check that it is the right file.'),
  sheetTooLarge: (file: string, sheet: string, rows: number, columns: number) => refuse(file, `has a sheet “${sheet}” of ${rows} rows × ${columns} columns, more than a yearbook table; delete the cells far outside the table (or import the sheet saved alone) and import again.`),
  noSheet: (file: string, name: string, names: string[]) => refuse(file, `has no sheet named "${name}"; its sheets are ${names.map((n) => `"${n}"`).join(', ')}.`),
  badXml: (file: string, part: string, why: string) => refuse(file, `has a damaged part ${part} (${why}); open and save it again in Word, Excel or WPS.`),
  tooDeep: (file: string, part: string) => refuse(file, `has a part ${part} nested deeper than any real document; save it again in Word, Excel or WPS.`),
  tooManyPages: (file: string, pages: number, most: number) => refuse(file, `has ${pages} pages, more than the ${most} one import reads; split the PDF (e.g. one part per 类目) and import the parts.`),
  tooLarge: (file: string, megabytes: number) => refuse(file, `is larger than ${megabytes} MB; split it into smaller files before importing.`),
  notText: (file: string, why: string) => refuse(file, `${why.replace(/^The file /, '').replace(/\.$/, '')}; save the file as UTF-8 text ("Save as…", encoding UTF-8), or import the .docx or .pdf it came from.`),
  unreadable: (file: string) => refuse(file, 'cannot be read; check that the file exists and that you may read it.'),
};

export const outputs = {
  exists: (file: string) => new PaibanError('exists already; nothing was written. Choose another name with -o, or add --force to replace it.', { file }),
  notAFolder: (file: string) => new PaibanError('must be a folder for a folder import (or for a workbook of several sheets); give -o a folder, e.g. -o manuscripts/.', { file }),
  outsideBook: (file: string) => new PaibanError('is outside the book folder; write the manuscript into the book whose raw/ and images/ it uses.', { file }),
  link: (file: string) => new PaibanError('is a symbolic link; paiban writes only real files. Remove the link or choose another name.', { file }),
  writeFailed: (file: string, code: string) => new PaibanError(`could not be written (${code}); nothing of this import was kept. Check the disk space and that you may write there.`, { file }),
};

/** Where characters of the source went, in the report's accounting line. */
export const where = {
  deletions: 'tracked deletions removed',
  insertionsRefused: 'tracked insertions refused',
  fields: 'Word fields dropped (page numbers, contents)',
  comments: 'comments (reported, not carried)',
  margins: 'headers and footers (not imported)',
  placeholderTitle: 'placeholder title added',
  runningHeads: 'running heads removed',
  folios: 'folios removed',
  titleRepeated: 'table title repeated as the manuscript title',
  sheetName: 'sheet name used as the manuscript title',
} as const;

/** The folder import's words: the summary table, what was written, what was left alone. */
export const summary = {
  header: ['file', 'kind', 'paragraphs', 'tables', 'images', 'characters in → out', 'needs a decision'],
  failed: (message: string) => `not imported: ${message}`,
  skipped: (names: string[]) => `not submissions, left alone: ${names.join(', ')}`,
  wrote: (file: string) => `wrote ${file}`,
};

/** What a warning is about: its rule id in the report, and its word in the folder summary's "needs a decision". */
export const topic = {
  'tracked-change': 'tracked change',
  comment: 'comment',
  title: 'title',
  heading: 'heading',
  image: 'image',
  table: 'table',
  formula: 'formula',
  sheet: 'sheet',
  content: 'content not carried',
  characters: 'characters unaccounted',
  'reading-order': 'reading order',
  caption: 'caption',
} as const;

export type Topic = keyof typeof topic;

/** "tracked change ×2, comment": the warnings of a report by topic. */
export function decisions(ruleIds: readonly (string | undefined)[]): string {
  const counts = new Map<string, number>();
  for (const id of ruleIds) {
    const word = (topic as Record<string, string>)[id ?? ''] ?? id ?? 'other';
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, count]) => (count > 1 ? `${word} ×${count}` : word)).join(', ');
}

/** Notes in the report of one import (info: done; warnings: a person decides). */
export const note = {
  headingDemoted: (text: string) => `a second 标题 1 / Heading 1 “${text}”: set as a ## section, since one manuscript has one title; split the file if it holds two articles`,
  noTitle: () => 'no 标题 1 / Heading 1 and no title paragraph: the front matter says “（无标题）”; write the real title',
  insertionAccepted: (author: string, text: string) => `tracked insertion by ${author}: “${text}” accepted (import with --reject-changes to refuse tracked changes)`,
  deletionAccepted: (author: string, text: string) => `tracked deletion by ${author}: “${text}” removed (import with --reject-changes to keep it)`,
  insertionRejected: (author: string, text: string) => `tracked insertion by ${author}: “${text}” refused (--reject-changes)`,
  deletionRejected: (author: string, text: string) => `tracked deletion by ${author}: “${text}” kept (--reject-changes)`,
  formatChanges: (count: number) => `${count} tracked formatting change(s): the formatting as it is now was taken`,
  comment: (author: string, on: string, text: string) => `comment by ${author} on “${on}”: “${text}” (not carried into the manuscript; decide and edit the text)`,
  fieldDropped: (kind: string, text: string) => `Word field ${kind} dropped${text ? `: “${text}”` : ''} (paiban makes its own page numbers and contents)`,
  fieldKept: (kind: string) => `Word field ${kind} kept as the text it last showed`,
  tocDropped: (paragraphs: number) => `Word table of contents dropped (${paragraphs} paragraph(s)): paiban makes its own`,
  headersDropped: (text: string) => `headers and footers not imported: “${text}”`,
  runInTitle: (title: string) => `bold run-in title “${title}” → ### 条目 heading`,
  lineBreaks: (count: number) => `${count} line break(s) inside paragraphs: each starts a new paragraph; join them where one paragraph was meant`,
  pageBreaks: (count: number) => `${count} page break(s) dropped (paiban paginates itself; use ::pagebreak where one is needed)`,
  headingNumbering: (text: string) => `the heading “${text}” has automatic Word numbering, which is not carried: write the number into the heading if it matters`,
  imageSaved: (name: string) => `image → ${name}`,
  imageNoCaption: (name: string) => `image ${name} has no caption: write one in ::figure[…]`,
  imageUnprintable: (type: string) => `an image of type ${type} cannot be printed: convert it to PNG or JPEG and add it; its figure is kept without a picture`,
  noBook: (dir: string) => `no book.yaml in ${dir} or above it: the manuscript names no source, and images go into ${dir}/images/`,
  imagesNotSaved: (count: number) => `${count} image(s) not extracted: give -o so they go into the book's images/; figures are kept without a picture`,
  tableAsHtml: (title: string) => `table “${title}” has merged cells or several paragraphs in a cell: written as an HTML table`,
  tableNoTitle: (index: number) => `table ${index} has no title (表N …): write one above it`,
  unknownNote: (what: string) => `Word content not carried: ${what}`,
  sheetSkipped: (name: string, why: string) => `sheet “${name}” skipped: ${why}`,
  formulaWithoutValue: (cell: string) => `cell ${cell} holds a formula without a computed value: open the workbook in Excel or WPS, save it, and import again`,
  pdfRemoved: (kind: 'runningHeads' | 'folios', count: number, sample: string) => `${count} ${kind === 'folios' ? 'folios' : 'running heads'} removed (e.g. “${sample}”)`,
  pdfLines: (starts: string) => `line numbers in this report are lines of the text read from the PDF; where each page starts: ${starts}`,
  pdfColumns: (pages: number) => `text set in columns on ${pages} page(s): read column by column`,
  characters: (line: string) => `characters: ${line}`,
  unaccounted: (what: string) => `characters unaccounted for: ${what}; compare the manuscript with the source`,
};
