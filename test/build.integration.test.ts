/**
 * Builds the sample yearbook (this repository) with real Chromium and checks the PDF as a print shop,
 * an archivist and a proofreader would: trim size, fonts, every paragraph in order, bookmarks, TOC
 * numbers against the folios really printed, metadata, byte-identical rebuilds.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { main } from '../src/cli/main.js';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, type PDFArray, type PDFNumber, type PDFPage } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildCache, type BuildResult } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import { mmToPoints } from '../src/config/page-size.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { readOutline } from '../src/pdf/outline.js';
import { readInfo } from '../src/pdf/metadata.js';
import type { BookConfig } from '../src/config/schema.js';
import { pageText, pdfFonts, squash } from './helpers/poppler.js';
import { bookReader } from './helpers/book.js';
import { boxLines, boxWords } from './helpers/bbox-lines.js';
import { compareWithReference } from './helpers/visual.js';
import { bookReferences, firstDifference, printedChapter, type ReferenceManuscript } from './helpers/reference-text.js';
import { ESSAYS } from './helpers/essays.js';

let browser: Browser;
let outDir: string;
let result: BuildResult;
let pdfBytes: Uint8Array;
let pdf: PDFDocument;
let config: BookConfig;
let bodyText: (page: number) => string;
let footText: (page: number) => string;
let inBody: (char: { y: number }) => boolean;
let references: ReferenceManuscript[];

beforeAll(async () => {
  browser = await launchChromium();
  outDir = await mkdtemp(path.join(tmpdir(), 'paiban-sample-'));
  result = await buildBook(ESSAYS, { outDir, browser, env: {} });
  pdfBytes = await readFile(result.pdfFile);
  pdf = await PDFDocument.load(pdfBytes, { updateMetadata: false });
  config = (await loadConfig(ESSAYS)).config;
  ({ bodyText, footText, inBody } = bookReader(result.pdfFile, config));
  references = bookReferences(ESSAYS);
});

afterAll(async () => {
  await browser?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Physical page (1-based) whose text block starts with the chapter's title. */
function pageStartingWith(title: string): number {
  for (let page = 1; page <= pdf.getPageCount(); page += 1) if (squash(bodyText(page)).startsWith(squash(title))) return page;
  return -1;
}

