/**
 * Proof building blocks without Chromium: the contact sheet's layout (checked against the layout rule
 * written out here), PPM streaming, paragraph recovery from line boxes, the mistakes a user can make, and
 * page-by-page diffs of small PDFs drawn with pdf-lib (pages added and removed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, ReadingDirection as PdfReadingDirection, rgb, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaibanError } from '../src/util/errors.js';
import { chapterNames, contactSheetLayout, renderContactSheet, spreads, type ReadingDirection } from '../src/proof/contact-sheet.js';
import { contactSheetHtml } from '../src/proof/contact-sheet-html.js';
import { diffPdfs } from '../src/proof/diff.js';
import { proofIndexHtml } from '../src/proof/index-html.js';
import { pageImageName, renderPageImages, splitRange } from '../src/proof/page-images.js';
import { joinSplitLines, movedParagraphs, paragraphsOf } from '../src/proof/paragraphs.js';
import { readPng } from '../src/proof/png.js';
import type { RgbImage } from '../src/proof/raster.js';
import { proofPdf } from '../src/proof/watermark.js';
import { linesOfPage, type TextLine, type TextPage } from '../src/proof/text-lines.js';
import { pdfiumChars } from '../src/proof/page-chars.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-proof-unit-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function pixel(image: RgbImage, x: number, y: number): number[] {
  const o = (y * image.width + x) * 3;
  return [image.data[o]!, image.data[o + 1]!, image.data[o + 2]!];
}

describe('contact sheet', () => {
  // The layout rule, written out independently of the code: page 1 alone, then pairs; every spread a
  // cell two thumbnails wide; 5 cells a row; 16 px gaps around and between; a 38 px label band per row
  // (page numbers, then the chapter name).
  const [tw, gap, label, perRow] = [60, 16, 38, 5];
  const th = Math.round((tw * 595) / 420);

  for (const direction of ['ltr', 'rtl'] as ReadingDirection[]) {
    for (const count of [1, 2, 3, 19]) {
      it(`${count} page${count > 1 ? 's' : ''}, ${direction}: size from the rule, every page in its half of its spread`, () => {
        const layout = contactSheetLayout(count, tw, th, { direction });
        const spreadCount = 1 + Math.floor(count / 2);
        const columns = Math.min(spreadCount, perRow);
        const rows = Math.ceil(spreadCount / perRow);
        expect([layout.width, layout.height]).toEqual([gap + columns * (2 * tw + gap), gap + rows * (th + label + gap)]);
        expect(layout.slots.map((slot) => slot.page)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
        for (const slot of layout.slots) {
          const spread = Math.floor(slot.page / 2);
          const column = spread % perRow;
          const visual = direction === 'ltr' ? column : columns - 1 - column;
          // Horizontal: odd pages (rectos) on the right; vertical: on the left.
          const half = (slot.page % 2 === 1) === (direction === 'ltr') ? 1 : 0;
          expect(slot, `page ${slot.page}`).toEqual({ page: slot.page, x: gap + visual * (2 * tw + gap) + half * tw, y: gap + Math.floor(spread / perRow) * (th + label + gap), width: tw, height: th });
        }
        expect(layout.cells).toHaveLength(spreadCount);
      });
    }
  }

  it('takes options given as undefined for the defaults (horizontal, 100 px, 5 a row)', () => {
    const layout = contactSheetLayout(2, 100, 142, { direction: undefined, spreadsPerRow: undefined, gap: undefined });
    expect(layout.slots.map((s) => [s.page, s.x])).toEqual([[1, 16 + 100], [2, 16 + 216]]);
    expect(contactSheetLayout(2, tw, th, { labels: false }).height).toBe(gap + th + gap);
  });

  it('pairs pages as a book opens: 1 | 2 3 | 4 5 …, mirrored for vertical books', () => {
    expect(spreads(5, 'ltr')).toEqual([[null, 1], [2, 3], [4, 5]]);
    expect(spreads(4, 'ltr')).toEqual([[null, 1], [2, 3], [4, null]]);
    expect(spreads(5, 'rtl')).toEqual([[1, null], [3, 2], [5, 4]]);
    expect(spreads(2, 'rtl')).toEqual([[1, null], [null, 2]]);
  });

  it('names under each spread the chapter that opens on it or before it', () => {
    const layout = contactSheetLayout(9, tw, th);
    const names = chapterNames(layout.cells, [{ title: '第二章', page: 7 }, { title: '第一章', page: 3 }]).map((cell) => cell.chapter ?? '');
    // Spreads: 1 | 2 3 | 4 5 | 6 7 | 8 9.
    expect(names).toEqual(['', '第一章', '第一章', '第二章', '第二章']);
  });

  it('is an HTML page without script, its labels escaped, each thumbnail at its slot', () => {
    const layout = contactSheetLayout(3, tw, th);
    const html = contactSheetHtml({ layout, thumbnail: (page) => `${page}.png`, cells: [{ ...layout.cells[1]!, chapter: '<b>章</b> & "一"' }], fontCss: '', fontFamily: 'Noto Sans SC', labels: true });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#x3C;b>章&#x3C;/b> &#x26; "一"');
    expect(html).toContain(`<img src="2.png" alt="" style="left:${gap + 2 * tw + gap}px;top:${gap}px;width:${tw}px;height:${th}px">`);
    expect(html).toContain(`<div class="number" style="left:${gap + 3 * tw + gap}px;top:${gap + th + 2}px;width:${tw}px;height:16px">3</div>`);
  });
});

describe('page ranges', () => {
  it('splits pages into nearly equal consecutive ranges', () => {
    expect(splitRange(19, 2)).toEqual([[1, 10], [11, 19]]);
    expect(splitRange(1, 2)).toEqual([[1, 1]]);
    expect(pageImageName(7, 19)).toBe('page-007.png');
    expect(pageImageName(7, 1200)).toBe('page-0007.png');
  });
});

/** A text line as poppler would box it: 10.5 pt text, 15 pt boxes, 18.75 pt apart. */
function line(page: number, row: number, text: string, x = 45, end = 363): TextLine {
  const yMin = 58 + row * 18.75;
  return { page, xMin: x, yMin, xMax: end, yMax: yMin + 15, text };
}

