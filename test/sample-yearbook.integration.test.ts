/**
 * The repository's own sample, the small 年鉴 (root book.yaml, manuscripts/, images/), built once in each
 * writing mode from a copy and checked from the PDF's characters (mutool, as the composition audit reads
 * them): every manuscript's title opens its chapter, the 类目 opens on a recto with its opener page, the
 * 条目 titles run in as 【…】, and the plates pages carry their captions. What each should print is read
 * from the manuscripts here, without paiban's parser.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { mutoolChars, pageChars, pdfiumChars, type PageChar } from '../src/proof/page-chars.js';
import { compareReadings, hasMutool } from './helpers/readers.js';
import { auditChars, auditLayout } from '../src/proof/audit/index.js';
import { TOC_ID } from '../src/render/toc.js';
import { INDEX_ID } from '../src/render/index-pages.js';
import { destinationPoint, namedDestinations } from '../src/pdf/dests.js';
import { typeArea } from '../src/config/grid.js';
import { loadConfig } from '../src/config/load.js';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { readOutline } from '../src/pdf/outline.js';

type Writing = 'horizontal' | 'vertical';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const squash = (text: string) => text.replace(/\s/g, '');

interface Manuscript {
  file: string;
  title: string;
  role: string | undefined;
  text: string;
}

let browser: Browser;
let work: string;
let manuscripts: Manuscript[];
const built = new Map<Writing, { result: BuildResult; chars: PageChar[][]; html: string }>();

beforeAll(async () => {
  const listed = (parse(await readFile(path.join(repo, 'book.yaml'), 'utf8')) as { manuscripts: string[] }).manuscripts;
  manuscripts = await Promise.all(
    listed.map(async (file) => {
      const text = await readFile(path.join(repo, file), 'utf8');
      const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as { title: string; role?: string };
      return { file, title: front.title, role: front.role, text };
    }),
  );
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-sample-yearbook-'));
  for (const name of ['book.yaml', 'manuscripts', 'images', 'raw']) await cp(path.join(repo, name), path.join(work, name), { recursive: true });
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing, formats: ['pdf', 'html'], lint: false });
    built.set(writing, { result, chars: await pageChars(result.pdfFile), html: await readFile(result.htmlFile, 'utf8') });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The chapter of the manuscript with this role: its id (ch1, ch2, … in book.yaml's order) and manuscript. */
const chapterOf = (role: string) => {
  const index = manuscripts.findIndex((m) => m.role === role);
  expect(index, role).toBeGreaterThan(-1);
  return { id: `ch${index + 1}`, next: `ch${index + 2}`, manuscript: manuscripts[index]! };
};
const pageText = (chars: PageChar[][], page: number) => squash(chars[page - 1]!.map((c) => c.char).join(''));

