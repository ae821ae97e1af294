/**
 * 图片专辑 (plates): the page-cutting rule (aspect ratios → pages of photos), the plates stage of the
 * pipeline on real image files, the check of a plate without a picture, the page rules, the bleed
 * drawing of the print files and the resolution warning's match of printed pictures to manuscript lines.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { PNG } from 'pngjs';
import fc from 'fast-check';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { transformManuscript } from '../src/pipeline/transform.js';
import { captionLines, chunkPlates, PLATE_COUNTS, rowPartitions, type PlateBox, type PlatePage, type PlatePhoto } from '../src/pipeline/plate-layout.js';
import { plateGeometry } from '../src/pipeline/plate-geometry.js';
import { checkManuscript } from '../src/check/check.js';
import { platePages, platesPageRules } from '../src/render/plates.js';
import { chapterElement } from '../src/render/chapter.js';
import { extendImagesIntoBleed, imageDraws, imageRect } from '../src/press/bleed-images.js';
import { matchImages, resolutionMessage, type PrintedImage } from '../src/proof/image-resolution.js';
import { isPaibanError } from '../src/util/errors.js';

/** The A5 type area of the default book (30字 × 25行 at 10.5 pt): about 111 × 165 mm. */
const A5 = plateGeometry(parseConfig('title: 图\n', 'book.yaml'));
const BOX: PlateBox = { ...A5.box, headMm: 0 };
const photo = (aspect: number, captionChars = 10, bleed = false): PlatePhoto => ({ aspect, captionChars, bleed });
const LAND = 3 / 2;
const PORT = 2 / 3;
const PANO = 3;
/** Each page as its rows' photo counts: [[1, 1]] is one page of two rows of one photo. */
const shape = (pages: PlatePage[]) => pages.map((page) => page.rows.map((row) => row.photos.length));

