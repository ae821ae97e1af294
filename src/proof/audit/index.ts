import { mmToPoints } from '../../config/page-size.js';
import type { BookConfig } from '../../config/schema.js';
import { pageChars, printedLines, type PageChar, type PrintedLine } from '../page-chars.js';
import { auditPunctuation, summarizePunctuation, type PunctuationAudit, type PunctuationSummary } from './punctuation.js';

/**
 * The composition audit of a printed book: reads every character's position once (`mutool draw -F
 * stext`) and hands the lines of the text block to each part. Parts are pure functions over lines.
 */
export interface CompositionAudit {
  lines: PrintedLine[];
  punctuation: PunctuationAudit;
  summary: { punctuation: PunctuationSummary };
}

/** Lines of the text block (running heads and folios, set in the margins, left out). */
export async function bodyLines(pdfFile: string, config: BookConfig): Promise<PrintedLine[]> {
  const top = mmToPoints(config.page.margins.top);
  const bottom = mmToPoints(config.page.size.heightMm - config.page.margins.bottom);
  const inBody = (c: PageChar) => c.y > top - 2 && c.y < bottom + 2;
  return printedLines(await pageChars(pdfFile), config.writing, inBody);
}

export async function auditComposition(pdfFile: string, config: BookConfig): Promise<CompositionAudit> {
  const lines = await bodyLines(pdfFile, config);
  const punctuation = auditPunctuation(lines, config.writing);
  return { lines, punctuation, summary: { punctuation: summarizePunctuation(punctuation) } };
}
