/**
 * The sample yearbook set vertically (竖排): everything printed in order, right-to-left viewing,
 * TOC numbers equal to the folios, no forbidden line starts, and the layout as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import type { BookConfig } from '../src/config/schema.js';
import { loadManuscripts, type Manuscript } from '../src/manuscript/load.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { readOutline } from '../src/pdf/outline.js';
import { bookReader } from './helpers/book.js';
import { textLines } from './helpers/lines.js';
import { pdfFonts, squash } from './helpers/poppler.js';
import { boxLines, boxWords } from './helpers/bbox-lines.js';
import { compareWithReference } from './helpers/visual.js';
import { bookReferences, firstDifference, printedChapter } from './helpers/reference-text.js';
import { compareReadings, hasMutool } from './helpers/readers.js';
import { mutoolChars, pdfiumChars } from '../src/proof/page-chars.js';
import { ESSAYS } from './helpers/essays.js';

let browser: Browser;
let outDir: string;
let result: BuildResult;
let horizontalPages: number;
let horizontalPdf: string;
let pdf: PDFDocument;
let config: BookConfig;
let manuscripts: Manuscript[];
let reader: ReturnType<typeof bookReader>;

beforeAll(async () => {
  browser = await launchChromium();
  outDir = await mkdtemp(path.join(tmpdir(), 'paiban-vertical-'));
  const horizontal = await buildBook(ESSAYS, { outDir: path.join(outDir, 'h'), browser, env: {} });
  horizontalPages = horizontal.pages;
  horizontalPdf = horizontal.pdfFile;
  result = await buildBook(ESSAYS, { outDir, browser, env: {}, writing: 'vertical' });
  pdf = await PDFDocument.load(await readFile(result.pdfFile), { updateMetadata: false });
  config = { ...(await loadConfig(ESSAYS)).config, writing: 'vertical' };
  manuscripts = await loadManuscripts(ESSAYS, config);
  reader = bookReader(result.pdfFile, config);
});

afterAll(async () => {
  await browser?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the sample yearbook, vertical', () => {
  it('has a plausible number of pages', () => {
    expect(result.pages).toBeGreaterThanOrEqual(horizontalPages * 0.8);
    expect(result.pages).toBeLessThanOrEqual(horizontalPages * 1.6);
  });

  it('embeds TrueType subsets only, no Type 3, in every PDF it writes (at least one font each)', () => {
    const pdfs = result.outputs.filter((file) => file.endsWith('.pdf'));
    expect(pdfs.length).toBe(6);
    for (const file of pdfs) {
      const fonts = pdfFonts(file);
      expect(fonts.length, file).toBeGreaterThan(0);
      expect(fonts.filter((font) => font.type !== 'CID TrueType' || !font.embedded || !font.subset), file).toEqual([]);
    }
  });

  it('tells viewers to show right-to-left spreads, page 1 alone', () => {
    const preferences = pdf.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(String(preferences.get(PDFName.of('Direction')))).toBe('/R2L');
    expect(String(pdf.catalog.get(PDFName.of('PageLayout')))).toBe('/TwoPageRight');
  });

  it('prints every paragraph, heading and caption in reading order (columns right to left, top to bottom), nothing missing, nothing added', () => {
    // Expected text read from the manuscript files without paiban's parser (test/helpers/reference-text.ts).
    const references = bookReferences(ESSAYS);
    const expected = references.map((reference) => printedChapter(reference, 'vertical')).join('');
    const first = readOutline(pdf)[0]!.pageIndex! + 1;
    expect(squash(reader.bodyText(first, true)).startsWith(squash(references[0]!.meta.title))).toBe(true);
    const printed = squash(Array.from({ length: result.pages - first + 1 }, (_, i) => reader.bodyText(first + i, true)).join(''));
    expect(firstDifference(printed.slice(0, expected.length), expected)).toBeUndefined();
    const rest = printed.slice(expected.length);
    expect(references.flatMap((reference) => reference.blocks).filter((block) => squash(block).length >= 8 && rest.includes(squash(block)))).toEqual([]);
  });

  it('numbers the TOC with the folios printed on the chapter and section pages', async () => {
    const outline = readOutline(pdf);
    expect(outline.map((item) => item.title)).toEqual(manuscripts.map((m) => m.meta.title));
    const entries = outline.flatMap((item) => [item, ...item.children]);
    const tocPage = Array.from({ length: result.pages }, (_, i) => i + 1).find((page) => squash(reader.bodyText(page, true)).startsWith(squash(config.toc.title)))!;
    // The contents may run on to the next pages, up to the first chapter.
    const firstChapterPage = outline[0]!.pageIndex! + 1;
    const columns = (await textLines(result.pdfFile, 'vertical', (char, page) => page >= tocPage && page < firstChapterPage && reader.inBody(char))).map((line) => line.text);
    for (const entry of entries) {
      const column = columns.find((text) => text.startsWith(squash(entry.title).slice(0, 8)));
      expect(column, `TOC column for ${entry.title}`).toBeDefined();
      const number = /(\d+)$/.exec(column!)?.[1];
      expect(number, column).toBeDefined();
      expect(reader.footText(entry.pageIndex! + 1)).toBe(number);
      expect(squash(reader.bodyText(entry.pageIndex! + 1, true))).toContain(squash(entry.title));
    }
  });

  it('starts no column with punctuation that Chinese typesetting forbids there', async () => {
    // Positions as poppler reads them, not paiban's own page reader (which the layout lint uses).
    const lines = boxLines(boxWords(result.pdfFile), 'vertical', (word) => reader.inBody({ y: (word.yMin + word.yMax) / 2 }));
    expect(lines.length).toBeGreaterThan(200);
    expect(lines.some((line) => line.text.startsWith('团结联合：广泛凝聚共识'))).toBe(true);
    expect(lines.filter((line) => /^[，。、；：？！）》”』」]/.test(line.text))).toEqual([]);
  });

  it('sets 1–2 digit numbers upright in one em, 3 and more sideways at their natural width', async () => {
    // (Runs kept whole, .nobr, are the pipeline's: hard-pages.test.ts.)
    const html = (await readFile(result.htmlFile, 'utf8')).replace(/<span class="nobr">((?:[^<]|<span class="tcy">[^<]*<\/span>)*)<\/span>/g, '$1');
    expect(html).toContain('<html lang="zh-Hans" class="writing-vertical">');
    expect(html).toContain('发言130人次');
    expect(html).toMatch(/<span class="tcy">\d{2}<\/span>/);
    expect(html).toContain('“<span class="upright">1+5+2</span>”');
    expect(html).toMatch(/回望2022年/);
  });

  it('opens every chapter on a recto: an odd page, the left-hand one in a right-to-left book', () => {
    for (const item of readOutline(pdf)) expect((item.pageIndex! + 1) % 2, item.title).toBe(1);
  });

  it('imposes the booklet right to left: sheet 1 has the front cover on its left half', () => {
    const booklet = path.join(outDir, 'yearbook-booklet.pdf');
    const half = (x: number) => squash(execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', '-r', '72', '-x', String(x), '-y', '0', '-W', '421', '-H', '595', booklet, '-'], { encoding: 'utf8' }));
    expect(half(0)).toContain('2024');
    expect(half(421)).not.toContain('2024');
  });

  it('looks as it did: the first chapter page and the TOC match their reference images', () => {
    const first = readOutline(pdf)[0]!.pageIndex! + 1;
    expect(compareWithReference(result.pdfFile, first, 'vertical-chapter-1').ratio).toBeLessThan(0.005);
    const tocPage = Array.from({ length: result.pages }, (_, i) => i + 1).find((page) => squash(reader.bodyText(page, true)).startsWith(squash(config.toc.title)))!;
    expect(compareWithReference(result.pdfFile, tocPage, 'vertical-toc').ratio).toBeLessThan(0.005);
  });
});

/**
 * The two page readers (src/proof/page-chars.ts): MuPDF's, used where mutool is installed, and PDFium's
 * in WebAssembly, used everywhere else. The layout checks, the composition audit, comments and the
 * preview must see the same characters at the same places whichever one runs.
 */
