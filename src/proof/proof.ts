import path from 'node:path';
import type { BookConfig } from '../config/schema.js';
import { auditPdf, type AuditReport } from './audit/index.js';
import { renderContactSheet, type ContactSheet, type ReadingDirection } from './contact-sheet.js';
import { diffPdfs, type PdfDiff } from './diff.js';
import { writeProofIndex } from './index-html.js';
import { renderPageImages, type PageImage } from './page-images.js';
import { assertPdf } from './pdf-file.js';

export interface ProofOptions {
  /** Heading of index.html; default the PDF's file name. */
  title?: string;
  /** Page images and diff resolution; default 100. */
  dpi?: number;
  /** `rtl` for vertical books: spreads mirrored on the contact sheet. */
  direction?: ReadingDirection;
  /** The book's config: with it, the index shows the composition audit of the PDF (src/proof/audit), and the contact sheet's labels are set in its heading face. */
  config?: BookConfig;
  /** An earlier build to compare with; its diff images go to `<proofDir>/diff/`. */
  previousPdf?: string;
  /** The folder trusted above proofDir (default its parent; `paiban proof`: the book folder): every folder below it must be real. */
  root?: string;
}

export interface Proofs {
  pages: PageImage[];
  contactSheet: ContactSheet;
  diff?: PdfDiff;
  audit?: AuditReport;
  /** `<proofDir>/index.html`. */
  index: string;
}

/**
 * Everything `paiban proof` makes, in one call: `proofDir/page-001.png`…, `contact-sheet.png`,
 * `diff/diff-007.png`… (with `previousPdf`) and `index.html` linking them.
 */
export async function makeProofs(pdfFile: string, proofDir: string, options: ProofOptions = {}): Promise<Proofs> {
  const pdf = await assertPdf(pdfFile);
  const dir = path.resolve(proofDir);
  const root = options.root ?? path.dirname(dir);
  const pages = await renderPageImages(pdf, dir, { dpi: options.dpi, root });
  const contactSheet = await renderContactSheet(pdf, path.join(dir, 'contact-sheet.png'), { direction: options.direction, root, ...(options.config ? { font: options.config.fonts.heading } : {}) });
  const diff = options.previousPdf ? await diffPdfs(options.previousPdf, pdf, { workDir: path.join(dir, 'diff'), dpi: options.dpi, root }) : undefined;
  const audit = options.config ? await auditPdf(pdf, options.config) : undefined;
  const index = await writeProofIndex(dir, { title: options.title ?? path.basename(pdf, '.pdf'), pages, contactSheet, ...(diff ? { diff } : {}), ...(audit ? { audit } : {}) }, root);
  return { pages, contactSheet, index, ...(diff ? { diff } : {}), ...(audit ? { audit } : {}) };
}
