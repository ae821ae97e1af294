/**
 * Punctuation on the printed page, both writing modes, one build each: the sample yearbook plus a
 * fixture chapter with every class of adjacent pair (body, heading and caption), measured from the
 * PDF's character positions by the composition audit.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook } from '../src/make/build-book.js';
import { loadConfig } from '../src/config/load.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { composeLines } from '../src/pdf/compose/index.js';
import { bookFaces } from '../src/fonts/faces.js';
import { auditLayout } from '../src/proof/audit/index.js';
import { auditBook } from '../src/proof/audit/lines.js';
import { auditPunctuation, isUncompressed, summarizePunctuation, type PunctuationAudit } from '../src/proof/audit/punctuation.js';
import { pageChars, type PageChar, type PrintedLine } from '../src/proof/page-chars.js';
import { ESSAYS } from './helpers/essays.js';


/** Every pair class of clreq §3.1.6 in running text, and some in a heading and a caption. */
const PAIRS = ['”，', '》，', '”、', '”。', '），', '）》', '、“', '，“', '”“', '》《', '，《', '。《', '“《', '（“', '。”', '”）', '；“', '：“', '！”', '？”', '”！', '！）'];
const FIXTURE = [
  '---',
  'title: 标点挤压',
  '---',
  '',
  '他说“好”，又说“是”、“对”。书名《甲》，另见（注），再见（乙）》，后记。',
  '',
  '项目、“丙”，以及“丁”“戊”，《己》《庚》，还有《辛》。《壬》出版，“《癸》”与（“子”）并列。',
  '',
  '他说：“走吧。”又说；“留下”。后来的事（不必细说）。',
  '',
  '他喊：“快跑！”又问：“真的吗？”回答是“好”！（真的！）再问“真的？！”他答：怎么会这样？！太好了！！！大家都笑了。',
  '',
  '## 关于“两个全覆盖”，见成效',
  '',
  '::figure[委员“会客厅”、“连心桥”，（试点）》。]',
  '',
].join('\n');

let browser: Browser;
let work: string;
const audits = new Map<'horizontal' | 'vertical', PunctuationAudit>();
const printed = new Map<'horizontal' | 'vertical', PrintedLine[]>();

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-punctuation-'));
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(work, 'manuscripts'), { recursive: true });
  await writeFile(path.join(work, 'manuscripts', 'zz-punctuation.md'), FIXTURE);
  const yaml = (await readFile(path.join(ESSAYS, 'book.yaml'), 'utf8'))
    .replace(/formats: \[[^\]]*\]/, 'formats: [pdf]')
    .replace(/(  - manuscripts\/2024-liangdian-huimou\.md\n)/, '$1  - manuscripts/zz-punctuation.md\n');
  await writeFile(path.join(work, 'book.yaml'), yaml);
  const config = (await loadConfig(work)).config;
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing, lint: false });
    const lines = auditBook(await pageChars(result.pdfFile), auditLayout({ ...config, writing })).lines;
    audits.set(writing, auditPunctuation(lines, writing));
    printed.set(writing, lines);
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(['horizontal', 'vertical'] as const)('punctuation on the printed page, %s', (writing) => {
  it('has no uncompressed adjacent pair: each takes 1.5 em (the halved mark 0.5)', () => {
    const audit = audits.get(writing)!;
    const summary = summarizePunctuation(audit);
    expect(summary.pairs).toBeGreaterThan(60);
    expect(audit.pairs.filter(isUncompressed).map((p) => `p${p.page} ${p.pair} ${p.advanceEm}`)).toEqual([]);
  });

  it('compresses every pair class of the fixture, in body text, heading and caption', () => {
    const found = new Set(audits.get(writing)!.pairs.filter((p) => p.advanceEm <= 1.6).map((p) => p.pair));
    expect(PAIRS.filter((pair) => !found.has(pair))).toEqual([]);
  });

  it('sets ？！ and ！！ in one em (GB/T 15834—2011): side by side in vertical text, the next character one em on', () => {
    const pairs = printed.get(writing)!.flatMap((line) => line.chars.map((c, i) => ({ c, second: line.chars[i + 1], next: line.chars[i + 2] })).filter(({ c, second, next }) => c.char === '？' && second?.char === '！' && next));
    expect(pairs.length).toBe(2);
    for (const { c, second, next } of pairs) {
      // The em of the text around (tate-chu-yoko sets the pair's own glyphs smaller).
      const em = next!.fontSize;
      if (writing === 'horizontal') {
        expect((second!.left - c.left) / em).toBeCloseTo(0.5, 1);
        expect((next!.left - c.left) / em).toBeLessThan(1.1);
      } else {
        // One em of the column holds both, side by side (tate-chu-yoko).
        expect(Math.abs(second!.top - c.top)).toBeLessThan(1);
        expect(second!.x).toBeGreaterThan(c.x);
        expect((next!.top - c.top) / em).toBeLessThan(1.25);
      }
    }
    // ！！！ takes two em: the first two in one, the third a full em.
    const triple = printed.get(writing)!.flatMap((line) => line.chars.map((c, i) => [c, line.chars[i + 1], line.chars[i + 2], line.chars[i + 3]] as const).filter(([c, second, third, after]) => c.char === '！' && second?.char === '！' && third?.char === '！' && after));
    expect(triple.length).toBe(1);
    const [first, , , after] = triple[0]!;
    const along = (c: PageChar) => (writing === 'horizontal' ? c.left : c.top);
    expect((along(after!) - along(first)) / after!.fontSize).toBeGreaterThan(1.85);
    expect((along(after!) - along(first)) / after!.fontSize).toBeLessThan(2.25);
  });

  it('sets the 间隔号 one em wide (“书香政协·悦读月享”)', () => {
    const dots = printed.get(writing)!.flatMap((line) => line.chars.map((c, i) => ({ c, before: line.chars[i - 1], after: line.chars[i + 1] })).filter(({ c, before, after }) => c.char === '·' && before && after));
    expect(dots.length).toBeGreaterThan(0);
    for (const { before, after } of dots) {
      // From the character before the dot to the one after it: that character's em and the dot's em (plus justification's few hundredths).
      const along = writing === 'horizontal' ? after!.left - before!.left : after!.top - before!.top;
      expect(along / before!.fontSize).toBeGreaterThan(1.95);
      expect(along / before!.fontSize).toBeLessThan(2.2);
    }
  });

  it('halves line-end ，。、；： where that lets a line fit; a full-width one only ends a line that is not spread', () => {
    const summary = summarizePunctuation(audits.get(writing)!);
    expect(summary.lineEndMarks).toBeGreaterThan(10);
    expect(summary.fullLineEndMarks).toBeLessThan(summary.lineEndMarks);
    expect(summary.spreadFullLineEnds).toBe(0);
  });

  it('spreads no line with a full-width mark by more than 0.15 em a gap', () => {
    const summary = summarizePunctuation(audits.get(writing)!);
    expect(summary.spreadOverLimit).toBe(0);
    expect(summary.maxExtraEm).toBeLessThanOrEqual(0.15);
  });
});

