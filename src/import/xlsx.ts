import ExcelJS from 'exceljs';
import { format as formatNumber } from 'numfmt';
import { normalizeChineseText } from '../normalize/text.js';
import { readZip, storedZip } from './zip.js';
import { checkOoxml } from './sniff.js';
import { readSheetTable, type SheetGrid } from './sheet-table.js';
import { tableNode } from './phrasing.js';
import { TABLE_TITLE, numberedTitle } from './docx-blocks.js';
import { countCharacters, type Difference } from './accounting.js';
import { finishManuscript, type Body, type ImportedManuscript, type Notes } from './manuscript.js';
import { badInput, note, where } from './messages.js';

export interface XlsxOptions {
  file: string;
  source?: string;
  /** Only this sheet (by name). */
  sheet?: string;
}

/** Cells of a sheet's used range read at most: a statistics table has thousands; a stray cell at XFD1048576 would make billions. */
export const MAX_SHEET_CELLS = 250_000;

const excelSerial = (date: Date) => date.getTime() / 86_400_000 + 25_569;

/** A cell as the sheet displays it: numbers and dates through their number format (numfmt, MIT: Excel's format codes). */
export function displayedText(cell: ExcelJS.Cell, onMissingResult: () => void): { text: string; numeric: boolean } {
  let value: unknown = cell.value;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const object = value as { formula?: string; sharedFormula?: string; result?: unknown; richText?: { text: string }[]; text?: string; error?: string };
    if (object.formula !== undefined || object.sharedFormula !== undefined) {
      if (object.result === undefined) onMissingResult();
      value = object.result;
    } else if (object.richText) value = object.richText.map((r) => r.text).join('');
    else if (object.error) value = object.error;
    else if (object.text !== undefined) value = object.text;
  }
  if (value && typeof value === 'object' && 'error' in (value as object)) value = (value as { error: string }).error;
  if (value === null || value === undefined) return { text: '', numeric: false };
  const pattern = cell.numFmt || 'General';
  const show = (number: number) => {
    try {
      return formatNumber(pattern, number);
    } catch {
      return formatNumber('General', number);
    }
  };
  if (typeof value === 'number') return { text: show(value), numeric: true };
  if (value instanceof Date) return { text: show(excelSerial(value)), numeric: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', numeric: false };
  return { text: String(value), numeric: false };
}

function gridOf(sheet: ExcelJS.Worksheet, notes: Notes, file: string): SheetGrid {
  const rows = sheet.rowCount;
  const columns = sheet.columnCount;
  if (rows * columns > MAX_SHEET_CELLS) throw badInput.sheetTooLarge(file, sheet.name, rows, columns);
  const grid: SheetGrid = { text: [], numeric: [], merges: [] };
  for (let r = 1; r <= rows; r += 1) {
    const row = sheet.getRow(r);
    const texts: string[] = [];
    const numeric: boolean[] = [];
    for (let c = 1; c <= columns; c += 1) {
      const cell = row.getCell(c);
      const shown = cell.isMerged && cell.master !== cell ? { text: '', numeric: false } : displayedText(cell, () => notes.push({ text: note.formulaWithoutValue(cell.address), warning: 'formula' }));
      texts.push(shown.text.replace(/\r?\n/g, ' '));
      numeric.push(shown.numeric);
    }
    grid.text.push(texts);
    grid.numeric.push(numeric);
  }
  for (const range of (sheet.model as { merges?: string[] }).merges ?? []) {
    const [from, to] = range.split(':').map((address) => sheet.getCell(address));
    if (from && to) grid.merges.push({ top: Number(from.row) - 1, left: Number(from.col) - 1, bottom: Number(to.row) - 1, right: Number(to.col) - 1 });
  }
  return grid;
}

