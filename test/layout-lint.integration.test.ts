/**
 * The layout checks on a book made to contain each problem (its stylesheet switches off the
 * protections paiban's own has), and checked independently where a second look is cheap.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { pageText, squash } from './helpers/poppler.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
let browser: Browser;
let book: string;
let result: BuildResult;
let found: { line: number | undefined; rule: string; reason: string }[];
let manuscriptLines: string[];

beforeAll(async () => {
  browser = await launchChromium();
  book = await mkdtemp(path.join(tmpdir(), 'paiban-lint-'));
  await mkdir(path.join(book, 'manuscripts'));
  await mkdir(path.join(book, 'images'));
  await mkdir(path.join(book, 'styles'));
  await writeFile(path.join(book, 'images', 'tiny.png'), Buffer.from(PNG_1x1, 'base64'));
  await writeFile(path.join(book, 'book.yaml'), 'title: 排版检查\ndate: 2024-01-01\nchapters:\n  recto: false\noutput:\n  name: lint\n  formats: [pdf]\n');
  const css = await readFile(path.join(repo, 'styles', 'book.css'), 'utf8');
  await writeFile(
    path.join(book, 'styles', 'book.css'),
    `${css}\n/* Fixture: the protections off. */\nh2 { break-after: auto !important; }\np { text-wrap: wrap !important; widows: 1 !important; orphans: 1 !important; line-break: anywhere !important; }\npre, pre code, .code-line { white-space: pre !important; overflow-wrap: normal !important; }\nfigure img, p img { width: 20mm; max-width: none; }\n.chapter-body > p:first-of-type { font-family: monospace !important; }\n:root { --paiban-compose: off; --paiban-fit: off; }\n`,
  );
  let manuscript = '---\ntitle: 检查\n---\n\nSet in a system font by the stylesheet.\n\n```\n' + 'x'.repeat(160) + '\n```\n\n![图](../images/tiny.png)\n\n::pagebreak\n\n::pagebreak\n\n';
  // Sections of one to three lines (a heading lands at some page foot), then two paragraphs whose last line is one character.
  for (let i = 0; i < 40; i += 1) manuscript += `## 标题${i}\n\n${'政协委员履职尽责'.repeat(2 + ((i * 3) % 7))}，${'一二三四五六七'.slice(0, i % 7)}。\n\n`;
  manuscript += `## 孤字\n\n${'政协委员履职尽责'.repeat(3)}政协委员。\n\n${'政协委员履职尽责'.repeat(7)}政协委员履职大。\n\n`;
  await writeFile(path.join(book, 'manuscripts', 'a.md'), manuscript);
  manuscriptLines = manuscript.split('\n');
  result = await buildBook(book, { browser, env: {} });
  found = result.layout.flatMap((file) => file.messages.map((m) => ({ line: m.line, rule: m.ruleId ?? '', reason: m.reason })));
});

afterAll(async () => {
  await browser?.close();
  if (book) await rm(book, { recursive: true, force: true });
});

const rules = (rule: string) => found.filter((f) => f.rule === rule);
const pageOf = (reason: string) => Number(/^Page (\d+)/.exec(reason)?.[1]);

describe('layout checks', () => {
  // (A character no book font has stops the build at the check; a stylesheet can still ask for a system font.)
  it('find text in a fallback font (a font the book did not ask for), on its manuscript line', () => {
    const fallback = rules('fallback-font');
    expect(fallback.length).toBeGreaterThan(0);
    expect(fallback[0]!.reason).toMatch(/^Page 5: .* printed in the fallback font /);
    // That paragraph is line 5 of the manuscript (after three lines of front matter and a blank one).
    expect(manuscriptLines[4]).toBe('Set in a system font by the stylesheet.');
    expect(fallback.map((f) => f.line)).toEqual(fallback.map(() => 5));
  });

  it('find text cut off at the page edge, on its manuscript line', () => {
    // Line 7 opens the code block whose line of 160 x's (line 8) runs off the page.
    expect(manuscriptLines.slice(6, 8)).toEqual(['```', 'x'.repeat(160)]);
    expect(rules('overflow')).toEqual([{ line: 7, rule: 'overflow', reason: expect.stringMatching(/^Text not printed \(cut off at the page edge, or outside the type area\): “x+…” \(\d+ characters\)$/) }]);
  });

  it('find an image printed below 300 dpi, on the manuscript line that places it, with the pixels it would need', () => {
    // One pixel printed 10–20 mm wide: 1–3 dpi.
    const low = rules('image-resolution');
    expect(low).toHaveLength(1);
    expect(low[0]!.reason).toMatch(/^Page \d+: the picture \.\.\/images\/tiny\.png \(1×1 pixels\) prints at [1-3] dpi over \d+×\d+ mm \(print needs 300: \d+×\d+ pixels at this size\)$/);
    expect(manuscriptLines[low[0]!.line! - 1]).toBe('![图](../images/tiny.png)');
  });

  it('find an empty page nobody asked for', () => {
    const empty = rules('empty-page');
    expect(empty).toHaveLength(1);
    const page = Number(/^Page (\d+) is empty/.exec(empty[0]!.reason)?.[1]);
    expect(squash(pageText(result.pdfFile, page)).replace(/\d+$/, '')).toBe('排版检查');
  });

  it('find headings at the foot of a page, where the page’s text really ends with the heading', () => {
    const feet = rules('heading-at-foot');
    expect(feet.length).toBeGreaterThan(0);
    for (const foot of feet) {
      const match = /the heading “(.+)” (is the last line|has only one line of text under it)/.exec(foot.reason);
      expect(match, foot.reason).not.toBeNull();
      const heading = match![1]!;
      // The text block only: from the top margin (20 mm) to the bottom margin (22 mm) of an A5 page.
      const body = squash(pageText(result.pdfFile, pageOf(foot.reason), { top: 56, height: 595 - 56 - 62, width: 420 }));
      // The page ends with the heading, or with the heading and one line under it.
      const at = body.lastIndexOf(squash(heading));
      expect(at, foot.reason).toBeGreaterThan(-1);
      expect(body.length - at - squash(heading).length, foot.reason).toBeLessThanOrEqual(match![2] === 'is the last line' ? 0 : 60);
      // Reported on the heading's own line of the manuscript (1-based).
      expect(foot.line, heading).toBe(manuscriptLines.indexOf(`## ${heading}`) + 1);
    }
  });

  it('find 孤字 and lines that start with forbidden punctuation', () => {
    expect(rules('short-last-line').length).toBeGreaterThan(0);
    expect(rules('line-start-punctuation').length).toBeGreaterThan(0);
    for (const start of rules('line-start-punctuation')) {
      const mark = /a line starts with “([，。、；：？！）》”])”$/.exec(start.reason)?.[1];
      expect(mark, start.reason).toBeDefined();
      // Reported on the manuscript line of the paragraph that holds the mark.
      expect(manuscriptLines[start.line! - 1], start.reason).toContain(mark);
    }
    for (const short of rules('short-last-line')) expect(manuscriptLines[short.line! - 1], short.reason).toMatch(/^政协委员履职尽责/);
  });
});

