/**
 * 图片专辑 (plates) in a real print, both writing modes: a plates manuscript of generated PNGs of
 * different aspect ratios (landscapes, portraits, a panorama, a bleed photo, a picture too small for
 * print) and a text chapter after it. Checked from the PDF: each plate page holds the photos the
 * page-cutting rule chose for it, inside the type area (a bleed photo to the trim in the book and into
 * the bleed in the print file, read from the rendered pixels), at their full resolution; each caption
 * stands under its photo, across in both modes; plate pages carry no running head and no folio; the
 * picture below 300 dpi is reported at its manuscript line.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PDFDict, PDFDocument, PDFName, PDFNumber, type PDFStream } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { mmToPoints } from '../src/config/page-size.js';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditLayout } from '../src/proof/audit/index.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';
import { rasterize, type RasterPage } from '../src/proof/raster.js';
import { plateGeometry } from '../src/pipeline/plate-geometry.js';
import { chunkPlates, type PlatePage } from '../src/pipeline/plate-layout.js';
import { imageDraws, imageRect, pageContent } from '../src/press/bleed-images.js';

type Writing = 'horizontal' | 'vertical';

/** The photos of the manuscript: pixel size, colour (RGB), caption, bleed. */
const PHOTOS = [
  { name: 'land-a', w: 1500, h: 1000, rgb: [200, 40, 40], caption: '区政协十一届三次会议开幕。' },
  { name: 'land-b', w: 1500, h: 1000, rgb: [40, 160, 60], caption: '委员视察重点项目建设。' },
  { name: 'port-a', w: 1400, h: 2100, rgb: [40, 60, 200], caption: '委员走访困难群众。' },
  { name: 'port-b', w: 1400, h: 2100, rgb: [200, 160, 40], caption: '委员参加植树活动。' },
  { name: 'port-c', w: 1400, h: 2100, rgb: [160, 40, 160], caption: '调研组在乡村调研。' },
  { name: 'port-d', w: 1400, h: 2100, rgb: [40, 160, 160], caption: '委员讲堂开讲。' },
  { name: 'pano', w: 2400, h: 800, rgb: [90, 90, 200], caption: '黄河利通段全景。' },
  { name: 'bleed', w: 2000, h: 3000, rgb: [20, 120, 220], caption: '利通区城区鸟瞰，到页边的一张照片。', bleed: true },
  { name: 'small', w: 300, h: 200, rgb: [220, 120, 20], caption: '一张分辨率不足的小图。' },
] as const;
const INTRO = '本专辑收录2024年利通区政协重要活动图片。';
/** The manuscript line of each figure (front matter 1–4, blank, the introduction on 6, a figure every second line from 8). */
const figureLine = (k: number) => 8 + 2 * k;

let browser: Browser;
let work: string;
const built = new Map<Writing, { result: BuildResult; chars: PageChar[][]; pdf: PDFDocument; print: PDFDocument; printFile: string }>();

function photoPng(width: number, height: number, [r, g, b]: readonly number[]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i += 1) png.data.set([r!, g!, b!, 255], i * 4);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-plates-'));
  await mkdir(path.join(work, 'manuscripts'));
  await mkdir(path.join(work, 'images'));
  for (const photo of PHOTOS) await writeFile(path.join(work, 'images', `${photo.name}.png`), photoPng(photo.w, photo.h, photo.rgb));
  await writeFile(path.join(work, 'book.yaml'), 'title: 图片测试年鉴\ndate: 2024-12-31\nchapters:\n  recto: false\noutput:\n  name: plates\n  formats: [pdf, print]\nmanuscripts:\n  - manuscripts/01-plates.md\n  - manuscripts/02-text.md\n');
  const figures = PHOTOS.map((p) => `::figure[${p.caption}]{src="../images/${p.name}.png"${'bleed' in p ? ' bleed' : ''}}`);
  await writeFile(path.join(work, 'manuscripts', '01-plates.md'), ['---', 'title: 图片专辑', 'role: plates', '---', '', INTRO, '', ...figures.flatMap((f) => [f, ''])].join('\n'));
  const text = '区政协围绕中心工作，组织委员深入基层开展调查研究，形成一批有分量的调研报告，为区委区政府科学决策提供参考。';
  await writeFile(path.join(work, 'manuscripts', '02-text.md'), ['---', 'title: 工作概况', '---', '', ...Array.from({ length: 30 }, () => [text, '']).flat()].join('\n'));
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing });
    const printFile = path.join(work, 'out', writing, 'plates-print.pdf');
    built.set(writing, {
      result,
      chars: await pageChars(result.pdfFile),
      pdf: await PDFDocument.load(await readFile(result.pdfFile)),
      print: await PDFDocument.load(await readFile(printFile)),
      printFile,
    });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The pages the rule chooses for these photos in this book (what the PDF must show). */
async function expectedPages(writing: Writing): Promise<PlatePage[]> {
  const config = { ...(await loadConfig(work)).config, writing };
  const geometry = plateGeometry(config);
  // The head: the title on two lines, the introduction's one line, a line before the photos (pipeline/plates.ts).
  const box = { ...geometry.box, headMm: 4 * geometry.lineMm };
  return chunkPlates(PHOTOS.map((p) => ({ aspect: p.w / p.h, captionChars: [...p.caption].length, bleed: 'bleed' in p })), box);
}