function sheetManuscript(sheet: ExcelJS.Worksheet, options: XlsxOptions, several: boolean): ImportedManuscript | { skipped: string } {
  const notes: Notes = [];
  const grid = gridOf(sheet, notes, options.file);
  const source = countCharacters(grid.text.flat().join('\n'));
  const read = readSheetTable(grid);
  if (!read) return { skipped: 'it holds no table (no row with two filled cells)' };
  const body: Body = { nodes: [], footnotes: [], paragraphs: 0, tables: 1, images: [], pictures: 0 };
  const paragraph = (value: string) => {
    body.nodes.push({ type: 'paragraph', children: [{ type: 'text', value }] });
    body.paragraphs += 1;
  };
  const differences: Difference[] = [];
  let title: string;
  if (read.title) {
    const numbered = TABLE_TITLE.test(read.title);
    paragraph(numbered ? numberedTitle(read.title) : normalizeChineseText(read.title));
    title = normalizeChineseText(numbered ? read.title.replace(TABLE_TITLE, '').replace(/^[\s\u3000:：.．、]+/u, '') : read.title);
    differences.push({ where: where.titleRepeated, counts: negative(countCharacters(title)) });
  } else {
    title = sheet.name;
    notes.push({ text: note.tableNoTitle(1), warning: 'table' });
    differences.push({ where: where.sheetName, counts: negative(countCharacters(title)) });
  }
  for (const line of read.above) paragraph(normalizeChineseText(line));
  if (read.unit) paragraph(normalizeChineseText(read.unit.replace(/\s+/g, '')));
  const table = tableNode({ rows: read.table.rows.map((row) => ({ ...row, cells: row.cells.map((cell) => ({ ...cell, text: normalizeChineseText(cell.text) })) })) });
  body.nodes.push(table.node);
  if (table.html) notes.push({ text: note.tableAsHtml(title) });
  for (const line of read.below) paragraph(normalizeChineseText(line));
  return finishManuscript({
    file: options.file,
    front: { title, ...(options.source ? { source: options.source } : {}) },
    body,
    notes,
    source,
    differences,
    ...(several ? { part: sheet.name } : {}),
  });
}

const negative = (c: { han: number; latin: number; digits: number }) => ({ han: -c.han, latin: -c.latin, digits: -c.digits });

/**
 * An Excel workbook (.xlsx) → one table manuscript per visible sheet (or the one named), read by
 * exceljs (MIT) from a zip whose sizes were checked first. Hidden and empty sheets are skipped and
 * said so in the first manuscript's report.
 */
export async function importXlsx(bytes: Buffer, options: XlsxOptions): Promise<ImportedManuscript[]> {
  const entries = await readZip(bytes, options.file);
  checkOoxml(entries, 'xlsx', options.file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(storedZip(entries) as unknown as ArrayBuffer);
  } catch (error) {
    throw badInput.corruptZip(options.file, String((error as Error).message).split('\n')[0]!);
  }
  const names = workbook.worksheets.map((s) => s.name);
  if (options.sheet !== undefined && !names.includes(options.sheet)) throw badInput.noSheet(options.file, options.sheet, names);
  const chosen = workbook.worksheets.filter((s) => (options.sheet !== undefined ? s.name === options.sheet : s.state === 'visible'));
  const skipped: string[] = workbook.worksheets.filter((s) => options.sheet === undefined && s.state !== 'visible').map((s) => note.sheetSkipped(s.name, 'it is hidden'));
  const several = chosen.length > 1;
  const manuscripts: ImportedManuscript[] = [];
  for (const sheet of chosen) {
    const result = sheetManuscript(sheet, options, several);
    if ('skipped' in result) skipped.push(note.sheetSkipped(sheet.name, result.skipped));
    else manuscripts.push(result);
  }
  if (!manuscripts.length) throw badInput.emptyDocument(options.file);
  for (const text of skipped) manuscripts[0]!.report.message(text, { ruleId: 'sheet', source: 'paiban-import' }).fatal = false;
  return manuscripts;
}
