/** The reading order of laid-out pages (src/import/pdf-layout.ts), and a small two-column PDF made here through the whole PDF import. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { gutterOf, linesOf, rawTextOf, readingOrder, removeMargins, type PlacedText } from '../src/import/pdf-layout.js';
import { importPdf } from '../src/import/pdf.js';

/** A line of CJK text as pdf.js reports it: one item per run, 10 pt a character. */
const item = (text: string, x: number, y: number, size = 10): PlacedText => ({ text, x, y, width: [...text].length * size, size });

describe('lines', () => {
  it('joins the items of one baseline, and splits them at a gutter wider than a character', () => {
    const lines = linesOf([item('左栏第一', 50, 100), item('行文字', 90, 100.5), item('右栏', 220, 100)]);
    expect(lines.map((l) => [l.text, l.x0, l.x1])).toEqual([
      ['左栏第一行文字', 50, 120],
      ['右栏', 220, 240],
    ]);
  });

  it('puts a space between Latin words set as separate items, none between Han', () => {
    expect(linesOf([{ text: 'annual', x: 10, y: 10, width: 30, size: 10 }, { text: 'report', x: 43, y: 10, width: 30, size: 10 }])[0]!.text).toBe('annual report');
    expect(linesOf([item('年鉴', 10, 10), item('编纂', 30, 10)])[0]!.text).toBe('年鉴编纂');
  });
});

describe('running heads and folios', () => {
  it('drops the top and bottom lines that are page numbers or recur on two pages, and nothing else', () => {
    const page = (n: number) => ({
      page: { width: 300, height: 400, items: [] },
      lines: linesOf([item('利通区年鉴', 100, 20, 7), item(`正文第${n}页的第一行。`, 50, 70), item('正文的第二行。', 50, 90), item(String(n), 150, 390, 7)]),
    });
    const { pages, removed } = removeMargins([page(1), page(2), page(3)]);
    expect(pages.map((lines) => lines.map((l) => l.text))).toEqual([
      ['正文第1页的第一行。', '正文的第二行。'],
      ['正文第2页的第一行。', '正文的第二行。'],
      ['正文第3页的第一行。', '正文的第二行。'],
    ]);
    expect(removed).toEqual({ runningHeads: ['利通区年鉴', '利通区年鉴', '利通区年鉴'], folios: ['1', '2', '3'] });
  });
});

describe('columns', () => {
  const left = [1, 2, 3, 4].map((n) => item(`左${n}左左左左左`, 40, 60 + n * 20));
  const right = [1, 2, 3, 4].map((n) => item(`右${n}右右右右右`, 170, 60 + n * 20));

  it('finds the gutter of two columns, and none in one column', () => {
    expect(gutterOf(linesOf([...left, ...right]), 300)).toBeGreaterThan(110);
    expect(gutterOf(linesOf([...left, ...right]), 300)).toBeLessThan(170);
    expect(gutterOf(linesOf(left), 300)).toBeUndefined();
  });

  it('reads the left column, then the right; a title across both starts the columns again below it', () => {
    const title = item('横跨两栏的标题横跨两栏的标题横跨两栏', 40, 50, 12);
    const spanning = item('又一个横跨两栏的标题横跨两栏的标题', 40, 170, 12);
    const below = [1, 2, 3].flatMap((n) => [item(`下${n}下左下左`, 40, 180 + n * 20), item(`再${n}下右下右`, 170, 180 + n * 20)]);
    const lines = linesOf([title, ...left, ...right, spanning, ...below]);
    const order = readingOrder(lines, gutterOf(lines, 300)).map((column) => column.map((l) => l.text[0]).join(''));
    expect(order).toEqual(['横', '左左左左', '右右右右', '又', '下下下', '再再再']);
  });
});

describe('raw text for the raw-text import', () => {
  it('marks an indented line as a paragraph start, sets a heading apart, joins a wrapped heading and a hyphenated word', () => {
    const column = linesOf([
      item('一个分栏中的很长的标题文字一个分栏中的很', 40, 40, 12),
      item('长标题', 60, 55, 12),
      item('第一段开头', 60, 80),
      item('第一段第二行第一段第二行', 40, 95),
      { text: 'a hyphen-', x: 40, y: 110, width: 100, size: 10 },
      { text: 'ated word', x: 40, y: 125, width: 100, size: 10 },
    ]);
    expect(rawTextOf([column])).toBe('一个分栏中的很长的标题文字一个分栏中的很长标题\n\n\u3000第一段开头\n第一段第二行第一段第二行\na hyphenated word\n');
  });
});

describe('a two-column PDF through the import', () => {
  it('comes out column by column, folios gone, paragraphs joined across the column break', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    const page = document.addPage([400, 500]);
    const words = (n: number) => Array.from({ length: 3 }, (_, i) => `word${n}x${i}`).join(' ');
    const leftLines = ['The first paragraph starts', words(1), words(2), words(3), words(4), 'and ends here.'];
    const rightLines = ['The second paragraph', words(5), words(6), words(7), words(8), 'ends there too.'];
    // The first line of a paragraph is indented by two characters.
    leftLines.forEach((text, i) => page.drawText(text, { x: i ? 30 : 50, y: 450 - i * 14, size: 10, font }));
    rightLines.forEach((text, i) => page.drawText(text, { x: i ? 215 : 235, y: 450 - i * 14, size: 10, font }));
    page.drawText('7', { x: 198, y: 20, size: 8, font });
    const result = await importPdf(Buffer.from(await document.save()), { file: 'two.pdf' });
    const body = result.markdown.replace(/^---[\s\S]*?---\n\n/, '');
    expect(body.split('\n\n')).toEqual([`The first paragraph starts ${words(1)} ${words(2)} ${words(3)} ${words(4)} and ends here.`, `The second paragraph ${words(5)} ${words(6)} ${words(7)} ${words(8)} ends there too.\n`]);
    expect(result.report.messages.map((m) => m.reason)).toContain('1 folios removed (e.g. “7”)');
    expect(result.report.messages.map((m) => m.reason)).toContain('line numbers in this report are lines of the text read from the PDF; where each page starts: page 1: 1');
  });
});
