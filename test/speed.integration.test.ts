/**
 * One full print per build: a book printed with placeholder TOC numbers whose front pages are then
 * replaced by a print of the front matter with the numbers. Counts the full prints (the build's
 * `passes` and its "pass N" progress events), and checks that the replaced TOC pages still link to the
 * right pages, carry the printed folios and keep the document tagged.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult, type ProgressEvent } from '../src/make/build-book.js';
import { namedDestinations } from '../src/pdf/dests.js';
import { markedContentIds } from '../src/pdf/splice.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { pageText, squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const sources = ['manuscripts/2022-gongzuo-liangdian.md', 'manuscripts/2024-liangdian-huimou.md'];

/** A book of `chapters` chapters made of the sample's two articles (distinct titles), chapters not on rectos. */
async function writeBook(dir: string, chapters: number): Promise<string[]> {
  await mkdir(path.join(dir, 'manuscripts'), { recursive: true });
  const texts = await Promise.all(sources.map((file) => readFile(path.join(ESSAYS, file), 'utf8')));
  const titles: string[] = [];
  const names: string[] = [];
  for (let index = 1; index <= chapters; index += 1) {
    const text = texts[(index - 1) % texts.length]!.replace(/^title:\s*(.*)$/m, (_line, title: string) => {
      titles.push(`第${index}篇 ${title.trim()}`);
      return `title: 第${index}篇 ${title.trim()}`;
    });
    const name = `manuscripts/${String(index).padStart(2, '0')}.md`;
    await writeFile(path.join(dir, name), text.replace(/^order:.*$/m, `order: ${index}`));
    names.push(name);
  }
  await writeFile(
    path.join(dir, 'book.yaml'),
    ['title: 速度样书', 'date: 2024-12-31', 'page:', '  size: A5', 'chapters:', '  recto: false', 'figures:', '  captionOnly: true', 'toc:', '  depth: 2', 'output:', '  name: speed', '  formats: [pdf]', 'manuscripts:', ...names.map((n) => `  - ${n}`), ''].join('\n'),
  );
  return titles;
}

interface Built {
  result: BuildResult;
  /** A copy of the PDF (the next build in the same output folder replaces out/speed.pdf). */
  file: string;
  events: ProgressEvent[];
  pdf: PDFDocument;
}

let browser: Browser;
let work: string;
let bookDir: string;
let outDir: string;
let titles: string[];
let cold: Built;
let warm: Built;
let grown: Built;
let builds = 0;

async function build(): Promise<Built> {
  const events: ProgressEvent[] = [];
  const result = await buildBook(bookDir, { outDir, browser, env: {}, lint: false, onProgress: (event) => events.push(event) });
  const bytes = await readFile(result.pdfFile);
  const file = path.join(work, `build-${(builds += 1)}.pdf`);
  await writeFile(file, bytes);
  return { result, file, events, pdf: await PDFDocument.load(bytes, { updateMetadata: false }) };
}

const fullPrints = (built: Built) => built.events.filter((event) => /^pass \d+$/.test(event.stage)).length;

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-speed-'));
  bookDir = path.join(work, 'book');
  outDir = path.join(work, 'out');
  titles = await writeBook(bookDir, 2);
  cold = await build();
  warm = await build();
  // Two more chapters: the TOC grows by a page, so the layout the last build left is wrong.
  titles = await writeBook(bookDir, 4);
  grown = await build();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Checks every link on the TOC pages: it names a destination, on the page where its heading is, and the TOC prints that page's folio. */