/**
 * The composition step on its own, in a page with JavaScript off as the printer opens it: a line of
 * 21 em where “乙，” does not fit (22 em) and ， may not start a line, and a line starting with “.
 * Set in the book's Noto Serif SC, from its npm package (its halt feature is all the step needs; a
 * system CJK face may not be installed, and Chromium would fall back to one without it).
 */
describe('the composition step in a print page', () => {
  const html = (lineStart: 'full' | 'half') => `<!doctype html><html lang="zh-Hans"><head><style>
    @font-face { font-family: "Book Serif"; src: url("${pathToFileURL(bookFaces(['Noto Serif SC'])[0]!.file).href}"); }
    @page { size: 148mm 210mm; margin: 20mm 16mm 22mm 20mm; }
    :root { --line-start-opening: ${lineStart}; font: 20px "Book Serif"; text-spacing-trim: space-all; line-break: strict; }
    body { margin: 0; } p { margin: 0; text-align: justify; } .pj-half { font-feature-settings: "halt"; }
  </style></head><body>
    <p id="end">一二三四五六、七八九十一二、三四五六七八乙，丙丁戊己庚辛。</p>
    <p id="start">一二三四五六七八九十一二三四五六七八九十一“甲乙”丙丁。</p>
  </body></html>`;

  async function composed(lineStart: 'full' | 'half') {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // A file, not setContent: only a page loaded from a file may load a file:// font (DESIGN.md).
      const dir = await mkdtemp(path.join(tmpdir(), 'paiban-compose-'));
      await writeFile(path.join(dir, 'page.html'), html(lineStart));
      await page.goto(pathToFileURL(path.join(dir, 'page.html')).href);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      void rm(dir, { recursive: true, force: true }).catch(() => undefined);
      const result = await composeLines(page);
      const spans = await page.evaluate(() =>
        Array.from(document.querySelectorAll('span')).map((span) => `${span.closest('p')!.id}:${span.className}:${span.textContent}`),
      );
      return { result, spans };
    } finally {
      await context.close();
    }
  }

  it('halves the line-end ， and squeezes the line’s 、 evenly so that “乙，” fits; leaves the line start alone by default', async () => {
    const { result, spans } = await composed('full');
    expect(spans).toEqual(['end:pj-squeeze:、', 'end:pj-squeeze:、', 'end:pj-half:，']);
    expect(result.pulled).toBe(1);
    expect(result.lineStarts).toBe(0);
  });

  it('with punctuation.lineStart: half, sets an opening mark at a line start half width', async () => {
    const { result, spans } = await composed('half');
    expect(spans).toContain('start:pj-half:“');
    expect(result.lineStarts).toBe(1);
  });
});
