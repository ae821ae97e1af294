import type { AuditFigure, AuditFinding, AuditPartResult } from './types.js';
import { gridPlace, type AuditBook, type AuditLine } from './lines.js';
import { bodyLinesOnGrid, firstBodyPage, fullPages } from './grid.js';

/**
 * A run of column lines on one page between blocks that span the columns (or the page's edges): the
 * lines each column holds there, and whether the run ends the page's text.
 */
export interface ColumnRun {
  page: number;
  /** Last grid line (0-based) of each column that has lines in the run, by column index. */
  ends: Map<number, number>;
  /** A block spanning the columns follows the run on its page. */
  beforeSpan: boolean;
}

/**
 * The page's lines cut into runs of column lines at each line that spans the columns. A run counts only
 * when two columns or more hold lines in it and one of them is a column's text (`isColumnText`: a body
 * line most of a column wide): a page set in one column (whose short lines stand in the first column's
 * half), or the cells of a table that spans the columns, never make one.
 */
export function columnRuns(lines: readonly AuditLine[], pitch: number, isColumnText: (line: AuditLine) => boolean = () => true): ColumnRun[] {
  const byPage = new Map<number, AuditLine[]>();
  for (const line of lines) {
    const list = byPage.get(line.page);
    if (list) list.push(line);
    else byPage.set(line.page, [line]);
  }
  const runs: ColumnRun[] = [];
  for (const [page, pageLines] of byPage) {
    const ordered = [...pageLines].sort((a, b) => a.at - b.at);
    let run = new Map<number, number>();
    let text = false;
    const close = (beforeSpan: boolean) => {
      if (run.size >= 2 && text) runs.push({ page, ends: run, beforeSpan });
      run = new Map();
      text = false;
    };
    for (const line of ordered) {
      if (line.column === undefined) {
        close(true);
        continue;
      }
      const index = gridPlace(line.at, pitch).index;
      run.set(line.column, Math.max(run.get(line.column) ?? -1, index));
      text ||= isColumnText(line);
    }
    close(false);
  }
  return runs.sort((a, b) => a.page - b.page);
}

/**
 * The columns part of the audit (a book or chapter set in 2 or 3 columns, book.yaml layout.columns): on a
 * page whose text runs on, every column ends on the type area's last line; above a block that spans the
 * columns, and at the end of a chapter's columns, the columns balance (their last lines within one line
 * of each other). And the grid's figures column by column.
 */
export function auditColumns(book: AuditBook): AuditPartResult {
  const count = book.layout.columns?.count ?? 1;
  const figures: Record<string, AuditFigure> = { columns: { label: 'columns', value: count } };
  const findings: AuditFinding[] = [];
  if (count < 2) return { figures, findings };
  const { pitch, lines: lastLine } = book.layout;
  const full = new Set(fullPages(book));
  // The front matter (the contents: a title, its leader, its number) is not set in columns.
  const first = firstBodyPage(book);
  const columnWidth = (page: number) => {
    const area = book.layout.area(page);
    const extent = book.layout.writing === 'vertical' ? area.bottom - area.top : area.right - area.left;
    return (extent - (count - 1) * (book.layout.columns?.gapPt ?? 0)) / count;
  };
  const isColumnText = (line: AuditLine) => line.kind === 'body' && line.to - line.from >= 0.6 * columnWidth(line.page);
  const runs = columnRuns(book.lines.filter((line) => line.page >= first), pitch, isColumnText);
  let shortColumns = 0;
  let unbalanced = 0;
  let worstDifference = 0;
  for (const run of runs) {
    const ends = [...run.ends.values()];
    if (!run.beforeSpan && full.has(run.page)) {
      // The text runs on: each column is full.
      for (const [column, end] of run.ends) {
        if (end >= lastLine - 1) continue;
        shortColumns += 1;
        findings.push({ rule: 'short-column', page: run.page, text: '', message: `column ${column + 1} ends ${lastLine - 1 - end} line(s) above the last line of the type area, and the text runs on` });
      }
      continue;
    }
    // Above a spanning block, or the chapter's last page: the columns balance.
    const difference = Math.max(...ends) - Math.min(...ends);
    worstDifference = Math.max(worstDifference, difference);
    if (difference > 1) {
      unbalanced += 1;
      findings.push({ rule: 'unbalanced-columns', page: run.page, text: '', message: `the columns end ${difference} lines apart (${[...run.ends].map(([c, e]) => `column ${c + 1} on line ${e + 1}`).join(', ')})${run.beforeSpan ? ' above a block that spans them' : ' at the end of the chapter'}` });
    }
  }
  figures.columnRuns = { label: 'runs of columns (between spanning blocks)', value: runs.length };
  figures.shortColumns = { label: 'columns ending short on a page whose text runs on', value: shortColumns };
  figures.unbalancedRuns = { label: 'column runs not balanced (more than one line apart)', value: unbalanced };
  figures.maxBalanceDifference = { label: 'widest difference of balanced columns (lines)', value: worstDifference };
  // The grid's figures per column.
  const { body, offGrid } = bodyLinesOnGrid(book);
  for (let column = 0; column < count; column += 1) {
    figures[`bodyLinesColumn${column + 1}`] = { label: `body lines in column ${column + 1}`, value: body.filter((line) => line.column === column).length };
    figures[`offGridColumn${column + 1}`] = { label: `body lines off the grid in column ${column + 1}`, value: offGrid.filter((line) => line.column === column).length };
  }
  figures.bodyLinesSpanning = { label: 'body lines across the columns (or in one column)', value: body.filter((line) => line.column === undefined).length };
  return { figures, findings };
}