/** Pages with a running head and a folio, and the given body lines. */
function textPages(bodies: TextLine[][]): TextPage[] {
  return bodies.map((lines, i) => ({
    page: i + 1,
    width: 420,
    height: 595,
    lines: [{ page: i + 1, xMin: 45, yMin: 37.8, xMax: 112, yMax: 48.7, text: '书名' }, ...lines, { page: i + 1, xMin: 45, yMin: 542.5, xMax: 50, yMax: 553.4, text: String(i + 1) }],
  }));
}

describe('paragraphs', () => {
  const first = [line(1, 0, '第一段开头缩进两字', 66), line(1, 1, '第一段第二行排满'), line(1, 2, '第一段末行', 45, 200), line(1, 3, '第二段开头', 66), line(1, 4, '第二段跨页')];
  const second = [line(2, 0, '第二段在下一页的末行', 45, 150), line(2, 1, '第三段独占一行', 66, 300)];
  const third = [line(3, 0, '第四段', 66, 200)];

  it('splits at indents and short last lines, joins across pages, drops heads and folios', () => {
    const paragraphs = paragraphsOf(textPages([first, second, third]));
    expect(paragraphs.map((p) => [p.key, p.startPage, p.endPage])).toEqual([
      ['第一段开头缩进两字第一段第二行排满第一段末行', 1, 1],
      ['第二段开头第二段跨页第二段在下一页的末行', 1, 2],
      ['第三段独占一行', 2, 2],
      ['第四段', 3, 3],
    ]);
  });

  it('removes the gaps poppler reports between Han text and numbers', () => {
    const [p] = paragraphsOf(textPages([[line(1, 0, '开展活动 16 次，共 3 批', 66, 200)], [], []]));
    expect(p?.text).toBe('开展活动16次，共3批');
  });

  it('reports a paragraph pushed to the next page, an edited one by its first 20 characters', () => {
    const before = paragraphsOf(textPages([first, second, third]));
    // One more line in the first paragraph pushes the third paragraph onto page 3.
    const grown = [line(1, 0, '第一段开头缩进两字', 66), line(1, 1, '第一段第二行排满'), line(1, 2, '第一段加了一行排满'), line(1, 3, '第一段末行', 45, 200), line(1, 4, '第二段开头', 66)];
    const after = paragraphsOf(textPages([grown, [line(2, 0, '第二段跨页'), line(2, 1, '第二段在下一页的末行', 45, 150)], [line(3, 0, '第三段独占一行', 66, 300), line(3, 1, '第四段', 66, 200)]]));
    expect(movedParagraphs(before, after)).toEqual([{ text: '第三段独占一行', fromPage: 2, toPage: 3 }]);
  });

  it('puts back a line poppler split where punctuation overlaps', () => {
    const split = [line(1, 0, '日”', 45, 66), line(1, 0, '“听证会”', 61, 115), line(1, 0, '“阳光分班”等活动', 110, 363)];
    expect(joinSplitLines(split)).toEqual([{ ...split[0], xMax: 363, text: '日”“听证会”“阳光分班”等活动' }]);
  });

  it('rebuilds lines from character places: rows on a horizontal page, columns on a vertical one, a space at a gap', () => {
    const char = (c: string, left: number, top: number) => ({ char: c, left, top, width: 10, size: 14.48, fontSize: 10, x: left + 5, y: top + 7.24, font: 'NotoSerifSC-Regular' });
    // Two rows: 甲乙 then, after an autospace gap, 16; and 丙 on the next row.
    const across = [char('甲', 45, 58), char('乙', 55, 58), char('1', 68, 58), char('6', 73, 58), char('丙', 45, 76)].map((c, i) => (i >= 2 && i < 4 ? { ...c, width: 5 } : c));
    expect(linesOfPage(across, 1)).toEqual([
      { page: 1, xMin: 45, yMin: 58, xMax: 78, yMax: 72.48, text: '甲乙 16' },
      { page: 1, xMin: 45, yMin: 76, xMax: 55, yMax: 90.48, text: '丙' },
    ]);
    // Two columns, right to left, each read top to bottom (quads overlap along a column: no spaces).
    const down = [char('甲', 300, 50), char('乙', 300, 60), char('丙', 300, 70), char('丁', 280, 50), char('戊', 280, 60)];
    expect(linesOfPage(down, 2).map((line) => line.text)).toEqual(['甲乙丙', '丁戊']);
  });
});

