/**
 * Imposition and print marks on a real Chromium PDF: the sample yearbook, built here with buildBook.
 * A print shop's checks: every page's text is still there (in the right half), fonts stay TrueType and
 * are embedded once, the file does not balloon, and the boxes are what the press expects.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { imposeBooklet, type ImposeResult } from '../src/impose/impose.js';
import { addPrintMarks } from '../src/impose/marks.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { readInfo } from '../src/pdf/metadata.js';
import { readOutline } from '../src/pdf/outline.js';
import { pageText, pdfFonts, squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

let outDir: string;
let sourceFile: string;
let source: Uint8Array;
let booklet: ImposeResult;
let bookletFile: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'paiban-impose-sample-'));
  const browser = await launchChromium();
  try {
    sourceFile = (await buildBook(ESSAYS, { outDir, browser, env: {} })).pdfFile;
  } finally {
    await browser.close();
  }
  source = new Uint8Array(await readFile(sourceFile));
  booklet = await imposeBooklet(source);
  bookletFile = path.join(outDir, 'booklet.pdf');
  await writeFile(bookletFile, booklet.pdf);
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Text of one half of a sheet side (1-based page), as pdftotext reads it. */
function halfText(file: string, page: number, half: 'left' | 'right', sheet: { width: number; height: number }): string {
  const width = Math.round(sheet.width / 2);
  const args = ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', '-r', '72', '-x', half === 'left' ? '0' : String(width), '-y', '0', '-W', String(width), '-H', String(Math.ceil(sheet.height))];
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

function boxOf(pdf: PDFDocument, page: number, key: string): number[] | undefined {
  return pdf.getPage(page).node.lookupMaybe(PDFName.of(key), PDFArray)?.asArray().map((n) => (n as PDFNumber).asNumber());
}

describe('booklet of the sample yearbook', () => {
  it('puts every page, text intact, on its half of the right sheet side', async () => {
    const pdf = await PDFDocument.load(booklet.pdf);
    expect(booklet.sheet.name).toBe('A4');
    expect(booklet.scale).toBe(1);
    const sourcePages = (await PDFDocument.load(source)).getPageCount();
    expect(booklet.plan.pageCount).toBe(sourcePages);
    expect(pdf.getPageCount()).toBe(booklet.plan.sheets.length * 2);
    const sheet = { width: pdf.getPage(0).getWidth(), height: pdf.getPage(0).getHeight() };
    let checked = 0;
    booklet.plan.sheets.forEach((plan, index) => {
      [plan.front, plan.back].forEach((side, back) => {
        for (const half of ['left', 'right'] as const) {
          const slot = side[half];
          const text = squash(halfText(bookletFile, 2 * index + back + 1, half, sheet));
          // A blank half prints nothing; any other half prints its page whole.
          const expected = slot === null ? '' : squash(pageText(sourceFile, slot + 1));
          expect(text, slot === null ? `sheet ${index + 1} ${back ? 'back' : 'front'} ${half} is blank` : `page ${slot + 1}`).toBe(expected);
          checked += slot === null ? 0 : 1;
        }
      });
    });
    expect(checked).toBe(sourcePages);
  });

  it('keeps fonts TrueType and embedded once, and stays within 1.3× the size', () => {
    const fonts = pdfFonts(bookletFile);
    expect(fonts.filter((font) => font.type.includes('Type 3'))).toEqual([]);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded && font.subset && font.unicode)).toBe(true);
    expect(fonts).toHaveLength(pdfFonts(sourceFile).length);
    // Speed is measured by npm run bench, not here.
    expect(booklet.pdf.length / source.length).toBeLessThanOrEqual(1.3);
  });

  it('keeps the metadata and is byte-identical when run again', async () => {
    const info = readInfo(await PDFDocument.load(booklet.pdf, { updateMetadata: false }));
    const sourceInfo = readInfo(await PDFDocument.load(source, { updateMetadata: false }));
    expect(info).toEqual({ ...sourceInfo, Producer: `${sourceInfo.Producer}; booklet by paiban ${/paiban (\S+)/.exec(sourceInfo.Creator!)![1]}` });
    expect(Buffer.from((await imposeBooklet(source)).pdf).equals(Buffer.from(booklet.pdf))).toBe(true);
  });

  it('imposes right to left with creep and signatures as well', async () => {
    const rtl = await imposeBooklet(source, { direction: 'rtl', creepMm: 1, signaturePages: 8 });
    const file = path.join(outDir, 'rtl.pdf');
    await writeFile(file, rtl.pdf);
    // The sample (19–21 pages, as its layout evolves) padded to a multiple of 4, in signatures of 8 and a
    // shorter last one; page 1 on the left of the first front.
    const padded = Math.ceil((await PDFDocument.load(source)).getPageCount() / 4) * 4;
    const expected = [...Array.from({ length: Math.floor(padded / 8) }, () => 8), ...(padded % 8 ? [padded % 8] : [])];
    expect(rtl.plan.signatureSizes).toEqual(expected);
    expect(rtl.plan.sheets[0]!.front).toEqual({ left: 0, right: 7 });
    const sheet = { width: 841.8898, height: 595.2756 };
    expect(squash(halfText(file, 1, 'left', sheet))).toBe(squash(pageText(sourceFile, 1)));
    expect(pdfFonts(file).some((font) => font.type.includes('Type 3'))).toBe(false);
  });
});

describe('print marks on the sample yearbook', () => {
  it('gives every page TrimBox = the Chromium page, 3 mm BleedBox, and keeps text, outline and tags', async () => {
    const marked = await addPrintMarks(source);
    const file = path.join(outDir, 'marked.pdf');
    await writeFile(file, marked);
    const pdf = await PDFDocument.load(marked, { updateMetadata: false });
    const original = await PDFDocument.load(source, { updateMetadata: false });
    for (let page = 0; page < pdf.getPageCount(); page += 1) {
      expect(boxOf(pdf, page, 'TrimBox')).toEqual([0, 0, 420, 594.95996]);
      expect(boxOf(pdf, page, 'BleedBox')).toEqual([-8.5039, -8.5039, 428.5039, 603.4639]);
      expect(boxOf(pdf, page, 'MediaBox')).toEqual([-22.6772, -22.6772, 442.6772, 617.6371]);
    }
    for (const page of [1, 5, pdf.getPageCount()]) expect(squash(pageText(file, page))).toBe(squash(pageText(sourceFile, page)));
    expect(readOutline(pdf)).toEqual(readOutline(original));
    expect(pdf.catalog.has(PDFName.of('StructTreeRoot'))).toBe(true);
    expect(pdfFonts(file).some((font) => font.type.includes('Type 3'))).toBe(false);
    expect(marked.length / source.length).toBeLessThan(1.05);
    // A mark half-way along, on the extension of the bottom trim line, left of the page: black.
    const pgm = execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '288', '-gray', '-aa', 'no', '-aaVector', 'no', '-singlefile', '-x', '28', '-y', String(Math.round(617.6371 * 4) - 1), '-W', '3', '-H', '3', file]);
    expect(Math.min(...pgm.subarray(pgm.length - 9))).toBeLessThan(64);
  });
});