interface Placed {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  pixels: string;
}

/** The pictures a page draws, top to bottom then left to right, in points from the page's top-left; one drawn twice (the bleed) once. */
function pictures(pdf: PDFDocument, page: number): Placed[] {
  const leaf = pdf.getPage(page - 1);
  const height = leaf.getHeight();
  const text = pageContent(leaf);
  const resources = pdf.context.lookupMaybe(leaf.node.getInheritableAttribute(PDFName.of('Resources')), PDFDict);
  const found: Placed[] = [];
  for (const draw of imageDraws(text, resources, (ref) => pdf.context.lookup(ref as never))) {
    const image = pdf.context.lookup(draw.ref) as PDFStream;
    const pixels = `${(image.dict.get(PDFName.of('Width')) as PDFNumber).asNumber()}x${(image.dict.get(PDFName.of('Height')) as PDFNumber).asNumber()}`;
    const r = imageRect(draw.matrix);
    const placed = { x0: r.x0, x1: r.x1, y0: height - r.y1, y1: height - r.y0, pixels };
    if (!found.some((f) => f.pixels === pixels && Math.abs(f.x0 - placed.x0) < 0.5 && Math.abs(f.y0 - placed.y0) < 0.5)) found.push(placed);
  }
  return found.sort((a, b) => (Math.abs(a.y0 - b.y0) > 1 ? a.y0 - b.y0 : a.x0 - b.x0));
}

const squash = (text: string) => text.replace(/\s/g, '');
/** Pages with pictures: the plate pages, in order (the text chapter has none). */
const platePages = (writing: Writing) => built.get(writing)!.pdf.getPages().map((_, i) => i + 1).filter((page) => pictures(built.get(writing)!.pdf, page).length > 0);

/** The colour of the rendered pixel at (x, y) points from the top-left of a page rendered at 36 dpi (paiban's PDFium renderer: the MediaBox). */
async function pixelAt(file: string, page: number, points: [number, number][]): Promise<number[][]> {
  let image: RasterPage | undefined;
  for await (const rendered of rasterize(file, { dpi: 36, first: page, last: page })) image = rendered;
  return points.map(([x, y]) => {
    const i = (Math.round((y * 36) / 72) * image!.width + Math.round((x * 36) / 72)) * 3;
    return [image!.data[i]!, image!.data[i + 1]!, image!.data[i + 2]!];
  });
}

