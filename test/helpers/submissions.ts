/**
 * Submissions as a yearbook's work units send them, made in the tests: a unit's Word file (Chinese
 * heading styles, bold 【】 条目, a merged-cell table, a photo with its caption, a footnote, a tracked
 * change, a comment, a page-number field), the statistics office's workbook (merged header, number
 * formats), and the sample articles written as Word files.
 */
import ExcelJS from 'exceljs';
import { importText } from '../../src/normalize/import.js';
import * as D from './docx.js';

export function unitDocx(): Buffer {
  const body = [
    D.paragraph('利通区政协办公室2024年工作', { style: '1' }),
    D.paragraph('团结联合', { style: '2' }),
    D.paragraph([D.run('【政协全会】', { bold: true }), D.run('1月5日,区政协五届三次会议召开'), D.footnoteRef(1), D.run('。')]),
    D.paragraph([D.run('委员培训', { bold: true }), D.run('全年举办培训 4 场，'), D.inserted('覆盖委员580人次，'), D.deleted('内容待补，'), D.run('提升履职能力。')]),
    D.paragraph('民主监督', { style: 'Heading2' }),
    D.paragraph('专项视察', { style: '3' }),
    D.paragraph([D.run('围绕“农村生活污水治理”开展专项民主监督6场次'), D.commentRange(7, '（数字待核）'), D.run('。')]),
    D.paragraph('表1 2024年提案办理情况 单位：件'),
    D.table([[{ text: '类别', merge: 'restart' }, { text: '提案', span: 2 }], [{ text: '', merge: 'continue' }, '立案', '办复'], ['经济', '1,234', '1,230'], ['社会', '56', '56']], { headerRows: 2 }),
    D.paragraph('注：数据截至2024年12月31日。'),
    D.paragraph([D.image('rIdPhoto')]),
    D.paragraph('图1 委员视察现场', { style: 'a4' }),
    D.paragraph('自身建设', { outline: 1 }),
    D.paragraph([D.run('第'), D.field('PAGE', '3'), D.run('页')]),
  ].join('');
  return D.docx({
    body,
    footnotes: ['五届三次会议于1月5日至7日召开。'],
    comments: [{ id: 7, author: '王五', text: '请核实数字' }],
    media: { rIdPhoto: { bytes: D.PNG_1X1, type: 'image/png' } },
    header: '利通区政协 工作年鉴',
  });
}

/** One of the sample articles (raw/*.txt) as an editor would have it in Word: its blocks as the raw import reads them, unnormalized, with Word styles. */
export function sampleAsDocx(raw: string): Buffer {
  const { blocks } = importText(raw, 'raw.txt');
  const body = blocks.flatMap((block) => {
    if (block.kind === 'title') return [D.paragraph(block.text, { style: '1' })];
    if (block.kind === 'subtitle') return [D.paragraph(block.text, { style: 'a6' })];
    if (block.kind === 'byline') return [];
    if (block.kind === 'heading') return [D.paragraph(block.text, { style: '2' })];
    if (block.kind === 'caption') return [D.paragraph(block.text, { style: 'a4' })];
    return [D.paragraph(block.text)];
  });
  return D.docx({ body: body.join('') });
}

export async function statsWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('经济');
  sheet.mergeCells('A1:D1');
  sheet.getCell('A1').value = '表2 2024年主要经济指标';
  sheet.getCell('D2').value = '单位：万元';
  sheet.mergeCells('A3:A4');
  sheet.getCell('A3').value = '指标';
  sheet.mergeCells('B3:C3');
  sheet.getCell('B3').value = '总量';
  sheet.getCell('B4').value = '2023年';
  sheet.getCell('C4').value = '2024年';
  sheet.mergeCells('D3:D4');
  sheet.getCell('D3').value = '增长';
  const rows: [string, number, number, number][] = [
    ['地区生产总值', 1234567.891, 1302468.5, 0.055],
    ['一般公共预算收入', 98765.4, 101234.25, 0.025],
  ];
  rows.forEach(([name, before, now, growth], i) => {
    const row = 5 + i;
    sheet.getCell(`A${row}`).value = name;
    sheet.getCell(`B${row}`).value = before;
    sheet.getCell(`B${row}`).numFmt = '#,##0.00';
    sheet.getCell(`C${row}`).value = { formula: `B${row}*1.05`, result: now } as ExcelJS.CellFormulaValue;
    sheet.getCell(`C${row}`).numFmt = '#,##0.0';
    sheet.getCell(`D${row}`).value = growth;
    sheet.getCell(`D${row}`).numFmt = '0.0%';
  });
  sheet.getCell('A8').value = '注：2024年为快报数。';
  sheet.getCell('A9').value = '资料来源：区统计局';
  const people = workbook.addWorksheet('人口');
  people.getCell('A1').value = '表3 2024年末人口';
  people.addRow(['项目', '人数']);
  people.addRow(['户籍人口', 412345]);
  people.getCell('B3').numFmt = '#,##0';
  const hidden = workbook.addWorksheet('底稿');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = '不印';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
