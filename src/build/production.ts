import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { toPdfA3 } from '../archive/pdfa.js';
import { PDFDocument } from 'pdf-lib';
import type { BookConfig } from '../config/schema.js';
import { imposeBooklet } from '../impose/impose.js';
import { addPrintMarks } from '../impose/marks.js';
import { bookWithCover, markTrim } from '../pdf/cover.js';
import { writeMetadata, type PdfMetadata } from '../pdf/metadata.js';
import type { PrintOptions } from '../pdf/print.js';
import type { Printer } from '../pdf/printer.js';
import { renderCoverHtml } from '../render/cover.js';
import { describePress, preparePress, pressReady } from '../press/press.js';
import type { Staging } from '../util/files.js';

export interface ProductionInput {
  bookDir: string;
  config: BookConfig;
  /** book.yaml and the manuscripts, relative to the book folder: they travel inside the archive. */
  sources: readonly string[];
  name: string;
  book: Uint8Array;
  printer: Printer;
  staging: Staging;
  print: PrintOptions;
  metadata: PdfMetadata;
  /** The book's @font-face rules (its font subsets hold the cover's characters too). */
  fontFaces: string;
}

/** What the print shop gets besides the book: the cover, the imposed booklet, print-ready variants. Returns the file names written. */
export async function writeProductionOutputs(input: ProductionInput, progress: (stage: string, detail: string) => void): Promise<string[]> {
  const { config, name, staging } = input;
  const formats = new Set(config.output.formats);
  const written: string[] = [];
  const write = async (file: string, bytes: Uint8Array) => {
    await staging.write(file, bytes);
    written.push(file);
  };

  // The press profile and the cover colour in CMYK (a cmyk() cover colour also sets the screen cover's).
  const press = formats.has('cover') || formats.has('print') ? await preparePress(input.bookDir, config) : undefined;
  let cover: Uint8Array | undefined;
  if (formats.has('cover')) {
    // Printed with its bleed, so the colour runs past the trim; TrimBox/CropBox mark the finished size.
    const htmlFile = staging.path(`${name}-cover.html`);
    const coverConfig = press ? { ...config, cover: { ...config.cover, color: press.coverHex } } : config;
    await staging.write(`${name}-cover.html`, await renderCoverHtml(input.bookDir, coverConfig, config.print.bleed, input.fontFaces));
    const printed = await input.printer.print(htmlFile, input.print);
    const pdf = await PDFDocument.load(printed.pdf, { updateMetadata: false });
    markTrim(pdf, config.print.bleed);
    writeMetadata(pdf, { ...input.metadata, title: `${config.title}（封面）` });
    cover = await pdf.save({ addDefaultPage: false });
    await write(`${name}-cover.pdf`, cover);
    progress('cover', `front and back, ${config.page.size.name} + ${config.print.bleed} mm bleed`);
  }

  if (formats.has('booklet')) {
    const bound = cover ? await bookWithCover(input.book, cover) : input.book;
    const imposed = await imposeBooklet(bound, {
      direction: config.writing === 'vertical' ? 'rtl' : 'ltr',
      // Blanks go before the colophon when it is last (and, with a cover, before the inside and outside back cover).
      keepAtEnd: (cover ? 2 : 0) + (config.colophon.placement === 'end' ? 1 : 0),
      ...(config.booklet.sheet ? { sheet: config.booklet.sheet } : {}),
      creepMm: config.booklet.creep,
      ...(config.booklet.signatures ? { signaturePages: config.booklet.signatures } : {}),
    });
    await write(`${name}-booklet.pdf`, imposed.pdf);
    const sheets = imposed.plan.sheets.length;
    progress('booklet', `${sheets} sheet${sheets === 1 ? '' : 's'} of ${imposed.sheet.name}, ${imposed.plan.blankCount} blank page${imposed.plan.blankCount === 1 ? '' : 's'} added${imposed.notes.length ? `; ${imposed.notes.join('; ')}` : ''}`);
  }

  if (formats.has('archive')) {
    const attachments = await Promise.all(
      input.sources.map(async (source) => ({
        name: source,
        bytes: await readFile(path.join(input.bookDir, source)),
        mimeType: source.endsWith('.md') ? 'text/markdown' : 'application/yaml',
        description: source.endsWith('.md') ? '书稿（Markdown 源文件）' : '书籍配置（book.yaml）',
        relationship: 'Source' as const,
      })),
    );
    await write(`${name}-archive.pdf`, await toPdfA3(input.book, input.metadata, attachments));
    progress('archive', `PDF/A-3b, ${attachments.length} source files inside`);
  }

  if (formats.has('print')) {
    // PDF/X-4 in the press's CMYK (src/press/); the reading PDF and the archive stay RGB.
    const book = await pressReady(await addPrintMarks(input.book, { bleedMm: config.print.bleed }), press!, input.metadata);
    await write(`${name}-print.pdf`, book.pdf);
    const reports = [book.report];
    if (cover) {
      const coverPrint = await pressReady(await addPrintMarks(cover, { bleedIncluded: true }), press!, { ...input.metadata, title: `${config.title}（封面）` });
      await write(`${name}-cover-print.pdf`, coverPrint.pdf);
      reports.push(coverPrint.report);
    }
    progress('print', `bleed ${config.print.bleed} mm, crop marks, TrimBox/BleedBox; ${describePress(press!, reports)}`);
  }
  return written;
}
