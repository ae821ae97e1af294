/** Excel submissions (src/import/xlsx.ts, sheet-table.ts): a table manuscript per sheet with title, unit, merged header rows, number formats as displayed, notes. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importXlsx } from '../src/import/xlsx.js';
import { readSheetTable } from '../src/import/sheet-table.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { checkManuscript } from '../src/check/check.js';
import { loadHtmlStages } from '../src/check/lost-text.js';
import { statsWorkbook } from './helpers/submissions.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the statistics office’s workbook', async () => {
  const manuscripts = await importXlsx(await statsWorkbook(), { file: 'stats.xlsx', source: '../raw/stats.xlsx' });
  const [economy, people] = manuscripts;

  it('makes one manuscript per visible sheet, named after it, and reports the hidden one', () => {
    expect(manuscripts.map((m) => m.part)).toEqual(['经济', '人口']);
    expect(economy!.report.messages.map((m) => m.reason)).toContain('sheet “底稿” skipped: it is hidden');
  });

  it('puts the title, the unit, the table with its merged header and the notes in the order the typesetting reads', () => {
    expect(parseManuscript(economy!.markdown, 'stats.md').meta).toEqual({ title: '2024年主要经济指标', source: '../raw/stats.xlsx' });
    const body = economy!.markdown.replace(/^---[\s\S]*?---\n\n/, '');
    expect(body).toBe(
      [
        '表2\u30002024年主要经济指标',
        '单位：万元',
        '<table><thead><tr><th rowspan="2">指标</th><th colspan="2">总量</th><th rowspan="2">增长</th></tr><tr><th>2023年</th><th>2024年</th></tr></thead>' +
          '<tbody><tr><td>地区生产总值</td><td align="right">1,234,567.89</td><td align="right">1,302,468.5</td><td align="right">5.5%</td></tr>' +
          '<tr><td>一般公共预算收入</td><td align="right">98,765.40</td><td align="right">101,234.3</td><td align="right">2.5%</td></tr></tbody></table>',
        '注：2024年为快报数。',
        '资料来源：区统计局\n',
      ].join('\n\n'),
    );
  });

  it('writes a sheet without merged cells as a GFM table, thousands separators as displayed', () => {
    expect(people!.markdown).toContain('表3\u30002024年末人口\n\n| 项目   |      人数 |\n| ---- | ------: |\n| 户籍人口 | 412,345 |');
  });

  it('accounts for every character (the title said twice is the only difference) and is a manuscript `paiban check` accepts', async () => {
    await loadHtmlStages();
    for (const manuscript of manuscripts) {
      expect(manuscript.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
      expect(checkManuscript(manuscript.markdown, path.join(repo, 'manuscripts', 'stats.md'), repo).messages.map((m) => m.reason)).toEqual([]);
    }
  });

  it('imports the one sheet asked for, and names the sheets when the name is wrong', async () => {
    expect((await importXlsx(await statsWorkbook(), { file: 'stats.xlsx', sheet: '人口' })).map((m) => m.part)).toEqual([undefined]);
    await expect(importXlsx(await statsWorkbook(), { file: 'stats.xlsx', sheet: '财政' })).rejects.toThrow('has no sheet named "财政"; its sheets are "经济", "人口", "底稿".');
  });

  it('warns of a formula without a computed value', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('表');
    sheet.addRow(['项目', '数']);
    sheet.addRow(['合计', { formula: 'SUM(B3:B4)' }]);
    const [manuscript] = await importXlsx(Buffer.from(await workbook.xlsx.writeBuffer()), { file: 'f.xlsx' });
    expect(manuscript!.report.messages.map((m) => m.reason)).toContain('cell B2 holds a formula without a computed value: open the workbook in Excel or WPS, save it, and import again');
  });
});

describe('reading a sheet’s layout', () => {
  it('finds title, unit, header rows to the first number (extended over merges) and notes', () => {
    const text = [
      ['表5 分乡镇人口', '', ''],
      ['', '', '单位：人'],
      ['乡镇', '人口', ''],
      ['', '男', '女'],
      ['金积镇', '100', '98'],
      ['注：抽样数。', '', ''],
    ];
    const numeric = text.map((row, r) => row.map((_cell, c) => r === 4 && c > 0));
    const merges = [{ top: 0, left: 0, bottom: 0, right: 2 }, { top: 2, left: 0, bottom: 3, right: 0 }, { top: 2, left: 1, bottom: 2, right: 2 }];
    const read = readSheetTable({ text, numeric, merges })!;
    expect(read.title).toBe('表5 分乡镇人口');
    expect(read.unit).toBe('单位：人');
    expect(read.below).toEqual(['注：抽样数。']);
    expect(read.table.rows.map((row) => [row.header, row.cells.map((c) => `${c.text}:${c.colSpan}x${c.rowSpan}`)])).toEqual([
      [true, ['乡镇:1x2', '人口:2x1']],
      [true, ['男:1x1', '女:1x1']],
      [false, ['金积镇:1x1', '100:1x1', '98:1x1']],
    ]);
  });

  it('finds no table in a sheet of single lines', () => {
    expect(readSheetTable({ text: [['只有一行字']], numeric: [[false]], merges: [] })).toBeUndefined();
  });
});
