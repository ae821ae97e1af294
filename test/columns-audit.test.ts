import { describe, expect, it } from 'vitest';
import { auditChars } from '../src/proof/audit/index.js';
import { auditBook, type AuditLayout } from '../src/proof/audit/lines.js';
import { columnRuns } from '../src/proof/audit/columns.js';
import { printedLines, type PageChar } from '../src/proof/page-chars.js';
import { setDown } from '../src/proof/layout-lint.js';

/**
 * A synthetic two-column horizontal page: the area is 315 pt wide, two columns of 147 pt with a 21 pt
 * (2 em) gutter (247–268 pt); a line holds 14 characters of 10.5 pt.
 */
const PITCH = 18.75;
const layout: AuditLayout = {
  writing: 'horizontal',
  pitch: PITCH,
  lines: 6,
  fonts: { body: 'NotoSerifSC', heading: 'NotoSansSC', caption: 'LXGWWenKai' },
  columns: { count: 2, gapPt: 21 },
  area: () => ({ left: 100, right: 415, top: 50, bottom: 50 + 6 * PITCH }),
};
const COLUMN_START = [100, 268];

/** Characters of one line: `count` characters from `x`, on grid line `line`. */
function line(x: number, lineIndex: number, count = 14): PageChar[] {
  const y = 50 + (lineIndex + 0.5) * PITCH;
  return Array.from({ length: count }, (_, i) => ({ char: '政', x: x + 5.25 + i * 10.5, y, size: 15.2, font: 'NotoSerifSC-Regular', left: x + i * 10.5, top: y - 7.6, width: 10.5, fontSize: 10.5 }));
}
/** A page whose columns hold the given numbers of lines (from the top), and lines across both columns before them. */
function page(columns: number[], across = 0): PageChar[] {
  const chars = Array.from({ length: across }, (_, k) => line(100, k, 30)).flat();
  columns.forEach((lines, column) => {
    for (let k = 0; k < lines; k += 1) chars.push(...line(COLUMN_START[column]!, across + k));
  });
  return chars;
}

describe('the columns part of the audit', () => {
  it('reads each line into its column, and a line across the gutter into none', () => {
    const book = auditBook([page([2, 1], 1)], layout);
    expect(book.lines.map((l) => l.column)).toEqual([undefined, 0, 0, 1]);
  });

  it('finds no fault when full pages end every column on the last line and the last page balances', () => {
    const report = auditChars([page([6, 6]), page([6, 6]), page([3, 2])], layout);
    expect(report.findings.filter((f) => f.rule.includes('column'))).toEqual([]);
    expect(report.figures.columns).toMatchObject({ columns: { value: 2 }, columnRuns: { value: 3 }, shortColumns: { value: 0 }, unbalancedRuns: { value: 0 }, maxBalanceDifference: { value: 1 } });
    expect(report.figures.columns!.bodyLinesColumn1!.value).toBe(15);
    expect(report.figures.columns!.bodyLinesColumn2!.value).toBe(14);
  });

  it('reports a column that ends short on a page whose text runs on, with how many lines', () => {
    const report = auditChars([page([6, 4]), page([6, 6]), page([2, 2])], layout);
    const short = report.findings.filter((f) => f.rule === 'short-column');
    expect(short).toEqual([{ rule: 'short-column', page: 1, text: '', message: 'column 2 ends 2 line(s) above the last line of the type area, and the text runs on' }]);
    expect(report.figures.columns!.shortColumns!.value).toBe(1);
  });

  it('reports columns that end more than a line apart at the end of a chapter, and above a block that spans them', () => {
    const end = auditChars([page([6, 6]), page([5, 2])], layout);
    expect(end.findings.filter((f) => f.rule === 'unbalanced-columns').map((f) => [f.page, f.message])).toEqual([[2, 'the columns end 3 lines apart (column 1 on line 5, column 2 on line 2) at the end of the chapter']]);
    // Columns, then a line across both: the columns above it must balance.
    const above = page([3, 1]);
    above.push(...line(100, 4, 30));
    const span = auditChars([above], layout);
    expect(span.findings.filter((f) => f.rule === 'unbalanced-columns').map((f) => f.message)).toEqual(['the columns end 2 lines apart (column 1 on line 3, column 2 on line 1) above a block that spans them']);
    expect(span.figures.columns!.maxBalanceDifference!.value).toBe(2);
  });

  it('makes no run of a page in one column, nor of a spanning table’s cells that miss the gutter', () => {
    // One column: full lines across the gutter, a short last line in the first half.
    const oneColumn = auditBook([[...line(100, 0, 30), ...line(100, 1, 30), ...line(100, 2, 5)]], layout);
    expect(columnRuns(oneColumn.lines, PITCH)).toEqual([]);
    // A table's cells: short pieces left and right of the gutter, no line a column wide.
    const cells = auditBook([[...line(100, 0, 4), ...line(300, 0, 3), ...line(100, 1, 4), ...line(300, 1, 3)]], layout);
    const wide = (l: (typeof cells.lines)[number]) => l.to - l.from >= 0.6 * 147;
    expect(columnRuns(cells.lines, PITCH, wide)).toEqual([]);
    expect(columnRuns(cells.lines, PITCH)).toHaveLength(1);
  });

  it('reports nothing for a book in one column', () => {
    const { columns: _ignored, ...oneColumn } = layout;
    const report = auditChars([page([6, 6]), page([6, 4])], oneColumn);
    expect(report.figures.columns).toEqual({ columns: { label: 'columns', value: 1 } });
  });
});

describe('reading the lines of a vertical book in bands', () => {
  it('never chains two columns into one line through a heading of the other band standing between them', () => {
    const char = (c: string, x: number, y: number): PageChar => ({ char: c, x, y, size: 12.9, font: 'NotoSerifSC-Regular', left: x - 4.5, top: y - 4.5, width: 9, fontSize: 9 });
    // Upper band (y < 391): a column at x 174.3 and the next at 159.4, sideways digits a little off each;
    // lower band (y > 409): a 分目 heading centred between the two (x 166.5).
    const page = [
      ...[...'甲乙丙丁'].map((c, i) => char(c, 174.3, 80 + i * 9)),
      ...[...'子丑寅卯'].map((c, i) => char(c, 159.4, 80 + i * 9)),
      char('3', 172.1, 165.9),
      char('6', 161.6, 386.9),
      ...[...'协商议政'].map((c, i) => char(c, 166.5, 560 + i * 10)),
    ];
    const texts = printedLines([page], 'vertical', () => true, { gutters: () => [[390.9, 408.9]] }).map((line) => line.text);
    expect(texts.some((text) => text.startsWith('甲乙丙丁'))).toBe(true);
    expect(texts.some((text) => text.startsWith('子丑寅卯'))).toBe(true);
    expect(texts).toContain('协商议政');
  });
});

describe('a vertical book’s line-start check', () => {
  const char = (c: string, y: number): PageChar => ({ char: c, x: 100, y, size: 13.03, font: 'NotoSerifSC-Regular', left: 95.5, top: y - 4.5, width: 9, fontSize: 9 });
  it('reads a column of text, its characters an em apart, as a line', () => {
    expect(setDown([...'，这是一列文字'].map((c, i) => char(c, 60 + i * 9)))).toBe(true);
  });
  it('does not read the cells of a table set across, one row pitch apart, as a line', () => {
    expect(setDown([...'，件批人期'].map((c, i) => char(c, 60 + i * 22.5)))).toBe(false);
  });
});
