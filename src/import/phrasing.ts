import type { PhrasingContent, RootContent, Table, TableCell as MdastCell } from 'mdast';
import { normalizeChineseText } from '../normalize/text.js';
import { htmlText } from '../util/escape.js';
import type { Segment } from './docx-model.js';

/**
 * Formatted segments → mdast phrasing, each text normalized as the raw-text import does (full-width
 * punctuation, spaces between Han and Latin or digits, year ranges). The paragraph's own indent
 * (spaces, U+3000) goes: the stylesheet indents.
 */
export function toPhrasing(segments: readonly Segment[]): PhrasingContent[] {
  const trimmed = trimSegments(segments);
  return trimmed.flatMap((segment): PhrasingContent[] => {
    if ('note' in segment) return [{ type: 'footnoteReference', identifier: segment.note, label: segment.note }];
    const value = normalizeChineseText(segment.text);
    if (!value) return [];
    const { format } = segment;
    if (format.sup || format.sub) {
      const tag = format.sup ? 'sup' : 'sub';
      return [{ type: 'html', value: `<${tag}>${htmlText(value)}</${tag}>` }];
    }
    let node: PhrasingContent = { type: 'text', value };
    if (format.italic) node = { type: 'emphasis', children: [node] };
    if (format.bold) node = { type: 'strong', children: [node] };
    if (format.strike) node = { type: 'delete', children: [node] };
    return [node];
  });
}

/** The segments without leading and trailing white space (U+3000 included) and without empty texts. */
export function trimSegments(segments: readonly Segment[]): Segment[] {
  const result = segments.map((s) => ('text' in s ? { ...s } : s));
  const first = result.findIndex((s) => !('text' in s) || s.text.trim() !== '');
  if (first === -1) return [];
  let last = result.length - 1;
  while (last > first && 'text' in result[last]! && (result[last] as { text: string }).text.trim() === '') last -= 1;
  const kept = result.slice(first, last + 1);
  const head = kept[0]!;
  if ('text' in head) head.text = head.text.replace(/^[\s\u3000]+/, '');
  const tail = kept[kept.length - 1]!;
  if ('text' in tail) tail.text = tail.text.replace(/[\s\u3000]+$/, '');
  return kept.filter((s) => !('text' in s) || s.text !== '');
}

/** The segments after the first `count` characters (code units) of their text. */
export function dropLeading(segments: readonly Segment[], count: number): Segment[] {
  const result: Segment[] = [];
  let left = count;
  for (const segment of segments) {
    if (!('text' in segment) || left <= 0) {
      if (left <= 0 || !('text' in segment)) result.push(segment);
      continue;
    }
    if (segment.text.length <= left) {
      left -= segment.text.length;
      continue;
    }
    result.push({ text: segment.text.slice(left), format: segment.format });
    left = 0;
  }
  return result;
}

/** A cell of a table: digits with separators, a sign, a decimal point, a percent sign. */
export const NUMERIC_CELL = /^[-+−]?[\d,，.]+%?$|^[-—–]$/;

export interface TableData {
  rows: { cells: { text: string; colSpan: number; rowSpan: number }[]; header: boolean }[];
}

/**
 * A table as mdast: GFM when it can express it (no merged cells, one line a cell), else the HTML
 * table the pipeline's sanitizer lets through (table, thead, tbody, tr, th, td with colspan/rowspan and
 * align). Columns whose body cells are all numbers are right-aligned.
 */
export function tableNode(data: TableData): { node: RootContent; html: boolean } {
  const rows = data.rows.filter((row) => row.cells.length);
  const headerRows = Math.max(1, rows.findIndex((row) => !row.header) === -1 ? rows.length : rows.findIndex((row) => !row.header));
  const widths = rows.map((row) => row.cells.reduce((sum, cell) => sum + cell.colSpan, 0));
  const columns = Math.max(0, ...widths);
  const merged = rows.some((row) => row.cells.some((cell) => cell.colSpan > 1 || cell.rowSpan > 1)) || widths.some((w) => w !== columns);
  const numeric = numericColumns(rows.slice(headerRows), columns);
  if (!merged && headerRows === 1 && !rows.some((row) => row.cells.some((cell) => cell.text.includes('\n')))) {
    const table: Table = {
      type: 'table',
      align: Array.from({ length: columns }, (_, i) => (numeric[i] ? 'right' : null)),
      children: rows.map((row) => ({ type: 'tableRow', children: row.cells.map((cell): MdastCell => ({ type: 'tableCell', children: cell.text ? [{ type: 'text', value: cell.text }] : [] })) })),
    };
    return { node: table, html: false };
  }
  const line = (row: TableData['rows'][number], header: boolean) => {
    let column = 0;
    const cells = row.cells.map((cell) => {
      const tag = header ? 'th' : 'td';
      const attributes = `${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ''}${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ''}${!header && numeric[column] ? ' align="right"' : ''}`;
      column += cell.colSpan;
      return `<${tag}${attributes}>${cell.text.split('\n').map(htmlText).join('<br>')}</${tag}>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  };
  const head = rows.slice(0, headerRows).map((row) => line(row, true));
  const body = rows.slice(headerRows).map((row) => line(row, false));
  const html = ['<table>', `<thead>${head.join('')}</thead>`, body.length ? `<tbody>${body.join('')}</tbody>` : '', '</table>'].join('');
  return { node: { type: 'html', value: html }, html: true };
}

function numericColumns(rows: TableData['rows'], columns: number): boolean[] {
  const numeric = Array.from({ length: columns }, () => ({ numbers: 0, other: 0 }));
  for (const row of rows) {
    let column = 0;
    for (const cell of row.cells) {
      if (cell.colSpan === 1 && cell.text && numeric[column]) numeric[column]![NUMERIC_CELL.test(cell.text) ? 'numbers' : 'other'] += 1;
      column += cell.colSpan;
    }
  }
  return numeric.map((c) => c.numbers > 0 && c.other === 0);
}
