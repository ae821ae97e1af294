import type { AuditFinding, AuditPartResult } from './types.js';
import type { AuditBook, AuditLine } from './lines.js';

/** The book's limit for spacing a line (the page fitting's and the line composition's): em per gap. */
export const MAX_SPREAD_EM = 0.08;
/** Rounding of positions in the PDF: below this a line is not spread beyond the limit. */
const TOLERANCE_EM = 0.012;

const HAN = /\p{Script=Han}/u;
const RUN_START = /^[A-Za-z0-9]/;

/** Median extra space between adjacent Han characters of a line, in em (0 for a line set solid). */
export function lineSpreadEm(line: AuditLine, vertical: boolean): number {
  const chars = line.chars.filter((c) => c.char.trim());
  const pos = (c: { x: number; y: number }) => (vertical ? c.y : c.x);
  const em = (c: { size: number }) => c.size / 1.448;
  const gaps: number[] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (HAN.test(a.char) && HAN.test(b.char) && Math.abs(em(a) - em(b)) < 0.01) gaps.push((pos(b) - pos(a) - em(a)) / em(a));
  }
  if (gaps.length < 3) return 0;
  const sorted = gaps.sort((x, y) => x - y);
  return Math.max(0, sorted[Math.floor(sorted.length / 2)]!);
}

/**
 * Unbreakable runs on the page: a line spread beyond the book's limit before a run that starts the next
 * line (a number, a URL, a Latin word: the line could not take it), and a number, phone number or
 * percentage broken across two lines (“0953-” | “2012345”, “20.2” | “%”).
 */
export function auditRuns(book: AuditBook): AuditPartResult {
  const findings: AuditFinding[] = [];
  const vertical = book.layout.writing === 'vertical';
  const body = book.lines.filter((line) => line.kind === 'body');
  let spreadBeforeRun = 0;
  let brokenNumbers = 0;
  body.forEach((line, i) => {
    const next = body[i + 1];
    if (!next || next.page !== line.page) return;
    const after = next.text.trim();
    const before = line.text.trim();
    if (RUN_START.test(after)) {
      const spread = lineSpreadEm(line, vertical);
      if (spread > MAX_SPREAD_EM + TOLERANCE_EM) {
        spreadBeforeRun += 1;
        findings.push({ rule: 'spread-before-run', page: line.page, text: line.text, message: `a line is spread ${spread.toFixed(2)} em a gap before “${after.slice(0, 12)}” (limit ${MAX_SPREAD_EM} em)` });
      }
    }
    if (/\d[,.\-]?$/.test(before) && /^[\d%‰℃]/.test(after)) {
      brokenNumbers += 1;
      findings.push({ rule: 'broken-number', page: line.page, text: `${before.slice(-8)}|${after.slice(0, 8)}`, message: `a number is broken across two lines: “${before.slice(-8)}” | “${after.slice(0, 8)}”` });
    }
  });
  return {
    figures: {
      spreadBeforeRun: { label: `lines spread > ${MAX_SPREAD_EM} em before an unbreakable run`, value: spreadBeforeRun },
      brokenNumbers: { label: 'numbers broken across lines', value: brokenNumbers },
    },
    findings,
  };
}
