import type { TableData } from './phrasing.js';
import { UNIT_LINE } from './docx-blocks.js';

/** A sheet as it displays: the text of each cell (rows and columns from 0), which cells hold numbers, the merged ranges. */
export interface SheetGrid {
  text: string[][];
  numeric: boolean[][];
  /** Inclusive, 0-based. */
  merges: { top: number; left: number; bottom: number; right: number }[];
}

/** A statistics sheet read as a yearbook table: title and unit above, header rows, body, notes below. */
export interface SheetTable {
  title?: string;
  /** Lines above the table that are neither the title nor the unit (a subtitle, a date). */
  above: string[];
  unit?: string;
  table: TableData;
  below: string[];
}

const filled = (row: readonly string[]) => row.filter((cell) => cell.trim() !== '').length;

/**
 * Written by hand: no library reads the layout of a statistics sheet. The table is the rows from the
 * first to the last with two or more filled cells (or a cell merged across columns); single-cell
 * rows above it are the title (the first), the unit (单位：…) and other lines; single-cell rows below
 * are notes. Header rows run until the first row with a number, extended to the bottom of any merge
 * that starts in them.
 */
export function readSheetTable(grid: SheetGrid): SheetTable | undefined {
  const rows = grid.text.length;
  const wide = (r: number) => filled(grid.text[r]!) >= 2 || grid.merges.some((m) => m.top <= r && m.bottom >= r && m.right > m.left && m.top !== m.bottom);
  let first = 0;
  while (first < rows && !wide(first)) first += 1;
  if (first === rows) return undefined;
  let last = rows - 1;
  while (last > first && !wide(last)) last -= 1;

  const lines = (from: number, to: number) => grid.text.slice(from, to).map((row) => row.filter((c) => c.trim()).join(' ').trim()).filter(Boolean);
  const above = lines(0, first);
  const below = lines(last + 1, rows);
  // A unit may also stand alone in the last column of the row above the table, or in the table's first row.
  let unit = above.find((line) => UNIT_LINE.test(line));
  const title = above.find((line) => line !== unit);
  const firstRow = grid.text[first]!;
  const unitCell = firstRow.findIndex((cell) => UNIT_LINE.test(cell.trim()));
  let tableTop = first;
  if (!unit && unitCell !== -1 && filled(firstRow) <= 2) {
    unit = firstRow[unitCell]!.trim();
    tableTop += 1;
  }

  let columns = { left: Number.POSITIVE_INFINITY, right: -1 };
  for (let r = tableTop; r <= last; r += 1) {
    grid.text[r]!.forEach((cell, c) => {
      if (cell.trim()) columns = { left: Math.min(columns.left, c), right: Math.max(columns.right, c) };
    });
  }
  let headerEnd = tableTop;
  while (headerEnd <= last && !grid.numeric[headerEnd]!.some((n, c) => n && c > columns.left)) headerEnd += 1;
  if (headerEnd > last || headerEnd === tableTop) headerEnd = tableTop + 1;
  for (const merge of grid.merges) if (merge.top >= tableTop && merge.top < headerEnd && merge.bottom >= headerEnd) headerEnd = Math.min(last + 1, merge.bottom + 1);

  const covered = new Set<string>();
  const table: TableData = { rows: [] };
  for (let r = tableTop; r <= last; r += 1) {
    const cells: TableData['rows'][number]['cells'] = [];
    for (let c = columns.left; c <= columns.right; c += 1) {
      if (covered.has(`${r},${c}`)) continue;
      const merge = grid.merges.find((m) => m.top === r && m.left === c);
      const bottom = merge ? Math.min(merge.bottom, last, r < headerEnd ? headerEnd - 1 : last) : r;
      const right = merge ? Math.min(merge.right, columns.right) : c;
      for (let rr = r; rr <= bottom; rr += 1) for (let cc = c; cc <= right; cc += 1) covered.add(`${rr},${cc}`);
      cells.push({ text: (grid.text[r]![c] ?? '').trim(), colSpan: right - c + 1, rowSpan: bottom - r + 1 });
    }
    table.rows.push({ cells, header: r < headerEnd });
  }
  return {
    ...(title !== undefined ? { title } : {}),
    above: above.filter((line) => line !== title && line !== unit),
    ...(unit !== undefined ? { unit } : {}),
    table,
    below,
  };
}
