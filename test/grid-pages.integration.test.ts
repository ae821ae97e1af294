/**
 * The page fitting (pdf/compose/grid-pages.ts) on a page made to show one rule, in real Chromium: a
 * chapter's last page that would hold nothing but captions of missing photos is taken back by the
 * page before (its paragraphs set tighter). The grid: 10 lines of 20 px, 20 characters of 16 px.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFaces } from '../src/fonts/faces.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { fitPagesToGrid } from '../src/pdf/compose/grid-pages.js';
import { paragraphLinesInPage } from '../src/pdf/compose/paragraph-lines.js';

let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-grid-pages-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The page loaded from a file, as the build loads it: only such a page may use the book's font files. */
async function show(html: string): Promise<void> {
  const file = path.join(dir, 'page.html');
  await writeFile(file, html);
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => document.fonts.ready);
}

const SERIF = pathToFileURL(bookFaces(['Noto Serif SC']).find((face) => face.weight === 400)!.file).href;
const STYLE = `
  @font-face { font-family: Body; src: url("${SERIF}"); }
  :root { --line-pitch: 20px; --grid-lines: 10; --grid-chars: 20; font-size: 16px; }
  body { margin: 0; font-size: 16px; font-family: Body; }
  p, figcaption, h1 { margin: 0; line-height: 20px; text-align: justify; }
  h1 { font-size: 16px; padding-block: 10px; }
  figure { margin: 0; padding-block: 10px; }
  p { text-indent: 0; }`;

/**
 * A chapter: its head (2 lines) and 8 one-line paragraphs fill page 1; page 2 holds two paragraphs of 4 lines
 * (their last line 3 characters: each can lose a line at 3/63 em a character) and two of one line: it is full.
 */
function chapter(captions: string[], after = ''): string {
  const han = (n: number) => '政'.repeat(n);
  const paragraphs = [...Array.from({ length: 8 }, () => han(20)), han(63), han(63), han(20), han(20)];
  const figures = captions.map((caption) => `<figure class="figure caption-only"><figcaption>${caption}</figcaption></figure>`);
  return `<!doctype html><html lang="zh"><head><style>${STYLE}</style></head><body>
    <section class="chapter" data-page="c1"><header class="chapter-head"><h1>标题</h1></header>
    <div class="chapter-body">${paragraphs.map((p) => `<p>${p}</p>`).join('')}${figures.join('')}${after}</div></section></body></html>`;
}

describe('captions alone at a chapter’s end', () => {
  it('are taken back by the page before, its paragraphs set tighter', async () => {
    // The caption (2 lines) would stand alone on page 3: page 2's two long paragraphs each lose a line.
    await show(chapter(['利通区政协开展活动。']));
    const result = await fitPagesToGrid(page);
    expect(result).toMatchObject({ pages: 2, tightened: 2, loosened: 0 });
    const spacing = await page.$$eval('p', (ps) => ps.map((p) => p.style.letterSpacing));
    expect(spacing.filter((s) => s !== '').length).toBe(2);
  });

  it('give up their half lines above and below when a page would otherwise end a line short before them', async () => {
    // Page 2: nine lines of one-line paragraphs (none can lose or gain a line), then a caption of 2 lines.
    const lines = Array.from({ length: 17 }, () => '<p>' + '政'.repeat(20) + '</p>').join('');
    await show(`<!doctype html><html lang="zh"><head><style>${STYLE}</style></head><body>
      <section class="chapter" data-page="c1"><header class="chapter-head"><h1>标题</h1></header>
      <div class="chapter-body">${lines}<figure class="figure caption-only"><figcaption>利通区政协开展活动。</figcaption></figure></div></section></body></html>`);
    const result = await fitPagesToGrid(page);
    expect(result).toMatchObject({ pages: 2, captionsClosed: 1, tightened: 0, loosened: 0 });
    expect(await page.$eval('figure', (figure) => figure.getBoundingClientRect().height)).toBe(20);
  });

  it('go up before the article’s last paragraph when spacing cannot take them back, stacked as before', async () => {
    // Page 2: seven one-line paragraphs and one of two full lines (none can lose a line; one gaining a line is
    // not enough for the three lines the captions need), then four captions: all four would stand on page 3.
    const one = Array.from({ length: 15 }, () => '<p>' + '政'.repeat(20) + '</p>').join('');
    const captions = ['视察校外培训机构。', '开展专题协商。', '组织委员学习。', '开展主题党日活动。'];
    await show(`<!doctype html><html lang="zh"><head><style>${STYLE}</style></head><body>
      <section class="chapter" data-page="c1"><header class="chapter-head"><h1>标题</h1></header>
      <div class="chapter-body">${one}<p>${'协'.repeat(40)}</p>${captions.map((c) => `<figure class="figure caption-only"><figcaption>${c}</figcaption></figure>`).join('')}</div></section></body></html>`);
    const result = await fitPagesToGrid(page);
    expect(result).toMatchObject({ captionsFloated: 1, shortAfter: 0 });
    const order = await page.$$eval('.chapter-body > *', (blocks) => blocks.slice(-5).map((b) => b.tagName));
    expect(order).toEqual(['FIGURE', 'FIGURE', 'FIGURE', 'FIGURE', 'P']);
    // One list: half a line above the first and below the last, none between.
    const pads = await page.$$eval('figure', (figures) => figures.map((f) => [getComputedStyle(f).paddingBlockStart, getComputedStyle(f).paddingBlockEnd].join(' ')));
    expect(pads).toEqual(['10px 0px', '0px 0px', '0px 0px', '0px 10px']);
  });

  it('are not taken back where text follows them on their page', async () => {
    await show(chapter(['利通区政协开展活动。'], '<p>政政政</p>'));
    const result = await fitPagesToGrid(page);
    expect(result).toMatchObject({ pages: 3, tightened: 0 });
  });
});

describe('a line past its column', () => {
  /** Whether each paragraph of the page overflows, as the page fitting asks before keeping a new spacing. */
  const overflowing = () =>
    page.evaluate(`(() => { const lines = (${paragraphLinesInPage.toString()})(false, 20, 16, { chars: 20, settings: { maxTightenEm: 0.08, maxLoosenEm: 0.08, minLastLineChars: 3 }, measure() {} });
      return Array.from(document.querySelectorAll('p')).map((p) => lines.overflows(p)); })()`);

  it('is not a squeezed mark at the line’s end, whose em box passes it by its blank side; it is a run that may not break', async () => {
    const han = (n: number) => '政'.repeat(n);
    // 4 px + 19 characters + a comma squeezed by 8 px take 316 px of the 320 (held on one line, as the
    // composition held it); the comma's em box ends at 324.
    await show(`<!doctype html><html lang="zh"><head><style>${STYLE} body { inline-size: 320px; }</style></head><body>
      <p style="text-indent: 4px"><span style="white-space: nowrap">${han(19)}<span style="margin-inline-end: -8px">，</span></span><br>${han(10)}</p>
      <p><span style="white-space: nowrap">${han(19)}2024年</span></p>
      <p>${han(30)}</p></body></html>`);
    const widths = await page.$$eval('p', (ps) => ps.map((p) => [p.scrollWidth, p.clientWidth]));
    expect(widths[0]![0]).toBeGreaterThan(widths[0]![1]! + 0.5);
    expect(await overflowing()).toEqual([false, true, false]);
  });
});
