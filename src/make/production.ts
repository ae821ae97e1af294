import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { BookConfig } from '../config/schema.js';
import { markTrim } from '../pdf/cover.js';
import { writeMetadata, type PdfMetadata } from '../pdf/metadata.js';
import type { PrintOptions } from '../pdf/print.js';
import type { Printer } from '../pdf/printer.js';
import { renderCoverHtml } from '../render/cover.js';
import { describePress, type Press } from '../press/press.js';
import type { Staging } from '../files/staging.js';
import { readBookFile } from '../files/read.js';
import { jobRunner, type JobRunner } from './run-job.js';

type Progress = (stage: string, detail: string) => void;

export interface CoverInput {
  bookDir: string;
  config: BookConfig;
  name: string;
  printer: Printer;
  staging: Staging;
  print: PrintOptions;
  metadata: PdfMetadata;
  /** The book's @font-face rules (its font subsets hold the cover's characters too). */
  fontFaces: string;
  /** The press profile and the cover colour in CMYK (a cmyk() cover colour also sets the screen cover's). */
  press: Press | undefined;
}

/**
 * The cover, printed with its bleed so the colour runs past the trim (TrimBox/CropBox mark the finished
 * size). It needs nothing of the book's print, so the build starts it beside the book's, on a page of
 * its own in the same browser.
 */
export async function printCover(input: CoverInput): Promise<Uint8Array> {
  const { config, name, staging } = input;
  const coverConfig = input.press ? { ...config, cover: { ...config.cover, color: input.press.coverHex } } : config;
  await staging.write(`${name}-cover.html`, await renderCoverHtml(input.bookDir, coverConfig, config.print.bleed, input.fontFaces));
  const printed = await input.printer.print(staging.path(`${name}-cover.html`), input.print, { fresh: true });
  const pdf = await PDFDocument.load(printed.pdf, { updateMetadata: false });
  markTrim(pdf, config.print.bleed);
  writeMetadata(pdf, { ...input.metadata, title: `${config.title}（封面）` });
  return pdf.save({ addDefaultPage: false });
}

export interface ProductionInput {
  bookDir: string;
  config: BookConfig;
  /** book.yaml and the manuscripts, relative to the book folder: they travel inside the archive. */
  sources: readonly string[];
  name: string;
  book: Uint8Array;
  /** The printed cover, when book.yaml asks for one (see printCover). */
  cover: Uint8Array | undefined;
  staging: Staging;
  metadata: PdfMetadata;
  /** For the print files (PDF/X-4 in the press's CMYK); undefined when they are not asked for. */
  press: Press | undefined;
}

/**
 * One output at a time, in one worker thread, beside the layout lint (mutool where installed, then its
 * parse in this thread; else PDFium in this thread): that already keeps two cores busy, and each job's parsed PDF is garbage once it has answered.
 * Two at a time raised node's peak to ~0.7 GB at 1,000 vertical pages (each worker parses the book).
 */
const AT_ONCE = 1;
/** Below this size a worker thread costs more to start (loading pdf-lib again) than the job takes. */
const WORKER_MIN_BYTES = 2 * 1024 * 1024;
const where = (input: ProductionInput) => (input.book.length >= WORKER_MIN_BYTES ? 'worker' : 'here');

/**
 * What the print shop gets besides the book: the cover, the imposed booklet, print-ready variants.
 * Each output is one function below; their jobs run one after the other in one worker thread. Returns the
 * file names written, in a fixed order.
 */
export async function writeProductionOutputs(input: ProductionInput, progress: Progress): Promise<string[]> {
  const formats = new Set(input.config.output.formats);
  const jobs = jobRunner(where(input));
  const outputs: (() => Promise<string[]>)[] = [];
  if (formats.has('cover') && input.cover) outputs.push(() => writeCover(input, progress));
  if (formats.has('booklet')) outputs.push(() => writeBooklet(input, jobs, progress));
  if (formats.has('archive')) outputs.push(() => writeArchive(input, jobs, progress));
  if (formats.has('print')) outputs.push(() => writePrintFiles(input, jobs, progress));
  try {
    return (await inTurn(outputs, AT_ONCE)).flat();
  } finally {
    await jobs.close();
  }
}