function checkTocLinks(built: Built, expectedTitles: readonly string[]): void {
  const { pdf, file } = built;
  const destinations = namedDestinations(pdf);
  const firstBody = (destinations.get('ch1')?.pageIndex ?? -1) + 1;
  expect(firstBody).toBeGreaterThan(3);
  const links: { name: string; page: number }[] = [];
  for (let index = 2; index < firstBody - 1; index += 1) {
    const annots = pdf.getPage(index).node.Annots();
    for (let i = 0; i < (annots?.size() ?? 0); i += 1) {
      const annot = annots!.lookup(i, PDFDict);
      const dest = annot.get(PDFName.of('Dest'));
      expect(dest, 'a named destination').toBeInstanceOf(PDFName);
      links.push({ name: (dest as PDFName).decodeText(), page: index + 1 });
    }
  }
  expect(links.length).toBeGreaterThan(expectedTitles.length);
  const tocText = Array.from({ length: firstBody - 3 }, (_, i) => pageText(file, i + 3, undefined, true)).join('\n');
  const printedNumbers = [...tocText.matchAll(/(\d+)\s*$/gm)].map((m) => Number(m[1]));
  const expectedNumbers: number[] = [];
  for (const link of links) {
    const target = destinations.get(link.name);
    expect(target, `destination ${link.name}`).toBeDefined();
    const page = target!.pageIndex + 1;
    expectedNumbers.push(page - firstBody + 1);
    if (/^ch\d+$/.test(link.name)) {
      const title = expectedTitles[Number(link.name.slice(2)) - 1]!;
      expect(squash(pageText(file, page)), `${link.name} on page ${page}`).toContain(squash(title));
    }
  }
  // The numbers the TOC prints, in order, are the folios of the pages its links go to.
  expect(printedNumbers).toEqual(expectedNumbers);
  expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
  // The structure tree still ties the TOC pages' text to its elements: the pages say where their marked content belongs.
  for (let index = 2; index < firstBody - 1; index += 1) {
    expect(pdf.getPage(index).node.get(PDFName.of('StructParents'))).toBeDefined();
    expect(markedContentIds(pdf.getPage(index)).length).toBeGreaterThan(0);
  }
  expect(pdf.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
  expect(pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)).toBeDefined();
}

describe('one full print per build', () => {
  it('prints the whole book once on a first build (the front matter alone before and after)', () => {
    expect(cold.result.passes).toBe(1);
    expect(fullPrints(cold)).toBe(1);
    expect(cold.events.map((e) => e.stage)).toEqual(expect.arrayContaining(['front', 'pass 1', 'toc']));
    expect(cold.result.notes.filter((note) => note.includes('TOC'))).toEqual([]);
  });

  it('prints it once on a rebuild too, without the front-matter count, and writes the same bytes', async () => {
    expect(warm.result.passes).toBe(1);
    expect(fullPrints(warm)).toBe(1);
    expect(warm.events.map((e) => e.stage)).not.toContain('front');
    expect(warm.events.map((e) => e.stage)).toContain('toc');
    expect(Buffer.compare(await readFile(cold.file), await readFile(warm.file))).toBe(0);
  });

  it('prints it twice when the TOC grew by a page since the last build', () => {
    const tocPages = (built: Built) => (namedDestinations(built.pdf).get('ch1')?.pageIndex ?? 0) - 2;
    expect(tocPages(grown)).toBeGreaterThan(tocPages(warm));
    expect(grown.result.passes).toBe(2);
    expect(fullPrints(grown)).toBe(2);
    expect(grown.events.find((e) => e.stage === 'pass 1')?.detail).toMatch(/layout moved/);
  });

  it('keeps every TOC link going to its heading’s page, with that page’s folio printed beside it', () => {
    checkTocLinks(cold, titles.slice(0, 2));
    checkTocLinks(grown, titles);
  });

  it('draws the TOC of the book with the numbers, not the placeholders, and keeps one set of pages', () => {
    for (const built of [cold, grown]) {
      const toc = squash(pageText(built.file, 3));
      expect(toc).not.toMatch(/012|345|678/);
      expect(built.pdf.getPageCount()).toBe(built.result.pages);
      const annots = built.pdf.getPage(2).node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      expect(annots?.size()).toBeGreaterThan(0);
    }
  });
});
