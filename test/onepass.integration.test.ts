/**
 * One full print per build in both writing modes, first builds included: the sample book built into an
 * empty output folder (no layout known: chapters open on rectos, so the book is first laid out without
 * ink), then again (the last build's layout), horizontal and vertical; and a vertical book whose TOC
 * grows a page between two builds (the one case that needs two full prints). Counts the full prints
 * (the build's `passes` and its "pass N" progress events) and checks what the replaced front pages show:
 * the colophon's page-count figures and the TOC's folios, links and tags.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult, type ProgressEvent } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import { namedDestinations } from '../src/pdf/dests.js';
import { markedContentIds } from '../src/pdf/splice.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { charsAndLines } from '../src/render/colophon.js';
import { formatYinzhang, kaibenOf, qianzi, yinzhang } from '../src/render/kaiben.js';
import { bookReader } from './helpers/book.js';
import { textLines } from './helpers/lines.js';
import { squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const articles = ['manuscripts/2022-gongzuo-liangdian.md', 'manuscripts/2024-liangdian-huimou.md'];

interface Built {
  result: BuildResult;
  /** A copy of the PDF (the next build into the same folder replaces it). */
  bytes: Buffer;
  events: ProgressEvent[];
  pdf: PDFDocument;
}

let browser: Browser;
let work: string;
let builds = 0;

async function build(bookDir: string, outDir: string, writing: 'horizontal' | 'vertical'): Promise<Built> {
  const events: ProgressEvent[] = [];
  const result = await buildBook(bookDir, { outDir, browser, env: {}, writing, formats: ['pdf'], lint: false, onProgress: (event) => events.push(event) });
  const bytes = await readFile(result.pdfFile);
  await writeFile(path.join(work, `build-${(builds += 1)}.pdf`), bytes);
  return { result, bytes, events, pdf: await PDFDocument.load(bytes, { updateMetadata: false }) };
}

const fullPrints = (built: Built) => built.events.filter((event) => /^pass \d+$/.test(event.stage)).length;
const stages = (built: Built) => built.events.map((event) => event.stage);
/** The build's PDF as a file of its own, for poppler. */
async function fileOf(built: Built): Promise<string> {
  const file = path.join(work, `copy-${(builds += 1)}.pdf`);
  await writeFile(file, built.bytes);
  return file;
}

/** A vertical book of `chapters` chapters made of the sample's two articles, each opening on a recto. */
async function writeBook(dir: string, chapters: number): Promise<void> {
  await mkdir(path.join(dir, 'manuscripts'), { recursive: true });
  const texts = await Promise.all(articles.map((file) => readFile(path.join(ESSAYS, file), 'utf8')));
  const names: string[] = [];
  for (let index = 1; index <= chapters; index += 1) {
    const text = texts[(index - 1) % texts.length]!.replace(/^title:\s*(.*)$/m, (_line, title: string) => `title: 第${index}篇 ${title.trim()}`);
    const name = `manuscripts/${String(index).padStart(2, '0')}.md`;
    await writeFile(path.join(dir, name), text.replace(/^order:.*$/m, `order: ${index}`).replace(/^source:.*\n/m, ''));
    names.push(name);
  }
  await writeFile(
    path.join(dir, 'book.yaml'),
    ['title: 竖排样书', 'date: 2024-12-31', 'writing: vertical', 'page:', '  size: A5', 'chapters:', '  recto: true', 'figures:', '  captionOnly: true', 'toc:', '  depth: 2', 'output:', '  name: grow', '  formats: [pdf]', 'manuscripts:', ...names.map((n) => `  - ${n}`), ''].join('\n'),
  );
}