/** A PDF of A5 pages, each with a number drawn large, so every page renders differently. */
async function drawnPdf(file: string, labels: string[]): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const label of labels) pdf.addPage([420, 595]).drawText(label, { x: 60, y: 400, size: 90, font, color: rgb(0, 0, 0) });
  await writeFile(file, await pdf.save());
  return file;
}

describe('mistakes and odd inputs', () => {
  it('says so when the PDF is missing or is not a PDF', async () => {
    const notPdf = path.join(work, 'notes.pdf');
    await writeFile(notPdf, '这不是 PDF');
    const broken = path.join(work, 'broken.pdf');
    await writeFile(broken, '%PDF-1.7\nhalf a file');
    await expect(renderPageImages(path.join(work, 'missing.pdf'), work)).rejects.toThrow(PaibanError);
    await expect(renderPageImages(path.join(work, 'missing.pdf'), work)).rejects.toThrow(/missing\.pdf does not exist/);
    await expect(renderContactSheet(notPdf, path.join(work, 'sheet.png'))).rejects.toThrow(/notes\.pdf is not a PDF/);
    await expect(diffPdfs(notPdf, notPdf, { workDir: work })).rejects.toThrow(PaibanError);
    await expect(renderPageImages(broken, work)).rejects.toThrow(/broken\.pdf could not be read: it is not a PDF or it is damaged/);
  });

  it('counts pages added at the end as changed, and lists pages removed', async () => {
    const three = await drawnPdf(path.join(work, 'three.pdf'), ['1', '2', '3']);
    const four = await drawnPdf(path.join(work, 'four.pdf'), ['1', '2', 'X', '4']);
    const grown = await diffPdfs(three, four, { workDir: path.join(work, 'grown'), dpi: 30 });
    expect(grown).toMatchObject({ changedPages: [3, 4], removedPages: [], pageCountOld: 3, pageCountNew: 4 });
    expect(grown.diffImages.map((f) => path.basename(f))).toEqual(['diff-003.png', 'diff-004.png']);
    // The added page is drawn all red (its ink against a blank page) over the faded page.
    const added = await readPng(grown.diffImages[1]!);
    const reds = countColour(added, ([r, g, b]) => r! > 200 && g! < 60 && b! < 60);
    expect(reds).toBeGreaterThan(50);
    const shrunk = await diffPdfs(four, three, { workDir: path.join(work, 'grown'), dpi: 30 });
    expect(shrunk).toMatchObject({ changedPages: [3], removedPages: [4], pageCountOld: 4, pageCountNew: 3 });
    // The earlier run's diff-004.png is gone: the folder shows this diff only.
    expect(shrunk.diffImages.map((f) => path.basename(f))).toEqual(['diff-003.png']);
    await expect(readFile(path.join(work, 'grown', 'diff-004.png'))).rejects.toThrow();
  });
});