describe('the sample yearbook', () => {
  it('writes the outputs book.yaml asks for into the output folder, and nothing else', async () => {
    const expected = ['yearbook-archive.pdf', 'yearbook-booklet.pdf', 'yearbook-cover-print.pdf', 'yearbook-cover.pdf', 'yearbook-print.pdf', 'yearbook.html', 'yearbook.manifest.json', 'yearbook.pdf'];
    expect(result.outputs.map((file) => path.basename(file)).sort()).toEqual(expected);
    // Every name, dot-names included: a temporary folder (.paiban-build-*) left behind must show.
    // .fonts is the font-subset cache and .<name>-<writing>.layout.json the last page layout, kept on purpose.
    expect((await readdir(outDir)).sort()).toEqual(['.fonts', '.yearbook-horizontal.layout.json', ...expected]);
    expect(result.pages).toBe(pdf.getPageCount());
    expect(result.pages).toBeGreaterThan(10);
    expect(result.blocked).toEqual([]);
  });

  it('has the trim size of book.yaml on every page', () => {
    for (const page of pdf.getPages()) {
      const { width, height } = page.getSize();
      expect(Math.abs(width - mmToPoints(148))).toBeLessThan(1);
      expect(Math.abs(height - mmToPoints(210))).toBeLessThan(1);
    }
  });

  it('embeds every font, all TrueType subsets with Unicode maps, no Type 3', () => {
    const fonts = pdfFonts(result.pdfFile);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => font.type.includes('Type 3'))).toEqual([]);
    expect(fonts.every((font) => font.embedded && font.subset && font.unicode)).toBe(true);
    expect(new Set(fonts.map((font) => font.type))).toEqual(new Set(['CID TrueType']));
    expect(fonts.some((font) => font.name.includes('NotoSerifSC'))).toBe(true);
    expect(fonts.some((font) => font.name.includes('LXGWWenKai'))).toBe(true);
  });

  it('embeds its fonts as subsets in every PDF it writes (book, print, cover, cover print, booklet, archive): at least one font each, no Type 3', () => {
    const pdfs = result.outputs.filter((file) => file.endsWith('.pdf')).map((file) => path.basename(file));
    expect(pdfs.sort()).toEqual(['yearbook-archive.pdf', 'yearbook-booklet.pdf', 'yearbook-cover-print.pdf', 'yearbook-cover.pdf', 'yearbook-print.pdf', 'yearbook.pdf']);
    const problems = pdfs.flatMap((name) => {
      const fonts = pdfFonts(path.join(outDir, name));
      if (fonts.length === 0) return [`${name}: no font at all`];
      return fonts.filter((font) => font.type.includes('Type 3') || !font.embedded || !font.subset).map((font) => `${name}: ${font.name} ${font.type}${font.embedded ? '' : ' not embedded'}${font.subset ? '' : ' not a subset'}`);
    });
    expect(problems).toEqual([]);
  });

  it('prints every paragraph, heading and caption of every manuscript, in order, nothing missing, nothing added', () => {
    // Expected text read from the manuscript files without paiban's parser (test/helpers/reference-text.ts).
    const expected = references.map((reference) => printedChapter(reference)).join('');
    const first = pageStartingWith(references[0]!.meta.title);
    expect(first).toBeGreaterThan(1);
    const printed = squash(Array.from({ length: pdf.getPageCount() - first + 1 }, (_, i) => bodyText(first + i)).join(''));
    // The chapters, exactly; what follows them (the colophon) repeats none of their text.
    expect(firstDifference(printed.slice(0, expected.length), expected)).toBeUndefined();
    const rest = printed.slice(expected.length);
    expect(references.flatMap((reference) => reference.blocks).filter((block) => squash(block).length >= 8 && rest.includes(squash(block)))).toEqual([]);
    expect(references[0]!.blocks.length).toBeGreaterThan(20);
  });

  it('has one bookmark per chapter, with its sections, each pointing at its page', () => {
    const outline = readOutline(pdf);
    // Titles and headings as the manuscript files have them, read without paiban's parser.
    expect(outline.map((item) => item.title)).toEqual(references.map((m) => m.meta.title));
    outline.forEach((item, index) => {
      expect(item.pageIndex! + 1).toBe(pageStartingWith(references[index]!.meta.title));
      expect(item.children.map((child) => child.title)).toEqual(references[index]!.headings);
      for (const child of item.children) expect(squash(bodyText(child.pageIndex! + 1))).toContain(squash(child.title));
    });
  });

  it('numbers the TOC with the folios really printed on each chapter and section page', () => {
    const tocPage = pageStartingWith(config.toc.title.split('').join(''));
    expect(tocPage).toBeGreaterThan(0);
    const tocLines = pageText(result.pdfFile, tocPage, undefined, true).split('\n');
    const outline = readOutline(pdf);
    const entries = outline.flatMap((item) => [item, ...item.children]);
    expect(entries.length).toBe(references.length + references.flatMap((m) => m.headings).length);
    for (const entry of entries) {
      const line = tocLines.find((text) => squash(text).startsWith(squash(entry.title)));
      expect(line, `TOC line for ${entry.title}`).toBeDefined();
      const number = /(\d+)\s*$/.exec(line!)?.[1];
      expect(number, `number in "${line}"`).toBeDefined();
      expect(footText(entry.pageIndex! + 1)).toBe(number);
    }
  });

  it('numbers the body from 1 on the first chapter, front matter unnumbered, and labels pages to match', () => {
    const first = pageStartingWith(references[0]!.meta.title);
    expect(first).toBeGreaterThan(2);
    expect(footText(first)).toBe('1');
    for (let page = 1; page < first; page += 1) expect(footText(page)).toBe('');
    expect(pdf.catalog.lookup(PDFName.of('PageLabels'))?.toString()).toContain(`${first - 1} <<\n/S /D\n/St 1`);
  });

  it('carries the book metadata, fixed dates, a language and a structure tree', () => {
    expect(readInfo(pdf)).toMatchObject({
      Title: config.title,
      Author: config.editor,
      Subject: config.subtitle,
      Keywords: config.keywords.join(' '),
      Creator: expect.stringMatching(/^paiban \d+\.\d+\.\d+$/),
      Producer: expect.stringMatching(/^paiban .* \(Chromium \d+/),
    });
    expect(pdf.getCreationDate()?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(pdf.getModificationDate()?.toISOString()).toBe('2024-12-31T00:00:00.000Z');
    expect(String(pdf.catalog.get(PDFName.of('Lang')))).toBe('(zh-Hans)');
    expect(pdf.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
  });

  it('writes HTML that declares the language and carries no script', async () => {
    const html = await readFile(result.htmlFile, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-Hans"/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('text-autospace: normal');
  });

  it('starts no line with punctuation that Chinese typesetting forbids there', async () => {
    // Positions as poppler reads them, not paiban's own page reader (which the layout lint uses).
    const lines = boxLines(boxWords(result.pdfFile), 'horizontal', (word) => inBody({ y: (word.yMin + word.yMax) / 2 }));
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.filter((line) => line.text.startsWith('团结联合'))).toHaveLength(2); // the heading, and its TOC line
    expect(lines.filter((line) => /^[，。、；：？！）》”』」]/.test(line.text))).toEqual([]);
  });

  it('looks as it did: the first chapter page matches its reference image', () => {
    const first = pageStartingWith(references[0]!.meta.title);
    const { ratio } = compareWithReference(result.pdfFile, first, 'horizontal-chapter-1');
    expect(ratio).toBeLessThan(0.005);
  });

  it('opens every chapter on a recto (an odd page), with a blank page before it where needed', () => {
    const outline = readOutline(pdf);
    for (const item of outline) expect((item.pageIndex! + 1) % 2, item.title).toBe(1);
    // The page before each chapter: the previous text's last page, or a blank left so (no folio, no running head).
    const before = outline.map((item) => item.pageIndex!);
    const blank = before.filter((page) => squash(bodyText(page)) === '');
    expect(blank.length).toBeGreaterThan(0);
    expect(blank.map((page) => squash(pageText(result.pdfFile, page)))).toEqual(blank.map(() => ''));
  });

  it('imposes a booklet with the cover: every paragraph still searchable, about the size of the book', async () => {
    const booklet = path.join(outDir, 'yearbook-booklet.pdf');
    const imposed = await PDFDocument.load(await readFile(booklet));
    // Cover, inside cover, the book, inside back cover, back cover: padded to a multiple of 4, two pages a side.
    expect(imposed.getPageCount()).toBe(Math.ceil((result.pages + 4) / 4) * 2);
    const { width, height } = imposed.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    // -raw: page by page in drawing order, so the two pages of a sheet side do not interleave.
    const text = squash(execFileSync('pdftotext', ['-raw', booklet, '-'], { encoding: 'utf8' }));
    // Every page of the book (and so every paragraph, wherever a page break cut it) is there whole.
    for (let page = 1; page <= result.pages; page += 1) expect(text).toContain(squash(pageText(result.pdfFile, page, undefined, false, true)));
    expect((await stat(booklet)).size / pdfBytes.length).toBeLessThan(1.3);
    // Sheet 1, front: the back cover on the left, the front cover (with the year) on the right.
    const half = (x: number) => squash(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-r', '72', '-x', String(x), '-y', '0', '-W', '421', '-H', '595', booklet, '-'], { encoding: 'utf8' }));
    expect(half(421)).toContain('2024');
    expect(half(0)).not.toContain('2024');
  });

  it('writes print-ready PDFs: 3 mm bleed, TrimBox and BleedBox in points, for the book and the cover', async () => {
    const box = (page: PDFPage, name: string) => (page.node.lookup(PDFName.of(name)) as PDFArray).asArray().map((n) => Math.round((n as PDFNumber).asNumber() * 100) / 100);
    const printReady = await PDFDocument.load(await readFile(path.join(outDir, 'yearbook-print.pdf')));
    const bleed = Math.round(mmToPoints(3) * 100) / 100;
    const { width, height } = pdf.getPage(0).getSize();
    for (const page of printReady.getPages()) {
      expect(box(page, 'TrimBox')).toEqual([0, 0, Math.round(width * 100) / 100, Math.round(height * 100) / 100]);
      expect(box(page, 'BleedBox')).toEqual([-bleed, -bleed, Math.round((width + bleed) * 100) / 100, Math.round((height + bleed) * 100) / 100]);
    }
    expect(bleed).toBe(8.5);
    const cover = await PDFDocument.load(await readFile(path.join(outDir, 'yearbook-cover.pdf')));
    expect(cover.getPageCount()).toBe(2);
    const trim = box(cover.getPage(0), 'TrimBox');
    expect(Math.abs(trim[2]! - trim[0]! - mmToPoints(148))).toBeLessThan(1);
    expect(trim[0]).toBeCloseTo(bleed, 1);
  });

  it('writes an archive that `paiban verify` passes, and a manifest of every input and output', async () => {
    const out: string[] = [];
    const code = await main(['verify', path.join(outDir, 'yearbook-archive.pdf'), '--book', ESSAYS], { out: (line) => out.push(line), err: (line) => out.push(line) });
    expect(out.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/pass {2}paiban sources match +5 files on disk match/);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'yearbook.manifest.json'), 'utf8')) as { inputs: { path: string }[]; outputs: { path: string; sha256: string }[]; buildDate: string };
    expect(manifest.buildDate).toBe('2024-12-31T00:00:00Z');
    expect(manifest.inputs.map((file) => file.path)).toEqual(expect.arrayContaining(['book.yaml', 'manuscripts/2022-gongzuo-liangdian.md', 'manuscripts/2024-liangdian-huimou.md', 'raw/2022-gongzuo-liangdian.txt', 'raw/2024-liangdian-huimou.txt']));
    expect(manifest.outputs.map((file) => file.path)).toEqual(['yearbook-archive.pdf', 'yearbook-booklet.pdf', 'yearbook-cover-print.pdf', 'yearbook-cover.pdf', 'yearbook-print.pdf', 'yearbook.html', 'yearbook.pdf']);
    const pdfEntry = manifest.outputs.find((file) => file.path === 'yearbook.pdf')!;
    expect(pdfEntry.sha256).toBe(createHash('sha256').update(pdfBytes).digest('hex'));
  });

  it('passes the layout checks but for one 孤字 that text-wrap: pretty cannot avoid (explained in the closing note)', () => {
    const warnings = result.layout.flatMap((file) => file.messages.map((m) => m.ruleId));
    expect(warnings.filter((rule) => rule !== 'short-last-line')).toEqual([]);
    expect(warnings.length).toBeLessThanOrEqual(1);
  });

  it('prints the same bytes from a warm print page (the preview’s rebuilds), in one pass once the pagination is known', async () => {
    const cache: BuildCache = {};
    const warmDir = await mkdtemp(path.join(tmpdir(), 'paiban-warm-'));
    const first = await buildBook(ESSAYS, { outDir: warmDir, browser, env: {}, cache, formats: ['pdf'], lint: false });
    const second = await buildBook(ESSAYS, { outDir: warmDir, browser, env: {}, cache, formats: ['pdf'], lint: false });
    // One full print per build since the front matter is printed apart and spliced in.
    expect([first.passes, second.passes]).toEqual([1, 1]);
    expect(Buffer.compare(await readFile(second.pdfFile), pdfBytes)).toBe(0);
    await cache.warm?.close();
    await rm(warmDir, { recursive: true, force: true });
  });

  it('is byte-identical when built again', async () => {
    const before = await Promise.all(result.outputs.map((file) => readFile(file)));
    const again = await buildBook(ESSAYS, { outDir, browser, env: {} });
    expect(again.outputs).toEqual(result.outputs);
    const after = await Promise.all(again.outputs.map((file) => readFile(file)));
    after.forEach((bytes, index) => expect(Buffer.compare(bytes, before[index]!), again.outputs[index]).toBe(0));
  });
});