const sample: Record<'horizontal' | 'vertical', { first: Built; again: Built }> = {} as never;
let grownBook: { before: Built; after: Built };

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-onepass-'));
  for (const writing of ['horizontal', 'vertical'] as const) {
    const outDir = path.join(work, `sample-${writing}`);
    const first = await build(ESSAYS, outDir, writing);
    sample[writing] = { first, again: await build(ESSAYS, outDir, writing) };
  }
  const bookDir = path.join(work, 'grow');
  const outDir = path.join(work, 'grow-out');
  await writeBook(bookDir, 2);
  const before = await build(bookDir, outDir, 'vertical');
  // Eight chapters instead of two: the TOC takes more pages, so the layout the last build left is wrong.
  await writeBook(bookDir, 8);
  grownBook = { before, after: await build(bookDir, outDir, 'vertical') };
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(['horizontal', 'vertical'] as const)('the sample, %s', (writing) => {
  it('is printed whole once on a first build: laid out without ink first, the front pages printed apart and drawn in', () => {
    const { first } = sample[writing];
    expect(first.result.passes).toBe(1);
    expect(fullPrints(first)).toBe(1);
    expect(stages(first)).toEqual(expect.arrayContaining(['probe', 'pass 1', 'toc']));
    expect(stages(first)).not.toContain('front');
    expect(first.events.find((event) => event.stage === 'pass 1')?.detail).not.toMatch(/moved/);
  });

  it('is printed whole once on a rebuild, from the last layout, and the bytes do not depend on the route', () => {
    const { first, again } = sample[writing];
    expect(again.result.passes).toBe(1);
    expect(fullPrints(again)).toBe(1);
    expect(stages(again)).not.toContain('probe');
    expect(stages(again)).toContain('toc');
    expect(Buffer.compare(first.bytes, again.bytes)).toBe(0);
  });

  it('states the page count’s 印张 and 字数 on the colophon, not the placeholder', async () => {
    const { first } = sample[writing];
    const file = await fileOf(first);
    const config = { ...(await loadConfig(ESSAYS)).config, writing };
    const { chars, lines } = charsAndLines(config);
    const rows = (await textLines(file, writing, (_char, page) => page === 2)).map((line) => squash(line.text));
    expect(rows).toContain(squash(`印张${formatYinzhang(yinzhang(first.result.pages, kaibenOf(config.page.size)!.parts))}`));
    expect(rows).toContain(squash(`字数${qianzi(chars, lines, first.result.pages)}千字`));
    expect(rows.join('')).not.toContain('0123456789');
  });

  it('keeps the TOC linked to its headings, tagged, and numbered with the folios printed on their pages', async () => {
    const { first } = sample[writing];
    const file = await fileOf(first);
    const config = { ...(await loadConfig(ESSAYS)).config, writing };
    const reader = bookReader(file, config);
    const destinations = namedDestinations(first.pdf);
    const firstBody = destinations.get('ch1')!.pageIndex;
    const folios: string[] = [];
    for (let index = 2; index < firstBody; index += 1) {
      const page = first.pdf.getPage(index);
      const annots = page.node.Annots();
      for (let i = 0; i < (annots?.size() ?? 0); i += 1) {
        const dest = annots!.lookup(i, PDFDict).get(PDFName.of('Dest'));
        expect(dest).toBeInstanceOf(PDFName);
        const target = destinations.get((dest as PDFName).decodeText());
        expect(target, (dest as PDFName).decodeText()).toBeDefined();
        folios.push(reader.footText(target!.pageIndex + 1));
      }
      if (annots) expect(markedContentIds(page).length).toBeGreaterThan(0);
    }
    expect(folios.length).toBeGreaterThan(2);
    expect(folios.every((folio) => /^\d+$/.test(folio))).toBe(true);
    // The numbers the TOC prints, line by line (column by column), are the folios of the pages its links go to.
    const lines = await textLines(file, writing, (char, page) => page >= 3 && page <= firstBody && reader.inBody(char));
    const printed = lines.map((line) => /(\d+)$/.exec(line.text)?.[1]).filter((number) => number !== undefined);
    expect(printed).toEqual(folios);
    expect(first.pdf.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
  });
});

describe('a vertical book whose TOC grows a page between two builds', () => {
  it('is printed whole once on its first build and twice after the TOC grew (the layout moved)', () => {
    const frontPages = (built: Built) => namedDestinations(built.pdf).get('ch1')!.pageIndex;
    expect(frontPages(grownBook.after)).toBeGreaterThan(frontPages(grownBook.before));
    expect(grownBook.before.result.passes).toBe(1);
    expect(grownBook.after.result.passes).toBe(2);
    expect(fullPrints(grownBook.after)).toBe(2);
    expect(grownBook.after.events.find((event) => event.stage === 'pass 1')?.detail).toMatch(/layout moved/);
  });

  it('opens every chapter on a recto and keeps a named destination for each', () => {
    const destinations = namedDestinations(grownBook.after.pdf);
    for (let chapter = 1; chapter <= 8; chapter += 1) {
      const target = destinations.get(`ch${chapter}`);
      expect(target, `ch${chapter}`).toBeDefined();
      expect((target!.pageIndex + 1) % 2, `ch${chapter}`).toBe(1);
    }
  });
});

describe('a preview-style rebuild that keeps the last layout in memory', () => {
  it('subsets the fonts from the placeholders, so it prints the same bytes as the build before it', async () => {
    // The preview passes a cache whose pagination holds the real numbers. Fonts cut from those numbers
    // would lack the placeholders' other digits (the vertical colophon's 0.123456789): a different
    // font program, or a glyph Chromium would take from a system font.
    // With Chinese numerals the placeholder (〇零一二三四五六七八九十百千万点) holds characters the text lacks.
    const bookDir = path.join(work, 'chinese-numerals');
    await mkdir(path.join(bookDir, 'manuscripts'), { recursive: true });
    // Short manuscripts with no numbers: the numerals print only in the TOC and the colophon.
    for (const [index, file] of articles.entries()) {
      const head = (await readFile(path.join(ESSAYS, file), 'utf8')).match(/^---\n[\s\S]*?\n---\n/)![0];
      await writeFile(path.join(bookDir, file), `${head}\n## 小节\n\n正文第${'甲乙'[index]}篇。\n`);
    }
    const yaml = (await readFile(path.join(ESSAYS, 'book.yaml'), 'utf8')).replace(/^(\s+digits:\s*)mixed/m, '$1chinese');
    expect(yaml).toMatch(/digits:\s*chinese/);
    await writeFile(path.join(bookDir, 'book.yaml'), yaml);
    const cache = {};
    const outDir = path.join(work, 'preview-style');
    const options = { outDir, browser, env: {}, writing: 'vertical' as const, formats: ['pdf' as const], lint: false, cache };
    const first = await readFile((await buildBook(bookDir, options)).pdfFile);
    expect(cache).toHaveProperty('pagination');
    const again = await readFile((await buildBook(bookDir, options)).pdfFile);
    expect(Buffer.compare(first, again)).toBe(0);
  }, 300_000);
});
