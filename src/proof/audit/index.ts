import { typeArea } from '../../config/grid.js';
import { mmToPoints } from '../../config/page-size.js';
import type { BookConfig } from '../../config/schema.js';
import { pageChars, type PageChar } from '../page-chars.js';
import { auditGrid } from './grid.js';
import { auditBook, type AuditBook, type AuditLayout } from './lines.js';
import { auditPages } from './pages.js';
import { auditArea } from './area.js';
import { auditRuns } from './runs.js';
import { auditColumns } from './columns.js';
import { auditPunctuation, isUncompressed, summarizePunctuation } from './punctuation.js';
import type { AuditFigure, AuditFinding, AuditPartResult } from './types.js';

export type { AuditBook, AuditLayout, AuditLine } from './lines.js';
export type { AuditFigure, AuditFinding, AuditPartResult } from './types.js';

/** One part of the composition audit: a pure function of the book's positioned characters. */
export type AuditPart = (book: AuditBook) => AuditPartResult;

/** The punctuation part (adjacent pairs, line-end marks, extra spacing per line) as an audit part. */
export const punctuationPart: AuditPart = (book) => {
  const audit = auditPunctuation(book.lines, book.layout.writing, { questionExclamation: book.layout.questionExclamation ?? 'half' });
  const s = summarizePunctuation(audit);
  const figure = (label: string, value: number) => ({ label, value });
  return {
    figures: {
      pairs: figure('adjacent punctuation pairs', s.pairs),
      uncompressedPairs: figure('uncompressed adjacent pairs (2 em)', s.uncompressedPairs),
      lineEndMarks: figure('，。、；： ending a full line', s.lineEndMarks),
      fullLineEndMarks: figure('full-width marks at line end', s.fullLineEndMarks),
      spreadFullLineEnds: figure('full-width marks ending a spread line', s.spreadFullLineEnds),
      spreadLines: figure('lines spread ≥ 0.35 pt a gap', s.spreadLines),
      maxExtraPt: figure('widest spread (pt per gap)', s.maxExtraPt),
      spreadOverLimit: figure('lines with a mark spread > 0.15 em', s.spreadOverLimit),
    },
    findings: audit.pairs
      .filter(isUncompressed)
      .map((p) => ({ rule: 'uncompressed-pair', page: p.page, text: p.line, message: `adjacent marks “${p.pair}” not compressed (${p.advanceEm} em)` })),
  };
};

/** The parts, in the order of the report. */
export const AUDIT_PARTS: Readonly<Record<string, AuditPart>> = { grid: auditGrid, pages: auditPages, punctuation: punctuationPart, area: auditArea, runs: auditRuns, columns: auditColumns };

export interface AuditReport {
  pages: number;
  writing: 'horizontal' | 'vertical';
  /** Figures by part, then by key: `figures.grid.offGridLines.value`. */
  figures: Record<string, Record<string, AuditFigure>>;
  findings: AuditFinding[];
}

/**
 * The composition audit of a printed book, from each character's position (`mutool draw -F stext`):
 * what a print editor checks page by page, as figures per book and findings per page.
 */
export function auditChars(pages: PageChar[][], layout: AuditLayout, parts: Readonly<Record<string, AuditPart>> = AUDIT_PARTS): AuditReport {
  const book = auditBook(pages, layout);
  const report: AuditReport = { pages: pages.length, writing: layout.writing, figures: {}, findings: [] };
  for (const [name, part] of Object.entries(parts)) {
    const result = part(book);
    report.figures[name] = result.figures;
    report.findings.push(...result.findings);
  }
  report.findings.sort((a, b) => a.page - b.page);
  return report;
}

/** Reads the PDF's characters and audits them against the book's type area. */
export async function auditPdf(pdfFile: string, config: BookConfig): Promise<AuditReport> {
  return auditChars(await pageChars(pdfFile), auditLayout(config));
}

/**
 * The geometry of a book's pages from its config: the type area of config/grid.ts. `legacy` measures a
 * book made before the grid (margins as book.yaml gave them, the pitch size × leading).
 */
export function auditLayout(config: BookConfig, legacy = false): AuditLayout {
  const area = typeArea(config);
  const margins = legacy ? config.page.margins : area.margins;
  const pitch = legacy ? config.fonts.size * config.fonts.leading : area.pitchPt;
  const width = mmToPoints(config.page.size.widthMm);
  const height = mmToPoints(config.page.size.heightMm);
  const vertical = config.writing === 'vertical';
  const blockRoom = vertical ? width - mmToPoints(margins.inner + margins.outer) : height - mmToPoints(margins.top + margins.bottom);
  const family = (name: string) => name.replace(/\s+/g, '');
  return {
    writing: config.writing,
    pitch,
    lines: legacy ? Math.floor(blockRoom / pitch) : area.lines,
    fonts: { body: family(config.fonts.body), heading: family(config.fonts.heading), caption: family(config.fonts.caption) },
    ...(config.layout.columns > 1 ? { columns: { count: config.layout.columns, gapPt: config.layout.columnGap * config.fonts.size } } : {}),
    questionExclamation: config.punctuation.questionExclamation,
    area(page: number) {
      // Odd pages are right-hand pages (spine on the left) unless the book runs right to left.
      const rightHand = (page % 2 === 1) === !vertical;
      const left = mmToPoints(rightHand ? margins.inner : margins.outer);
      const right = width - mmToPoints(rightHand ? margins.outer : margins.inner);
      return { left, right, top: mmToPoints(margins.top), bottom: height - mmToPoints(margins.bottom) };
    },
  };
}