describe('the page readers agree on the sample, horizontal and vertical', () => {
  for (const writing of ['horizontal', 'vertical'] as const) {
    const file = () => (writing === 'horizontal' ? horizontalPdf : result.pdfFile);

    it(`PDFium reads every page of the ${writing} book, in the book's fonts`, async () => {
      const pages = await pdfiumChars(file());
      expect(pages.length).toBe(writing === 'horizontal' ? horizontalPages : result.pages);
      const fonts = new Set(pages.flat().map((c) => c.font));
      expect([...fonts].sort()).toEqual(['LXGWWenKai-Regular', 'NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Bold', 'NotoSerifSC-Regular'].filter((f) => fonts.has(f)));
      expect(fonts.has('NotoSerifSC-Regular')).toBe(true);
      expect(pages.flat().filter((c) => c.char.trim()).length).toBeGreaterThan(8000);
    });

    it.skipIf(!hasMutool)(`PDFium and mutool give the ${writing} book's every character at the same place and size (to 0.01 pt)`, async () => {
      const difference = compareReadings(await mutoolChars(file()), await pdfiumChars(file()));
      expect(difference.unpaired).toEqual([]);
      expect(difference.counts[0]).toBe(difference.counts[1]);
      for (const [key, value] of Object.entries(difference.worst)) expect(value, key).toBeLessThan(0.01);
    });
  }
});

