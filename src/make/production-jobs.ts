import { toPdfA3, type ArchiveAttachment } from '../archive/pdfa.js';
import { imposeBooklet, type ImposeOptions } from '../impose/impose.js';
import { addPrintMarks } from '../impose/marks.js';
import type { PdfMetadata } from '../pdf/metadata.js';
import { printFileOf, type Press } from '../press/press.js';

/**
 * The print-shop outputs as plain functions of bytes: each can run in a worker thread (see
 * production-worker.ts), so that on two cores they run beside each other and beside the layout lint,
 * and the memory of the PDFs each one parses is given back when its worker ends.
 */
export const productionJobs = {
  async booklet(book: Uint8Array, cover: Uint8Array | undefined, options: ImposeOptions) {
    const imposed = await imposeBooklet(book, cover ? { ...options, cover } : options);
    return { pdf: imposed.pdf, sheets: imposed.plan.sheets.length, sheetName: imposed.sheet.name, blankCount: imposed.plan.blankCount, notes: imposed.notes };
  },
  async archive(book: Uint8Array, metadata: PdfMetadata, attachments: ArchiveAttachment[]) {
    return toPdfA3(book, metadata, attachments);
  },
  async printMarks(pdf: Uint8Array, bleed: { bleedMm: number } | { bleedIncluded: true }) {
    return addPrintMarks(pdf, bleed);
  },
  /** Crop marks and bleed, then PDF/X-4 in the press's CMYK. */
  async printFile(pdf: Uint8Array, bleed: { bleedMm: number } | { bleedIncluded: true }, press: Press, metadata: PdfMetadata) {
    return printFileOf(pdf, bleed, press, metadata);
  },
};

export type ProductionJobs = typeof productionJobs;
export type JobName = keyof ProductionJobs;