async function writeCover(input: ProductionInput, progress: Progress): Promise<string[]> {
  const file = `${input.name}-cover.pdf`;
  await input.staging.write(file, input.cover!);
  progress('cover', `front and back, ${input.config.page.size.name} + ${input.config.print.bleed} mm bleed`);
  return [file];
}

async function writeBooklet(input: ProductionInput, jobs: JobRunner, progress: Progress): Promise<string[]> {
  const { config, cover } = input;
  const imposed = await jobs.run('booklet', input.book, cover, {
    direction: config.writing === 'vertical' ? 'rtl' : 'ltr',
    // Blanks go before the colophon when it is last (and, with a cover, before the inside and outside back cover).
    keepAtEnd: (cover ? 2 : 0) + (config.colophon.placement === 'end' ? 1 : 0),
    ...(config.booklet.sheet ? { sheet: config.booklet.sheet } : {}),
    creepMm: config.booklet.creep,
    ...(config.booklet.signatures ? { signaturePages: config.booklet.signatures } : {}),
  });
  const file = `${input.name}-booklet.pdf`;
  await input.staging.write(file, imposed.pdf);
  const { sheets, blankCount } = imposed;
  progress('booklet', `${sheets} sheet${sheets === 1 ? '' : 's'} of ${imposed.sheetName}, ${blankCount} blank page${blankCount === 1 ? '' : 's'} added${imposed.notes.length ? `; ${imposed.notes.join('; ')}` : ''}`);
  return [file];
}

/** A raw source is carried whole inside the archive: a scan or a newspaper PDF, not a video. */
export const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

async function writeArchive(input: ProductionInput, jobs: JobRunner, progress: Progress): Promise<string[]> {
  const attachments = await Promise.all(
    input.sources.map(async (source) => ({
      name: source,
      bytes: await readBookFile(input.bookDir, path.join(input.bookDir, source), { what: 'The source', maxBytes: MAX_SOURCE_BYTES }),
      ...describeSource(source),
      relationship: 'Source' as const,
    })),
  );
  const file = `${input.name}-archive.pdf`;
  await input.staging.write(file, await jobs.run('archive', input.book, input.metadata, attachments));
  progress('archive', `PDF/A-3b, ${attachments.length} source files inside`);
  return [file];
}

async function writePrintFiles(input: ProductionInput, jobs: JobRunner, progress: Progress): Promise<string[]> {
  // PDF/X-4 in the press's CMYK (src/press/); the reading PDF and the archive stay RGB.
  const press = input.press!;
  const files = [`${input.name}-print.pdf`];
  const book = await jobs.run('printFile', input.book, { bleedMm: input.config.print.bleed }, press, input.metadata);
  await input.staging.write(files[0]!, book.pdf);
  const reports = [book.report];
  if (input.cover) {
    files.push(`${input.name}-cover-print.pdf`);
    const cover = await jobs.run('printFile', input.cover, { bleedIncluded: true }, press, { ...input.metadata, title: `${input.config.title}（封面）` });
    await input.staging.write(files[1]!, cover.pdf);
    reports.push(cover.report);
  }
  progress('print', `bleed ${input.config.print.bleed} mm, crop marks, TrimBox/BleedBox; ${describePress(press, reports)}`);
  return files;
}

/** Runs the tasks, `limit` at a time; results in the tasks' order. */
async function inTurn<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

/** MIME type and description of an archived source: a manuscript, book.yaml, or a raw text a manuscript was made from. */
function describeSource(source: string): { mimeType: string; description: string } {
  if (source.endsWith('.md')) return { mimeType: 'text/markdown', description: '书稿（Markdown 源文件）' };
  if (source.endsWith('.yaml')) return { mimeType: 'application/yaml', description: '书籍配置（book.yaml）' };
  // Submissions `paiban import` copied into raw/ (Word, Excel, PDF), kept as they came.
  const office: Record<string, string> = {
    '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    '.pdf': 'application/pdf',
  };
  const type = office[path.extname(source).toLowerCase()];
  if (type) return { mimeType: type, description: '原始稿（书稿所据的来稿文件，未改动）' };
  return { mimeType: 'text/plain', description: '原始稿（书稿所据的来源文本，未改动）' };
}
