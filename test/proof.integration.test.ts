/**
 * Proofs of real Chromium PDFs: the sample book, and a copy of it with one paragraph made longer.
 * What changed is worked out here independently, with pdftotext and the manuscripts, and compared with
 * what diffPdfs reports.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import type { Browser } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import { loadManuscripts } from '../src/manuscript/load.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { diffPdfs, type PdfDiff } from '../src/proof/diff.js';
import { renderPageImages } from '../src/proof/page-images.js';
import { makeProofs } from '../src/proof/proof.js';
import { pngSize } from '../src/proof/png.js';
import { pageText, squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const MANUSCRIPT = 'manuscripts/2022-gongzuo-liangdian.md';
/** The paragraph made longer: it sits on the page before "政治引领", whose last lines it pushes over. */
const EDITED = '充分发挥专门协商机构桥梁纽带';
const ADDED = '委员们普遍反映，这些活动增进了共识、凝聚了力量，提升了履职能力和水平，群众看得见、摸得着。';

let browser: Browser;
let work: string;
let oldPdf: string;
let newPdf: string;
let pages: number;
let diff: PdfDiff;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-proof-'));
  const book = path.join(work, 'book');
  await cp(path.join(ESSAYS, 'book.yaml'), path.join(book, 'book.yaml'));
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(book, 'manuscripts'), { recursive: true });
  browser = await launchChromium();
  const before = await buildBook(book, { outDir: path.join(work, 'old'), browser, env: {} });
  const file = path.join(book, MANUSCRIPT);
  const source = await readFile(file, 'utf8');
  const line = source.split('\n').find((l) => l.startsWith(EDITED));
  if (!line) throw new Error(`the sample manuscript no longer has the paragraph "${EDITED}…" this test edits`);
  await writeFile(file, source.replace(line, line + ADDED));
  const after = await buildBook(book, { outDir: path.join(work, 'new'), browser, env: {} });
  [oldPdf, newPdf, pages] = [before.pdfFile, after.pdfFile, after.pages];
  diff = await diffPdfs(oldPdf, newPdf, { workDir: path.join(work, 'diff') });
});

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Text of every page, white space removed (pdftotext, one page at a time). */
function texts(pdf: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => squash(pageText(pdf, i + 1)));
}

describe('page images', () => {
  it('renders one PNG per page, named page-001.png…, sized by the dpi', async () => {
    const dir = path.join(work, 'images');
    for (const dpi of [100, 50]) {
      const images = await renderPageImages(oldPdf, dir, { dpi });
      expect(images.map((image) => path.basename(image.file))).toEqual(Array.from({ length: pages }, (_, i) => `page-${String(i + 1).padStart(3, '0')}.png`));
      expect((await readdir(dir)).filter((name) => name.endsWith('.png'))).toHaveLength(pages);
      for (const image of images) {
        const size = pngSize(await readFile(image.file));
        // A5 is 420 × 594.96 pt; pdftoppm rounds the pixel size up.
        expect(size.width).toBe(Math.ceil((420 * dpi) / 72));
        expect(size.height).toBe(Math.ceil((594.96 * dpi) / 72));
        expect(size).toEqual({ width: image.width, height: image.height });
      }
    }
  });

  it('writes the same images with one pdftoppm or two', async () => {
    const one = await renderPageImages(oldPdf, path.join(work, 'one'), { jobs: 1 });
    const two = await renderPageImages(oldPdf, path.join(work, 'two'), { jobs: 2 });
    for (const [index, image] of one.entries()) expect((await readFile(image.file)).equals(await readFile(two[index]!.file))).toBe(true);
  });
});