describe('a print Chromium scaled', () => {
  it('is reported with the size the body printed at, when a block wider than the page slipped through', async () => {
    const scaled = await mkdtemp(path.join(tmpdir(), 'paiban-scaled-'));
    try {
      await mkdir(path.join(scaled, 'manuscripts'));
      await mkdir(path.join(scaled, 'styles'));
      await writeFile(path.join(scaled, 'book.yaml'), 'title: 缩放\ndate: 2024-01-01\noutput:\n  name: scaled\n  formats: [pdf]\n');
      const css = await readFile(path.join(repo, 'styles', 'book.css'), 'utf8');
      // A paragraph wider than the page (A5: 148 mm): Chromium shrinks every page to make room for it.
      await writeFile(path.join(scaled, 'styles', 'book.css'), `${css}\n/* Fixture */\n.chapter-body > p:first-of-type { min-inline-size: 160mm; }\n`);
      await writeFile(path.join(scaled, 'manuscripts', 'a.md'), `---\ntitle: 缩放\n---\n\n${'政协委员履职尽责。'.repeat(20)}\n`);
      const built = await buildBook(scaled, { browser, env: {} });
      const messages = built.layout.flatMap((file) => file.messages).filter((m) => m.ruleId === 'scaled-print');
      expect(messages).toHaveLength(1);
      expect(messages[0]!.reason).toMatch(/^The whole print is scaled to (\d+\.\d\d)%: the body prints at (\d+\.\d+) pt, not 10\.5 pt\. Something is wider than its page or column$/);
      expect(Number(/scaled to ([\d.]+)%/.exec(messages[0]!.reason)![1])).toBeLessThan(99);
      // The book of the checks above printed at its size: no such message there.
      expect(rules('scaled-print')).toEqual([]);
    } finally {
      await rm(scaled, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a deliberate page break', () => {
  it('leaves the page it ends short without a finding, where a page ended short otherwise is reported', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'paiban-pagebreak-'));
    try {
      await mkdir(path.join(broken, 'manuscripts'));
      await writeFile(path.join(broken, 'book.yaml'), 'title: 分页\ndate: 2024-01-01\noutput:\n  name: pagebreak\n  formats: [pdf]\n');
      const text = (n: number) => Array.from({ length: n }, () => '政协委员履职尽责，聚焦中心工作建言献策。'.repeat(4)).join('\n\n');
      await writeFile(path.join(broken, 'manuscripts', 'a.md'), `---\ntitle: 分页\n---\n\n${text(2)}\n\n::pagebreak\n\n${text(30)}\n`);
      const built = await buildBook(broken, { browser, env: {} });
      expect(built.layout.flatMap((file) => file.messages).filter((m) => m.ruleId === 'short-page').map((m) => m.reason)).toEqual([]);
      // The same book with the break made by the stylesheet instead (no ::pagebreak): the short page is reported.
      await mkdir(path.join(broken, 'styles'));
      const css = await readFile(path.join(repo, 'styles', 'book.css'), 'utf8');
      await writeFile(path.join(broken, 'styles', 'book.css'), `${css}\n/* Fixture */\n.chapter-body > p:nth-of-type(2) { break-after: page; }\n`);
      await writeFile(path.join(broken, 'manuscripts', 'a.md'), `---\ntitle: 分页\n---\n\n${text(2)}\n\n${text(30)}\n`);
      const plain = await buildBook(broken, { browser, env: {} });
      expect(plain.layout.flatMap((file) => file.messages).filter((m) => m.ruleId === 'short-page').length).toBeGreaterThan(0);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 180_000);
});
