/** One fault the audit found, on one page. */
export interface AuditFinding {
  /** Stable rule id: off-grid, short-page, running-head-on-opener, orphan-char, heading-at-foot, … */
  rule: string;
  /** 1-based page of the PDF. */
  page: number;
  /** The printed text concerned (to find it in the manuscripts), or "". */
  text: string;
  message: string;
}

/** A figure of the audit's summary: a count or a measure, with what it counts. */
export interface AuditFigure {
  label: string;
  value: number;
}

/** What one part of the audit (grid, pages, punctuation) returns. */
export interface AuditPartResult {
  figures: Record<string, AuditFigure>;
  findings: AuditFinding[];
}
