/**
 * The contact sheet taken from Chromium: thumbnails where the layout says, page numbers and chapter
 * names set as text in the book's font under them, for a small PDF with bookmarks drawn with pdf-lib.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/pdf/chromium.js';
import { writeOutline } from '../src/pdf/outline.js';
import { LABEL_HEIGHT, renderContactSheet } from '../src/proof/contact-sheet.js';
import { pngSize, readPng } from '../src/proof/png.js';
import type { RgbImage } from '../src/proof/raster.js';

let work: string;
let browser: Browser;
let pdfFile: string;

/** Five A5 pages, each filled with its own grey, with two chapters bookmarked (pages 3 and 5). */
async function greyPdf(file: string): Promise<string> {
  const pdf = await PDFDocument.create();
  const pages = [1, 2, 3, 4, 5].map((n) => {
    const page = pdf.addPage([420, 595]);
    page.drawRectangle({ x: 0, y: 0, width: 420, height: 595, color: rgb(n / 10, n / 10, n / 10) });
    return page;
  });
  const destination = (index: number) => pdf.context.obj([pages[index]!.ref, 'Fit']);
  writeOutline(pdf, [{ title: '第一章 开篇', destination: destination(2), children: [] }, { title: '第二章', destination: destination(4), children: [] }]);
  await writeFile(file, await pdf.save());
  return file;
}

const pixel = (image: RgbImage, x: number, y: number) => image.data[(y * image.width + x) * 3]!;
/** Dark pixels in a band of rows (text, on the light grey background). */
function inkIn(image: RgbImage, x0: number, x1: number, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) if (pixel(image, x, y) < 110) n += 1;
  return n;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-contact-sheet-'));
  browser = await launchChromium();
  pdfFile = await greyPdf(path.join(work, 'grey.pdf'));
});

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('contact sheet from Chromium', () => {
  it('puts each page at its slot and sets numbers and chapter names as text under them', async () => {
    const dir = path.join(work, 'proof');
    const sheet = await renderContactSheet(pdfFile, path.join(dir, 'contact-sheet.png'), { thumbWidth: 60, browser });
    const th = Math.round((60 * 595) / 420);
    expect(pngSize(await readFile(sheet.file))).toEqual({ width: 16 + 3 * (120 + 16), height: 16 + th + LABEL_HEIGHT + 16 });
    // Nothing but the sheet is left in the proof folder.
    expect(await readdir(dir)).toEqual(['contact-sheet.png']);
    const image = await readPng(sheet.file);
    for (const slot of sheet.slots) {
      const level = Math.round((slot.page / 10) * 255);
      expect(Math.abs(pixel(image, slot.x + 30, slot.y + Math.floor(th / 2)) - level), `page ${slot.page}`).toBeLessThanOrEqual(3);
      // Its number, in the band under it.
      expect(inkIn(image, slot.x, slot.x + slot.width, slot.y + th + 2, slot.y + th + 18), `number ${slot.page}`).toBeGreaterThan(8);
    }
    // Chapter names: none under the first spread (page 1), 第一章 under 2|3, 第二章 under 4|5 — Chinese text is wide.
    const chapterInk = sheet.cells.map((cell) => inkIn(image, cell.x, cell.x + cell.width, cell.y + th + 18, cell.y + th + LABEL_HEIGHT));
    expect(chapterInk[0]).toBe(0);
    expect(chapterInk[1]).toBeGreaterThan(chapterInk[2]!);
    expect(chapterInk[2]).toBeGreaterThan(20);

    const bare = await renderContactSheet(pdfFile, path.join(dir, 'bare.png'), { thumbWidth: 60, labels: false, direction: 'rtl', browser });
    expect(pngSize(await readFile(bare.file))).toEqual({ width: 16 + 3 * (120 + 16), height: 16 + th + 16 });
    // rtl: the first spread (page 1 alone, on its left) is the rightmost cell.
    expect(bare.slots.map((s) => [s.page, s.x])).toEqual([[1, 16 + 2 * 136], [2, 16 + 136 + 60], [3, 16 + 136], [4, 16 + 60], [5, 16]]);
  });
});