describe.each(['horizontal', 'vertical'] as const)('the sample yearbook, %s', (writing) => {
  it('builds, every manuscript of the yearbook’s frame in it', () => {
    const { result } = built.get(writing)!;
    expect(result.pages).toBeGreaterThan(20);
    expect(manuscripts.map((m) => m.role)).toEqual(['front', 'plates', 'special', 'special', 'chronicle', 'part', 'appendix']);
  });

  it('prints at its size: the body at 9 pt to a thousandth of a point (a box past a column would shrink every page)', () => {
    const { chars } = built.get(writing)!;
    const counts = new Map<string, number>();
    for (const c of chars.flat()) if (c.font.includes('NotoSerifSC')) counts.set(c.fontSize.toFixed(4), (counts.get(c.fontSize.toFixed(4)) ?? 0) + 1);
    const [size] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    // A squeezed mark's em box 0.7 px past a band's end printed the vertical sample at 8.9914 pt.
    expect(Math.abs(Number(size) - 9)).toBeLessThan(0.0002);
  });

  it('has no page after the TOC that holds captions of missing photos and no text (their Han characters in the caption face alone)', () => {
    const { result, chars } = built.get(writing)!;
    const toc = result.chapterPages.get(TOC_ID)!;
    const alone = chars
      .map((page, index) => ({ page: index + 1, fonts: new Set(page.filter((c) => /\p{Script=Han}/u.test(c.char) && Math.abs(c.fontSize - 7.5) > 0.2).map((c) => c.font.replace(/^[A-Z]{6}\+/, '').split('-')[0]!)) }))
      .filter(({ page, fonts }) => page > toc && fonts.has('LXGWWenKai') && !fonts.has('NotoSerifSC') && !fonts.has('NotoSansSC'));
    expect(alone.map(({ page }) => page)).toEqual([]);
  });

  it('passes the composition audit from the first 特载 page to the index: every body line on the grid, no full page or column ending short, the columns balanced', async () => {
    const { result, chars } = built.get(writing)!;
    const config = { ...(await loadConfig(work)).config, writing };
    const first = result.chapterPages.get(chapterOf('special').id)!;
    const index = result.chapterPages.get(INDEX_ID)!;
    const report = auditChars(chars.map((page, i) => (i + 1 >= first && i + 1 < index ? page : [])), auditLayout(config));
    expect(report.figures['grid']!['bodyLines']!.value).toBeGreaterThan(300);
    expect(report.findings.filter((f) => ['off-grid', 'short-page', 'short-column', 'unbalanced-columns'].includes(f.rule))).toEqual([]);
  });

  it('prints every manuscript’s title on the page its chapter opens', () => {
    const { result, chars } = built.get(writing)!;
    manuscripts.forEach((manuscript, index) => {
      const page = result.chapterPages.get(`ch${index + 1}`)!;
      expect(page, manuscript.file).toBeGreaterThan(0);
      expect(pageText(chars, page), manuscript.file).toContain(squash(manuscript.title));
    });
  });

  it('sets the 编辑说明 and 图片专辑 before the TOC, without folio; the TOC on a recto; folio 1 on the first 特载 page; all four in the bookmarks', async () => {
    const { result, chars } = built.get(writing)!;
    const front = result.chapterPages.get(chapterOf('front').id)!;
    const plates = result.chapterPages.get(chapterOf('plates').id)!;
    const toc = result.chapterPages.get(TOC_ID)!;
    const special = result.chapterPages.get(chapterOf('special').id)!;
    expect(front).toBe(3);
    expect(front < plates && plates < toc && toc < special).toBe(true);
    expect(toc % 2).toBe(1);
    expect(pageText(chars, toc)).toContain('目录');
    // The TOC lists the 特载 first, not what stands before it.
    const listed = pageText(chars, toc);
    expect(listed).not.toContain(squash(chapterOf('front').manuscript.title));
    expect(listed.indexOf(squash(chapterOf('special').manuscript.title))).toBeGreaterThan(-1);
    // Folios (7.5 pt at the foot) only from the 特载 on, and 1 there (a chapter's opening page shows its folio).
    const pdf = await PDFDocument.load(await readFile(result.pdfFile));
    // Below the type area (the bottom margin is 24 mm): the margin box's folio, not the colophon's 7.5 pt lines.
    const foot = pdf.getPage(0).getHeight() - (24 * 72) / 25.4;
    const folio = (page: number) => chars[page - 1]!.filter((c) => c.y > foot && Math.abs(c.fontSize - 7.5) < 0.2 && /\d/.test(c.char)).map((c) => c.char).join('');
    for (let page = 1; page < special; page += 1) expect(folio(page), `p${page}`).toBe('');
    expect(folio(special)).toBe('1');
    expect(folio(special + 1)).toBe('2');
    const outline = readOutline(pdf).map((item) => item.title);
    expect(outline.slice(0, 4)).toEqual([chapterOf('front').manuscript.title, chapterOf('plates').manuscript.title, '目录', chapterOf('special').manuscript.title]);
  });

  it('has an index whose every locator names the page (its printed folio) and the column where its term is printed; a cross-reference the page of its target', async () => {
    const { result, chars, html } = built.get(writing)!;
    const pdf = await PDFDocument.load(await readFile(result.pdfFile));
    const destinations = namedDestinations(pdf);
    const config = { ...(await loadConfig(work)).config, writing };
    const area = typeArea(config);
    const height = pdf.getPage(0).getHeight();
    // The term of each spot, from the index in the HTML (a subheading's spot carries its main term).
    const terms = new Map<string, string>();
    let main = '';
    for (const entry of html.matchAll(/<p class="index-entry( index-sub)?">([\s\S]*?)<\/p>/g)) {
      const term = squash(/<span class="index-term">([\s\S]*?)<\/span>/.exec(entry[2]!)![1]!.replace(/<[^>]+>/g, ''));
      if (!entry[1]) main = term;
      for (const link of entry[2]!.matchAll(/href="#([^"]+)"/g)) terms.set(link[1]!, entry[1] ? main : term);
    }
    expect(terms.size).toBeGreaterThan(40);
    const foot = height - (24 * 72) / 25.4;
    const folioOf = (page: number) => chars[page - 1]!.filter((c) => c.y > foot && /\d/.test(c.char)).map((c) => c.char).join('');
    const first = result.chapterPages.get(INDEX_ID)!;
    const seen = new Set<string>();
    let ranges = 0;
    for (let page = first; page <= pdf.getPageCount(); page += 1) {
      for (const ref of pdf.getPage(page - 1).node.Annots()?.asArray() ?? []) {
        const annotation = pdf.context.lookup(ref, PDFDict);
        const name = annotation.get(PDFName.of('Dest'));
        const id = name instanceof PDFName ? name.decodeText() : '';
        const term = terms.get(id);
        if (term === undefined) continue; // not a locator
        const [x0, y0, x1, y1] = annotation.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber()) as [number, number, number, number];
        // The locator as printed: the characters inside the link (their y measured from the top).
        const locator = chars[page - 1]!.filter((c) => c.x >= x0 - 1 && c.x <= x1 + 1 && height - c.y >= y0 - 1 && height - c.y <= y1 + 1).map((c) => c.char).join('').replace(/\s/g, '');
        // 12a, or a 条目 that runs on: 12a—13b (from its start to the mark at its end, pipeline/entries.ts).
        const match = /^(\d+)([abc]?)(?:—(\d+)([abc]?))?$/.exec(locator);
        expect(match, `${id} “${locator}”`).not.toBeNull();
        // A range never reads backwards (12b—12a: a 条目 whose end stands under a table spanning the columns).
        expect(match![3] === match![1] && match![4]! < match![2]!, `${id} “${locator}”`).toBe(false);
        const place = (anchor: string, folio: string, letter: string) => {
          const target = destinations.get(anchor)!;
          expect(folioOf(target.pageIndex + 1), `${anchor} ${term}`).toBe(folio);
          if (!letter) return;
          const point = destinationPoint(target)!;
          const share = (writing === 'vertical' ? height - point.top : point.left) / area.inlinePt;
          expect(letter, `${anchor} ${term}`).toBe(share < 0.5 ? 'a' : 'b');
        };
        place(id, match![1]!, match![2]!);
        if (match![3]) {
          place(`${id}-end`, match![3], match![4]!);
          ranges += 1;
        }
        const target = destinations.get(id)!;
        expect(pageText(chars, target.pageIndex + 1), `${id} on p${target.pageIndex + 1}`).toContain(term);
        seen.add(id);
      }
    }
    // Every spot of the index was checked through its printed link; some 条目 run over a column or a page.
    expect([...terms.keys()].filter((id) => !seen.has(id))).toEqual([]);
    expect(ranges).toBeGreaterThan(0);
    // A first build reads the numbers from its layout probe (pages moved by the blanks to come): one print.
    if (writing === 'horizontal') expect(result.passes).toBe(1);
    // A cross-reference (:ref) prints the folio of its target's page, and links there.
    const refs = [...html.matchAll(/<a class="ref" data-ref-target="([^"]+)" href="#([^"]+)">([\s\S]*?)<\/a>/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, title, id, words] of refs) {
      const target = destinations.get(id!)!;
      expect(squash(words!.replace(/<[^>]+>/g, '')), title).toBe(`（见第${folioOf(target.pageIndex + 1)}页）`);
      expect(pageText(chars, target.pageIndex + 1)).toContain(squash(title!));
      expect(chars.some((page) => squash(page.map((c) => c.char).join('')).includes(`（见第${folioOf(target.pageIndex + 1)}页）`))).toBe(true);
    }
  });

  it('opens the 类目 on a recto with its opener page: its title and 分目, no running head or folio', () => {
    const { result, chars } = built.get(writing)!;
    const { id, manuscript } = chapterOf('part');
    const opener = result.chapterPages.get(id)!;
    expect(opener % 2).toBe(1);
    const text = pageText(chars, opener);
    const sections = [...manuscript.text.matchAll(/^## (.+)$/gmu)].map((m) => squash(m[1]!));
    expect(sections.length).toBeGreaterThan(5);
    for (const section of sections) expect(text, section).toContain(section);
    // No 条目 on the opener: its body starts on the next page.
    expect(text).not.toContain('【');
    // Nothing at 7.5 pt (the margin boxes' size): no running head, no folio.
    expect(chars[opener - 1]!.filter((c) => Math.abs(c.fontSize - 7.5) < 0.2)).toEqual([]);
  });

  it('sets every 条目 title run in: 【title】 in the heading face, its text following on the same line', () => {
    const { chars } = built.get(writing)!;
    const titles = [...chapterOf('part').manuscript.text.matchAll(/^### (.+)$/gmu)].map((m) => squash(m[1]!));
    expect(titles.length).toBeGreaterThan(40);
    // Printed characters only: the space autospace puts between Han and digits is no character of the title.
    const all = chars.flat().filter((c) => c.char.trim());
    const text = all.map((c) => c.char).join('');
    for (const title of titles) {
      const at = text.indexOf(`【${title}】`);
      expect(at, title).toBeGreaterThan(-1);
      const open = all[at]!;
      const close = all[at + [...title].length + 1]!;
      expect(close.char).toBe('】');
      const inside = all.slice(at + 1, at + 1 + [...title].length);
      expect(inside.every((c) => c.font.startsWith('NotoSansSC')), title).toBe(true);
      // The next printed character is body text, on the title's line (same baseline across, same column down).
      const next = all[at + [...title].length + 2]!;
      expect(next.font.startsWith('NotoSerifSC'), title).toBe(true);
      if (writing === 'horizontal') expect(Math.abs(next.y - open.y), title).toBeLessThan(2);
      else expect(Math.abs(next.x - open.x), title).toBeLessThan(2);
    }
  });

  it('prints each plate’s caption on the plates pages', () => {
    const { result, chars } = built.get(writing)!;
    const { id } = chapterOf('plates');
    const first = result.chapterPages.get(id)!;
    // The plates stand before the TOC (the frame: 编辑说明, 图片专辑, 目录, 特载…).
    const last = result.chapterPages.get(TOC_ID)! - 1;
    const captions = [...chapterOf('plates').manuscript.text.matchAll(/^::figure\[(.+)\]\{src="[^"]+"\}$/gmu)].map((m) => squash(m[1]!));
    expect(captions).toHaveLength(8);
    const plates = Array.from({ length: last - first + 1 }, (_, i) => pageText(chars, first + i)).join('');
    for (const caption of captions) expect(plates, caption).toContain(caption);
    // Every plate page has a caption on it: no page of photos alone (the placeholders' words are outlines, not text).
    for (let page = first; page <= last; page += 1) {
      if (!pageText(chars, page)) continue; // a blank page before a recto
      expect(captions.some((caption) => pageText(chars, page).includes(caption.slice(0, 8))), `p${page}`).toBe(true);
    }
  });
});

/**
 * The two page readers (src/proof/page-chars.ts) on the yearbook's pages: two and three columns, 类目
 * openers, plates, the index, tables across a vertical book. The checks above read with mutool where it is
 * installed; PDFium, the reader everywhere else, must see the same characters at the same places.
 */
describe.each(['horizontal', 'vertical'] as const)('the page readers on the sample yearbook, %s', (writing) => {
  it.skipIf(!hasMutool)('PDFium and mutool give every character at the same place and size (to 0.06 pt; Latin advances to 0.12 pt)', async () => {
    const { result } = built.get(writing)!;
    const difference = compareReadings(await mutoolChars(result.pdfFile), await pdfiumChars(result.pdfFile));
    expect(difference.unpaired).toEqual([]);
    // At most the second dash of a 2-em dash that Chromium marked as one (a table note set across the vertical book).
    expect(difference.tails.every((tail) => / — at /.test(tail)), difference.tails.join('; ')).toBe(true);
    expect(difference.tails.length).toBeLessThanOrEqual(writing === 'vertical' ? 2 : 0);
    // Latin capitals of the index's letter heads (Noto Sans SC Bold) differ by up to 0.11 pt in their advance:
    // MuPDF takes it from the font's glyphs, PDFium from the PDF's widths; CJK text agrees to 0.01 pt.
    const tolerance = { x: 0.06, y: 0.06, left: 0.06, top: 0.06, size: 0.12, width: 0.12, fontSize: 0.01 };
    for (const [key, value] of Object.entries(difference.worst)) expect(value, key).toBeLessThan(tolerance[key as keyof typeof tolerance]);
  });
});