describe('plates: photos cut into pages by their aspect ratios', () => {
  it('cuts a page into rows every way, in order, at most three photos a row', () => {
    expect(rowPartitions(1)).toEqual([[1]]);
    expect(rowPartitions(2)).toEqual([[1, 1], [2]]);
    expect(rowPartitions(4)).toHaveLength(7);
    expect(rowPartitions(6).every((rows) => rows.every((n) => n <= 3) && rows.reduce((a, b) => a + b) === 6)).toBe(true);
  });

  it('counts caption lines, a little short of the measure for a caption that wraps (it breaks between phrases)', () => {
    expect(captionLines(0, 50, 3)).toBe(0);
    expect(captionLines(16, 50, 3)).toBe(1);
    expect(captionLines(17, 50, 3)).toBe(2);
    expect(captionLines(28, 50, 3)).toBe(3);
  });

  it('sets two landscapes on one page, one per half page', () => {
    const pages = chunkPlates([photo(LAND), photo(LAND)], BOX);
    expect(shape(pages)).toEqual([[1, 1]]);
    for (const placed of pages[0]!.rows.flatMap((row) => row.photos)) expect(placed.widthMm).toBeGreaterThan(BOX.widthMm * 0.8);
  });

  it('sets four portraits two by two, side by side', () => {
    expect(shape(chunkPlates([photo(PORT), photo(PORT), photo(PORT), photo(PORT)], BOX))).toEqual([[2, 2]]);
  });

  it('sets a panorama across the whole width', () => {
    const [page] = chunkPlates([photo(PANO)], BOX);
    expect(page!.rows[0]!.photos[0]!.widthMm).toBeCloseTo(BOX.widthMm, 5);
  });

  it('gives a portrait that fills a page alone its own page rather than shrink it beside a landscape', () => {
    const pages = chunkPlates([photo(LAND), photo(LAND), photo(PORT)], BOX);
    expect(shape(pages)).toEqual([[1, 1], [1]]);
    expect(pages[1]!.fill).toBeGreaterThan(0.85);
  });

  it('puts a bleed photo on a page of its own, covering it, and keeps the order around it', () => {
    const pages = chunkPlates([photo(LAND), photo(LAND), photo(LAND, 10, true), photo(PORT)], BOX);
    expect(pages.map((page) => [page.first, page.count, page.bleed])).toEqual([[0, 2, false], [2, 1, true], [3, 1, false]]);
    expect(pages[1]!.rows[0]!.photos[0]).toMatchObject({ widthMm: BOX.widthMm, heightMm: BOX.heightMm });
  });

  it('leaves room for the title and introduction on the first page that is not a bleed page', () => {
    const box = { ...BOX, headMm: 40 };
    const pages = chunkPlates([photo(LAND, 10, true), photo(PORT), photo(PORT)], box);
    expect(pages.map((page) => page.head)).toEqual([false, true, false].slice(0, pages.length));
    const head = pages.find((page) => page.head)!;
    const used = head.rows.reduce((sum, row) => sum + row.photos[0]!.heightMm + (row.captionLines ? box.captionGapMm + row.captionLines * box.captionLineMm : 0), 0) + (head.rows.length - 1) * box.gapMm;
    expect(used).toBeLessThanOrEqual(box.heightMm - box.headMm + 1e-6);
  });

  it('for any photos: 1, 2, 4 or 6 a page, every photo once and in order, every page inside its room', () => {
    const arbitraryPhoto = fc.record({ aspect: fc.double({ min: 0.3, max: 4, noNaN: true }), captionChars: fc.integer({ min: 0, max: 60 }), bleed: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) });
    fc.assert(
      fc.property(fc.array(arbitraryPhoto, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 50 }), (photos, headMm) => {
        const box = { ...BOX, headMm };
        const pages = chunkPlates(photos, box);
        expect(pages.map((page) => page.first)).toEqual(pages.map((_, k) => pages.slice(0, k).reduce((n, p) => n + p.count, 0)));
        expect(pages.reduce((n, page) => n + page.count, 0)).toBe(photos.length);
        for (const page of pages) {
          expect(PLATE_COUNTS).toContain(page.count);
          expect(page.rows.flatMap((row) => row.photos.map((p) => p.index))).toEqual(Array.from({ length: page.count }, (_, k) => page.first + k));
          if (page.bleed) continue;
          expect(page.rows.flatMap((row) => row.photos).every((p) => !photos[p.index]!.bleed)).toBe(true);
          for (const row of page.rows) {
            const width = row.photos.reduce((sum, p) => sum + p.widthMm, 0) + (row.photos.length - 1) * box.gapMm;
            expect(width).toBeLessThanOrEqual(box.widthMm + 1e-6);
            for (const p of row.photos) expect(p.widthMm / p.heightMm).toBeCloseTo(photos[p.index]!.aspect, 6);
          }
          const height = page.rows.reduce((sum, row) => sum + row.photos[0]!.heightMm + (row.captionLines ? box.captionGapMm + row.captionLines * box.captionLineMm : 0), 0) + (page.rows.length - 1) * box.gapMm;
          // A single photo with a long caption is scaled down to fit; nothing ever stands out of its page.
          expect(height).toBeLessThanOrEqual(box.heightMm - (page.head ? box.headMm : 0) + 1e-6);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** A PNG of the given size, written into the book's images/. */
async function png(dir: string, name: string, width: number, height: number): Promise<void> {
  const image = new PNG({ width, height });
  image.data.fill(200);
  await writeFile(path.join(dir, 'images', name), PNG.sync.write(image));
}

async function platesBook(): Promise<string> {
  const bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-plates-'));
  await mkdir(path.join(bookDir, 'images'));
  await mkdir(path.join(bookDir, 'manuscripts'));
  await png(bookDir, 'land.png', 300, 200);
  await png(bookDir, 'port.png', 200, 300);
  await png(bookDir, 'pano.png', 600, 200);
  return bookDir;
}

async function transform(bookDir: string, body: string, role = 'plates') {
  const file = path.join(bookDir, 'manuscripts', 'plates.md');
  const { meta, tree } = parseManuscript(`---\ntitle: 图片专辑\nrole: ${role}\n---\n\n${body}`, file);
  return transformManuscript({ file, name: 'manuscripts/plates.md', meta, tree }, { id: 'ch1', bookDir, plates: A5 });
}

const byClass = (root: Root | Element, name: string): Element[] => {
  const found: Element[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if ((child.properties.className as string[] | undefined)?.includes(name)) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
};

describe('plates: the pipeline stage', () => {
  it('turns the figures of a plates manuscript into pages of sized photos, the title and introduction on the first', async () => {
    const bookDir = await platesBook();
    const chapter = await transform(
      bookDir,
      '本专辑收录年度重要活动图片。\n\n::figure[甲]{src="../images/land.png"}\n\n::figure[乙]{src="../images/land.png"}\n\n::figure[丙，到页边。]{src="../images/pano.png" bleed}\n\n::figure[丁]{src="../images/port.png"}\n',
    );
    const sheets = chapter.body.children.filter((node): node is Element => node.type === 'element');
    expect(sheets.map((sheet) => (sheet.properties.className as string[]).join(' '))).toEqual(['plate-sheet', 'plate-sheet plate-sheet-bleed', 'plate-sheet']);
    // Each page at the manuscript line of its first block (the introduction's, on the first).
    expect(sheets.map((sheet) => sheet.properties.dataLine)).toEqual(['6', '12', '14']);
    expect(byClass(sheets[0]!, 'plate-page')[0]!.properties.dataPlates).toBe('2');
    expect(byClass(sheets[1]!, 'plate-page')[0]!.properties.dataPlates).toBe('bleed');
    const html = toHtml(chapter.body);
    expect(html).toContain('<h1 class="plates-title">图片<wbr>专辑</h1>');
    expect(html).toMatch(/<p class="plate-intro">本专辑/);
    // The photos in their order, each with its caption under it and its size in millimetres (a 3:2 picture stays 3:2).
    const figures = byClass(chapter.body, 'plate');
    expect(figures.map((figure) => figure.properties.dataLine)).toEqual(['8', '10', '12', '14']);
    const [w, h] = /width: ([\d.]+)mm; height: ([\d.]+)mm/.exec(String((figures[0]!.children[0] as Element).properties.style))!.slice(1).map(Number) as [number, number];
    expect(w / h).toBeCloseTo(1.5, 2);
    expect((figures[0]!.children[1] as Element).tagName).toBe('figcaption');
    // Every picture carries its pixels, read from its header.
    expect((figures[3]!.children[0] as Element).properties.dataPixels).toBe('200x300');
  });

  it('gives the title a page of its own when every photo is a bleed photo', async () => {
    const bookDir = await platesBook();
    const chapter = await transform(bookDir, '::figure[甲]{src="../images/port.png" bleed}\n');
    const sheets = chapter.body.children.filter((node): node is Element => node.type === 'element');
    expect(sheets.map((sheet) => (sheet.properties.className as string[]).join(' '))).toEqual(['plate-sheet', 'plate-sheet plate-sheet-bleed']);
    expect(byClass(sheets[0]!, 'plate-head')).toHaveLength(1);
    expect(byClass(sheets[0]!, 'plate')).toEqual([]);
  });

  it('leaves every other manuscript as it was (a {bleed} figure stays a figure)', async () => {
    const bookDir = await platesBook();
    const chapter = await transform(bookDir, '::figure[甲]{src="../images/land.png" bleed}\n', 'part');
    expect(byClass(chapter.body, 'plate-sheet')).toEqual([]);
    expect(toHtml(chapter.body)).toMatch(/<figure class="figure has-image bleed"/);
  });

  it('stops on a plate without a picture at its line, with what to do — even where captions alone are allowed', async () => {
    const bookDir = await platesBook();
    const error = await transform(bookDir, '::figure[甲]{src="../images/land.png"}\n\n::figure[没有图片]\n').catch((e: unknown) => e);
    expect(isPaibanError(error)).toBe(true);
    expect(error).toMatchObject({ line: 8, message: expect.stringMatching(/^A plate \(图片专辑\) has no picture \(no src\)/), hint: expect.stringContaining('src="../images/') });
  });

  it('stops on a block that is neither a figure nor the introduction, at its line', async () => {
    const bookDir = await platesBook();
    const error = await transform(bookDir, '::figure[甲]{src="../images/land.png"}\n\n后面的段落。\n').catch((e: unknown) => e);
    expect(error).toMatchObject({ line: 8, message: expect.stringContaining('only figures after its introduction') });
    const heading = await transform(bookDir, '## 小标题\n\n::figure[甲]{src="../images/land.png"}\n').catch((e: unknown) => e);
    expect(heading).toMatchObject({ line: 6, message: expect.stringContaining('neither') });
  });

  it('renders the chapter as a section without chapter head or body, anchored on its first page', async () => {
    const bookDir = await platesBook();
    const chapter = await transform(bookDir, '::figure[甲]{src="../images/port.png"}\n\n::figure[乙]{src="../images/pano.png"}\n');
    const html = toHtml(chapterElement(chapter));
    expect(html).toMatch(/^<section class="chapter plates" data-page="ch1" data-source="manuscripts\/plates.md"><div class="plate-sheet" data-line="6" id="ch1">/);
    expect(html).not.toMatch(/chapter-head|chapter-body/);
    expect([...platePages([chapter], () => 7)]).toEqual([7]);
  });
});

describe('plates: check, page rules', () => {
  it('paiban check reports a plate without a picture as an error even with figures.captionOnly', () => {
    const file = checkManuscript('---\ntitle: 图片\nrole: plates\n---\n\n::figure[没有图片]\n', 'plates.md', '/book', { captionOnly: true });
    expect(file.messages.map((m) => [m.line, m.ruleId, m.fatal])).toEqual([[6, 'plate-without-picture', true]]);
    // Elsewhere the figures rule keeps its own words (and captionOnly still allows a caption alone).
    expect(checkManuscript('---\ntitle: 文\n---\n\n::figure[没有图片]\n', 'a.md', '/book', { captionOnly: true }).messages).toEqual([]);
  });

  it('gives plate pages no running head, a folio only with plates.folio: true, on the outer side', () => {
    const without = platesPageRules(parseConfig('title: 图\n', 'book.yaml'));
    expect(without).not.toMatch(/@page plates/);
    expect(without).toMatch(/--plate-width: [\d.]+mm; --plate-height: [\d.]+mm;/);
    const horizontal = platesPageRules(parseConfig('title: 图\nplates:\n  folio: true\n', 'book.yaml'));
    expect(horizontal).toContain('@page plates:left { @bottom-left { content: counter(page);');
    expect(horizontal).toContain('@page plates:right { @bottom-right { content: counter(page);');
    expect(horizontal).not.toMatch(/@top-/);
    // A vertical book's odd pages (Chromium's :right) are left-hand pages: the outer side is the left.
    const vertical = platesPageRules(parseConfig('title: 图\nwriting: vertical\nplates:\n  folio: true\n', 'book.yaml'));
    expect(vertical).toContain('@page plates:right { @bottom-left');
  });

  it('refuses a misspelt plates key in book.yaml and an unknown role in front matter', () => {
    expect(() => parseConfig('title: 图\nplates:\n  folios: true\n', 'book.yaml')).toThrow(/folios/);
    expect(() => parseManuscript('---\ntitle: 图\nrole: photos\n---\n\n文\n', 'a.md')).toThrow(/role/);
  });
});

describe('plates: the bleed of the print files', () => {
  async function pdfWithImage(rect: { x: number; y: number; width: number; height: number }): Promise<PDFDocument> {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([200, 300]);
    const image = new PNG({ width: 4, height: 6 });
    image.data.fill(120);
    page.drawImage(await pdf.embedPng(PNG.sync.write(image)), rect);
    // pdf-lib writes the image's stream when it saves.
    return PDFDocument.load(await pdf.save());
  }
  const contentsOf = (pdf: PDFDocument) => {
    const list = pdf.getPage(0).node.lookup(PDFName.of('Contents'));
    const streams = list instanceof PDFArray ? list.asArray().map((ref) => pdf.context.lookup(ref)) : [list];
    return streams.map((stream) => (stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : Buffer.from((stream as unknown as { getUnencodedContents(): Uint8Array }).getUnencodedContents()).toString('latin1')));
  };

  it('finds every image a page draws, with its placement', async () => {
    const pdf = await pdfWithImage({ x: -10, y: -20, width: 220, height: 340 });
    const page = pdf.getPage(0);
    const draws = imageDraws(contentsOf(pdf).join('\n'), page.node.Resources(), (ref) => pdf.context.lookup(ref as never));
    expect(draws).toHaveLength(1);
    expect(imageRect(draws[0]!.matrix)).toEqual({ x0: -10, y0: -20, x1: 210, y1: 320 });
  });

  it('draws a photo that covers its page again under the page, clipped to the page and the bleed', async () => {
    const pdf = await pdfWithImage({ x: -10, y: -20, width: 220, height: 340 });
    expect(extendImagesIntoBleed(pdf, 3)).toEqual([1]);
    const [underlay] = contentsOf(pdf);
    // 3 mm = 8.5039 pt beyond each edge of the 200 × 300 pt page.
    expect(underlay).toBe('/Artifact BMC q -8.5039 -8.5039 217.0079 317.0079 re W n 220 0 0 340 -10 -20 cm /PaibanBleed0 Do Q EMC');
  });

  it('leaves a picture inside the page alone', async () => {
    const pdf = await pdfWithImage({ x: 20, y: 20, width: 100, height: 150 });
    const before = contentsOf(pdf);
    expect(extendImagesIntoBleed(pdf, 3)).toEqual([]);
    expect(contentsOf(pdf)).toEqual(before);
  });
});

describe('plates: the resolution warning names the picture', () => {
  const printed = (page: number, width: number, height: number, dpi = 150): PrintedImage => ({ page, width, height, dpi, printedMm: [100, 50] });
  const source = (name: string, width: number, height: number, line: number) => ({ file: '/book/manuscripts/a.md', line, src: pathToFileURL(`/book/images/${name}`).href, width, height });

  it('matches printed pictures to the manuscripts’ in order, by their pixels (either way round)', () => {
    const sources = [source('a.png', 300, 200, 5), source('b.png', 300, 200, 7), source('c.jpg', 400, 300, 9)];
    const matched = matchImages([printed(3, 300, 200), printed(4, 300, 400), printed(4, 300, 200), printed(5, 1, 1)], sources);
    expect(matched.map((m) => m?.line)).toEqual([5, 9, undefined, undefined]);
    // A bleed plate's picture, cropped by Chromium to what its box shows: the next picture, when it is a crop of it.
    expect(matchImages([printed(3, 300, 180), printed(4, 300, 180)], sources).map((m) => m?.line)).toEqual([5, 7]);
    expect(matchImages([printed(3, 100, 100)], sources).map((m) => m?.line)).toEqual([undefined]);
  });

  it('says what the picture would need at its printed size', () => {
    expect(resolutionMessage(printed(3, 300, 200), source('a.png', 300, 200, 5), 300)).toBe('Page 3: the picture ../images/a.png (300×200 pixels) prints at 150 dpi over 100×50 mm (print needs 300: 1182×591 pixels at this size)');
  });
});