describe('proof copy', () => {
  it('numbers the lines of each page in the outer margin: 1, 5, 10', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.TimesRoman);
    const page = pdf.addPage([420, 595]);
    for (let i = 0; i < 12; i += 1) page.drawText(`Line of text number ${String.fromCharCode(65 + i)}`, { x: 60, y: 520 - i * 18, size: 12, font });
    const file = path.join(work, 'numbered.pdf');
    await writeFile(file, await proofPdf(await pdf.save()));
    // Word boxes (poppler puts a number on the same baseline into its line, so look at words).
    const words = [...execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]), yMid: (Number(m[2]) + Number(m[4])) / 2, xMax: Number(m[3]), text: m[5]!,
    }));
    const numbers = words.filter((w) => /^\d+$/.test(w.text));
    expect(numbers.map((w) => w.text)).toEqual(['1', '5', '10']);
    const rows = words.filter((w) => /^[A-L]$/.test(w.text)); // the last word of each text line
    expect(rows).toHaveLength(12);
    for (const n of numbers) {
      const row = rows[Number(n.text) - 1]!;
      expect(n.xMin).toBeGreaterThan(row.xMax); // page 1 is a recto: right margin
      expect(Math.abs(n.yMid - row.yMid)).toBeLessThan(4); // on its line
    }
  });

  it('refuses bytes that are not a PDF', async () => {
    await expect(proofPdf(new TextEncoder().encode('not a pdf'))).rejects.toThrow(PaibanError);
  });
});

describe('PDFium reading a book that turns its pages leftwards (/Direction /R2L, every vertical book)', () => {
  it('reads punctuation before a line\'s first letter as printed, not mirrored', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([300, 200]);
    page.drawText('(2024) [report] <b>', { x: 20, y: 150, size: 12, font });
    page.drawText('"quoted" {x}', { x: 20, y: 120, size: 12, font });
    const file = path.join(work, 'r2l.pdf');
    for (const direction of [PdfReadingDirection.L2R, PdfReadingDirection.R2L]) {
      pdf.catalog.getOrCreateViewerPreferences().setReadingDirection(direction);
      await writeFile(file, await pdf.save());
      const text = (await pdfiumChars(file))[0]!.map((c) => c.char).join('').replace(/\s/g, '');
      expect(text, direction).toBe('(2024)[report]<b>"quoted"{x}');
    }
  });
});

describe('index.html', () => {
  it('links pages, sheet and diff relatively, escapes the title, and has no script', () => {
    const dir = '/books/年鉴/out/proof';
    const html = proofIndexHtml(dir, {
      title: '年鉴 <校样> & "初稿"',
      pages: [1, 2].map((page) => ({ page, file: path.join(dir, `page-00${page}.png`), width: 584, height: 827 })),
      contactSheet: { file: path.join(dir, 'contact-sheet.png'), width: 400, height: 200, thumbWidth: 100, thumbHeight: 142, slots: [{ page: 1, x: 216, y: 16, width: 100, height: 142 }], cells: [] },
      diff: { changedPages: [2], pageCountOld: 2, pageCountNew: 2, diffImages: [path.join(dir, 'diff', 'diff 002.png')], changedPixels: [9], removedPages: [], movedParagraphs: [{ text: '思想决定行动', fromPage: 1, toPage: 2 }] },
    });
    expect(html).not.toMatch(/<script|javascript:/i);
    expect(html).toContain('年鉴 &lt;校样&gt; &amp; &quot;初稿&quot;');
    expect(html).toContain('src="page-001.png"');
    expect(html).toContain('usemap="#sheet"');
    expect(html).toContain('<area shape="rect" coords="216,16,316,158" href="#page-1"');
    expect(html).toContain('src="diff/diff%20002.png"');
    expect(html).toMatch(/<td>思想决定行动<\/td><td>1<\/td>/);
    expect(html).not.toContain('/books/');
  });
});

function countColour(image: RgbImage, test: (rgb: number[]) => boolean): number {
  let n = 0;
  for (let y = 0; y < image.height; y += 1) for (let x = 0; x < image.width; x += 1) if (test(pixel(image, x, y))) n += 1;
  return n;
}