describe.each(['horizontal', 'vertical'] as const)('plates, %s', (writing) => {
  it('sets on each plate page the photos the rule chose, in order, at their full resolution', async () => {
    const { pdf } = built.get(writing)!;
    const expected = await expectedPages(writing);
    const pages = platePages(writing);
    expect(pages).toHaveLength(expected.length);
    // The rule itself makes pages of 1, 2 and 4 here (two landscapes and two portraits, single portraits, …).
    expect(new Set(expected.map((p) => p.count)).size).toBeGreaterThan(1);
    pages.forEach((page, k) => {
      const drawn = pictures(pdf, page);
      const plan = expected[k]!;
      const sources = Array.from({ length: plan.count }, (_, j) => PHOTOS[plan.first + j]!);
      if (plan.bleed) {
        // Chromium embeds the part of a cropped (object-fit: cover) picture that its box shows, at full resolution.
        const [w, h] = drawn[0]!.pixels.split('x').map(Number) as [number, number];
        expect(drawn).toHaveLength(1);
        expect(w).toBe(sources[0]!.w);
        expect(h).toBeGreaterThan(sources[0]!.h * 0.8);
        return;
      }
      expect(drawn.map((d) => d.pixels), `page ${page}`).toEqual(sources.map((p) => `${p.w}x${p.h}`));
    });
  });

  it('keeps every photo of a plate page inside the type area, and sizes it as the rule did', async () => {
    const { pdf } = built.get(writing)!;
    const config = { ...(await loadConfig(work)).config, writing };
    const area = auditLayout(config).area;
    const expected = await expectedPages(writing);
    platePages(writing).forEach((page, k) => {
      if (expected[k]!.bleed) return;
      const a = area(page);
      const sizes = expected[k]!.rows.flatMap((row) => row.photos);
      pictures(pdf, page).forEach((d, j) => {
        expect(d.x0, `page ${page}`).toBeGreaterThanOrEqual(a.left - 0.5);
        expect(d.x1).toBeLessThanOrEqual(a.right + 0.5);
        expect(d.y0).toBeGreaterThanOrEqual(a.top - 0.5);
        expect(d.y1).toBeLessThanOrEqual(a.bottom + 0.5);
        expect(d.x1 - d.x0).toBeCloseTo(mmToPoints(sizes[j]!.widthMm), 0);
      });
    });
  });

  it('prints a bleed photo to the trim in the book and into the bleed in the print file', async () => {
    const { result, print, printFile } = built.get(writing)!;
    const expected = await expectedPages(writing);
    const page = platePages(writing)[expected.findIndex((p) => p.bleed)]!;
    const blue = (rgb: number[]) => rgb[2]! > 150 && rgb[0]! < 90;
    const { width, height } = built.get(writing)!.pdf.getPage(page - 1).getSize();
    // The book: the photo in the page's corners and at the middle of each edge, inside the trim (the margins).
    const edges: [number, number][] = [[3, 3], [width - 3, 3], [3, height - 3], [width - 3, height - 3], [width / 2, 3], [3, height / 2]];
    expect((await pixelAt(result.pdfFile, page, edges)).every(blue)).toBe(true);
    // The print file: the page has grown by the bleed (3 mm) and the crop-mark margin (5 mm); the photo reaches 2 mm beyond the trim on every side…
    const media = print.getPage(page - 1).getMediaBox();
    const trim = (x: number, y: number): [number, number] => [x - media.x, media.y + media.height - y];
    const beyond = mmToPoints(2);
    const bleedZone = [trim(-beyond, height / 2), trim(width + beyond, height / 2), trim(width / 2, -beyond), trim(width / 2, height + beyond)].map(([x, y]) => [x, y] as [number, number]);
    expect((await pixelAt(printFile, page, bleedZone)).every(blue)).toBe(true);
    // …and no further: the crop-mark margin stays white.
    const outside = mmToPoints(4.5);
    expect((await pixelAt(printFile, page, [trim(-outside, height / 2), trim(width + outside, height / 2)])).every((rgb) => rgb.every((c) => c > 240))).toBe(true);
    // A plate page without bleed has nothing beyond its type area in the print file.
    const plain = platePages(writing)[expected.findIndex((p) => !p.bleed)]!;
    expect((await pixelAt(printFile, plain, [trim(-beyond, height / 2), trim(width + beyond, height / 2)])).every((rgb) => rgb.every((c) => c > 240))).toBe(true);
  });

  it('sets each caption under its photo, across the page in both writing modes', async () => {
    const { pdf, chars } = built.get(writing)!;
    const expected = await expectedPages(writing);
    platePages(writing).forEach((page, k) => {
      const plan = expected[k]!;
      const drawn = pictures(pdf, page);
      const here = chars[page - 1]!.filter((c) => c.char.trim());
      drawn.forEach((d, j) => {
        const photo = PHOTOS[plan.first + j]!;
        if (plan.bleed) {
          // On the bleed photo: a band at the foot of the type area.
          const caption = here.filter((c) => c.font.startsWith('LXGWWenKai') || /[，。]/.test(c.char));
          expect(squash(caption.map((c) => c.char).join(''))).toBe(photo.caption);
          return;
        }
        // The characters just under the photo, within its width (or the row's, when it stands alone): its caption, on one line.
        const alone = plan.rows.find((row) => row.photos.some((p) => p.index === plan.first + j))!.photos.length === 1;
        const under = here.filter((c) => c.y > d.y1 && c.y < d.y1 + 30 && (alone || (c.x > d.x0 - 1 && c.x < d.x1 + 1)));
        expect(squash(under.map((c) => c.char).join('')), `page ${page}`).toBe(photo.caption);
        expect(Math.max(...under.map((c) => c.y)) - Math.min(...under.map((c) => c.y))).toBeLessThan(1);
        expect(under.filter((c) => /\p{Script=Han}/u.test(c.char)).every((c) => c.font.startsWith('LXGWWenKai'))).toBe(true);
      });
    });
  });

  it('carries no running head and no folio on plate pages; the text pages keep theirs', async () => {
    const { chars, result } = built.get(writing)!;
    const config = { ...(await loadConfig(work)).config, writing };
    const area = auditLayout(config).area;
    const plates = platePages(writing);
    const margins = (page: number) => chars[page - 1]!.filter((c) => c.char.trim() && (c.y < area(page).top - 3 || c.y > area(page).bottom + 3));
    for (const page of plates) expect(margins(page).map((c) => c.char).join(''), `page ${page}`).toBe('');
    // The text chapter's second page: its running head and folio 2. The plates stand before the TOC, in
    // the front matter: the body's folio 1 is the text chapter's first page, after the TOC.
    const opens = [...result.chapterPages.values()][1]!;
    expect(opens).toBeGreaterThan(plates[plates.length - 1]! + 1);
    expect(squash(margins(opens + 1).map((c) => c.char).join(''))).toContain('2');
  });

  it('reports the picture too small for print at its manuscript line, and no other layout problem on plate pages', () => {
    const { result } = built.get(writing)!;
    const messages = result.layout.flatMap((file) => file.messages.map((m) => ({ file: path.basename(file.path), line: m.line, rule: m.ruleId, reason: m.reason })));
    const low = messages.filter((m) => m.rule === 'image-resolution');
    expect(low).toEqual([{ file: '01-plates.md', line: figureLine(PHOTOS.length - 1), rule: 'image-resolution', reason: expect.stringMatching(/the picture \.\.\/images\/small\.png \(300×200 pixels\) prints at \d+ dpi/) }]);
    expect(messages.filter((m) => m.file === '01-plates.md' && m.rule !== 'image-resolution')).toEqual([]);
  });
});