describe('diffPdfs', () => {
  it('finds nothing between a PDF and itself', async () => {
    const same = await diffPdfs(oldPdf, oldPdf, { workDir: path.join(work, 'same') });
    expect(same).toMatchObject({ changedPages: [], diffImages: [], removedPages: [], movedParagraphs: [], pageCountOld: pages, pageCountNew: pages });
    expect(await readdir(path.join(work, 'same'))).toEqual([]);
  });

  it('reports exactly the pages whose text changed, with one diff image each', async () => {
    const before = texts(oldPdf, diff.pageCountOld);
    const after = texts(newPdf, diff.pageCountNew);
    const expected = after.map((text, i) => (text !== before[i] ? i + 1 : 0)).filter(Boolean);
    expect(expected.length).toBeGreaterThan(1); // the edit shifted lines onto following pages
    expect(expected.length).toBeLessThan(pages); // …but not the whole book
    expect(diff.changedPages).toEqual(expected);
    expect(diff.diffImages).toHaveLength(expected.length);
    for (const [index, file] of diff.diffImages.entries()) {
      expect(path.basename(file)).toBe(`diff-${String(expected[index]).padStart(3, '0')}.png`);
      expect(pngSize(await readFile(file))).toEqual({ width: Math.ceil((420 * 100) / 72), height: Math.ceil((594.96 * 100) / 72) });
    }
    expect(diff.changedPixels.every((n) => n > 0)).toBe(true);
  });

  it('reports the paragraphs pushed to another page, and only those', async () => {
    // Independently: where the first 12 characters of each manuscript block appear, in each PDF.
    const config = (await loadConfig(path.join(work, 'book'))).config;
    const manuscripts = await loadManuscripts(path.join(work, 'book'), config);
    const blocks: string[] = [];
    for (const m of manuscripts) {
      visit(m.tree, (node: Nodes) => {
        if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'leafDirective') return undefined;
        const text = squash(mdastText(node));
        if (text.length >= 12) blocks.push(text.slice(0, 12));
        return 'skip';
      });
    }
    const before = texts(oldPdf, diff.pageCountOld);
    const after = texts(newPdf, diff.pageCountNew);
    const lastPageWith = (all: string[], start: string) => all.map((text, i) => (text.includes(start) ? i + 1 : 0)).filter(Boolean).pop();
    const expected = new Map<string, [number, number]>();
    for (const start of blocks) {
      const [from, to] = [lastPageWith(before, start), lastPageWith(after, start)];
      if (from && to && from !== to) expected.set(start, [from, to]);
    }
    expect(expected.size).toBeGreaterThan(0);
    for (const [start, [from, to]] of expected) {
      expect(diff.movedParagraphs, start).toContainEqual(expect.objectContaining({ fromPage: from, toPage: to }));
      // A caption without its photo prints a ▲ before it (generated content, not in the manuscript).
      expect(diff.movedParagraphs.some((m) => squash(m.text).replace(/^[▲▶]/u, '').startsWith(start) && m.fromPage === from && m.toPage === to), start).toBe(true);
    }
    // Every reported move is real: its start is on the old page in the old PDF, on the new page in the new one.
    for (const move of diff.movedParagraphs) {
      const start = squash(move.text).slice(0, 8);
      expect(before[move.fromPage - 1], move.text).toContain(start);
      expect(after[move.toPage - 1], move.text).toContain(start);
      expect([...move.text].length).toBeLessThanOrEqual(20);
    }
    // The case the edit was made for: a paragraph at the foot of a page pushed to the next one.
    expect(diff.movedParagraphs.some((m) => m.toPage === m.fromPage + 1)).toBe(true);
  });
});

describe('makeProofs', () => {
  it('writes page images, a contact sheet, the diff and an index that links them all, relatively', async () => {
    const dir = path.join(work, 'proof');
    const proofs = await makeProofs(newPdf, dir, { title: '利通区政协工作年鉴', previousPdf: oldPdf });
    expect(proofs.pages).toHaveLength(pages);
    expect(proofs.diff?.changedPages).toEqual(diff.changedPages);
    const html = await readFile(proofs.index, 'utf8');
    expect(html).not.toMatch(/<script/i);
    const links = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links).toContain('contact-sheet.png');
    expect(links).toContain('page-001.png');
    expect(links).toContain(`diff/diff-${String(diff.changedPages[0]).padStart(3, '0')}.png`);
    for (const link of links) {
      expect(path.isAbsolute(link) || /^[a-z]+:/i.test(link), link).toBe(false);
      expect(existsSync(path.join(dir, link)), link).toBe(true);
    }
    const sheet = pngSize(await readFile(path.join(dir, 'contact-sheet.png')));
    // Spreads: page 1 alone, then pairs; 5 a row. Thumbnails 100 px wide (A5: 142 px high), labels 38 px (numbers and chapter names), gaps 16 px.
    const spreads = 1 + Math.floor(pages / 2);
    const [columns, rows] = [Math.min(spreads, 5), Math.ceil(spreads / 5)];
    expect(sheet).toEqual({ width: 16 + columns * (200 + 16), height: 16 + rows * (Math.round((100 * 594.96) / 420) + 38 + 16) });
    // A horizontal book: page 1 on the right of the first spread, at the left end of the first row.
    expect(proofs.contactSheet.slots[0]).toMatchObject({ page: 1, x: 16 + 100, y: 16 });
  });
});
