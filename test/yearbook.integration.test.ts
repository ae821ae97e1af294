/**
 * A small 年鉴 built in both writing modes and checked from the PDF: the 2022 article as 特载 (one
 * column), the 2024 article as a 类目 (two columns) whose `##` are 分目 and whose paragraphs are opened
 * by `###` 条目, with a statistical table wider than a column. Measured from the characters' places
 * (mutool, as the composition audit reads them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { BookConfig } from '../src/config/schema.js';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditChars, auditLayout, type AuditReport } from '../src/proof/audit/index.js';
import { auditBook, columnGutters, type AuditLine } from '../src/proof/audit/lines.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';
import { rasterize, type RasterPage } from '../src/proof/raster.js';
import { ESSAYS } from './helpers/essays.js';
import { INDEX_ID } from '../src/render/index-pages.js';

type Writing = 'horizontal' | 'vertical';

/** The 2024 article as a 类目: each paragraph under a ## whose first sentence is a short phrase becomes a 条目 with that phrase as title. */
export function asPart(text: string, withTable = true): { manuscript: string; entries: string[] } {
  const entries: string[] = [];
  const lines = text.replace(/^order: 2$/m, 'order: 2\nrole: part').split('\n');
  const out: string[] = [];
  let inSection = false;
  for (const line of lines) {
    // A 条目 stands under a 分目: none before the first ##.
    if (line.startsWith('## ')) inSection = true;
    const m = /^([^，。！？：#:\n“”]{4,12})[，。]/u.exec(line);
    if (m && inSection && !line.startsWith('::') && entries.length < 14) {
      entries.push(m[1]!);
      out.push(`### ${m[1]}`, '', line.slice(m[0].length));
    } else out.push(line);
  }
  const table = [
    '',
    '表1　2024年履职主要数据',
    '',
    '| 项目 | 常委会议集中学习 | 专题协商监督座谈 | 解剖式调研视察 | 专项民主监督活动 | 审查立案提案 | 转化社情民意信息 | 线上线下培训委员 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    '| 次数或件数 | 1,000,039 | 1,000,005 | 1,000,020 | 1,000,006 | 1,000,133 | 1,000,168 | 1,000,580 |',
    '',
    '注：数字为测试用，非文章所载。',
    '',
  ];
  const at = out.findIndex((line) => line.startsWith('## '));
  if (withTable) out.splice(at, 0, ...table);
  return { manuscript: out.join('\n'), entries };
}

let browser: Browser;
let work: string;
let entries: string[];
const built = new Map<Writing, { result: BuildResult; chars: PageChar[][]; lines: AuditLine[]; report: AuditReport; config: BookConfig }>();

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-yearbook-'));
  await mkdir(path.join(work, 'manuscripts'));
  const special = (await readFile(path.join(ESSAYS, 'manuscripts', '2022-gongzuo-liangdian.md'), 'utf8')).replace(/^order: 1$/m, 'order: 1\nrole: special').replace(/^source:.*\n/m, '');
  const part = asPart((await readFile(path.join(ESSAYS, 'manuscripts', '2024-liangdian-huimou.md'), 'utf8')).replace(/^source:.*\n/m, ''));
  entries = part.entries;
  await writeFile(path.join(work, 'manuscripts', 'a.md'), special);
  await writeFile(path.join(work, 'manuscripts', 'b.md'), part.manuscript);
  // A second 类目 without a block spanning its columns: the page fitting counts it column by column.
  const plain = asPart((await readFile(path.join(ESSAYS, 'manuscripts', '2022-gongzuo-liangdian.md'), 'utf8')).replace(/^source:.*\n/m, '').replace(/^order: 1$/m, 'order: 3'), false);
  await writeFile(path.join(work, 'manuscripts', 'c.md'), plain.manuscript.replace(/^order: 3$/m, 'order: 3\nrole: part'));
  await writeFile(path.join(work, 'book.yaml'), ['title: 利通区政协年鉴', 'kind: yearbook', 'date: 2024-12-31', 'figures:', '  captionOnly: true', 'manuscripts:', '  - manuscripts/a.md', '  - manuscripts/b.md', '  - manuscripts/c.md', 'output:', '  name: nj', '  formats: [pdf]', ''].join('\n'));
  for (const writing of ['horizontal', 'vertical'] as const) {
    const config = { ...(await loadConfig(work)).config, writing };
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing });
    const chars = await pageChars(result.pdfFile);
    const layout = auditLayout(config);
    // The index (a yearbook has one) is a list, not running text: the lint leaves its pages out of the audit, and so does this.
    const index = result.chapterPages.get(INDEX_ID)!;
    expect(index).toBeGreaterThan(10);
    const text = chars.map((page, i) => (i + 1 >= index ? [] : page));
    built.set(writing, { result, chars, lines: auditBook(text, layout).lines, report: auditChars(text, layout), config });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const squash = (text: string) => text.replace(/\s/g, '');

describe.each(['horizontal', 'vertical'] as const)('a yearbook, %s', (writing) => {
  it('is 大16开 with a 9 pt body: the yearbook defaults', () => {
    const { config, chars } = built.get(writing)!;
    expect(config.page.size.name).toBe('大16开');
    const sizes = chars.flat().filter((c) => c.font.startsWith('NotoSerifSC') && /\p{Script=Han}/u.test(c.char)).map((c) => Math.round(c.fontSize * 10) / 10);
    const mode = [...new Set(sizes)].sort((a, b) => sizes.filter((s) => s === b).length - sizes.filter((s) => s === a).length)[0];
    expect(mode).toBe(9);
  });

  it('sets each 条目 title run in: 【title】 in the heading face, its text following on the same line', () => {
    const { lines } = built.get(writing)!;
    for (const title of entries) {
      const line = lines.find((l) => squash(l.text).includes(`【${title}】`));
      expect(line, title).toBeDefined();
      const at = squash(line!.text).indexOf(`【${title}】`);
      // Text follows the title on its line.
      expect(squash(line!.text).length, title).toBeGreaterThan(at + title.length + 3);
      // The characters between 【 and 】 are the heading face's; the text after them the body face's.
      const open = line!.chars.findIndex((c) => c.char === '【');
      const close = line!.chars.findIndex((c, i) => i > open && c.char === '】');
      expect(line!.chars.slice(open + 1, close).every((c) => c.font.startsWith('NotoSansSC')), title).toBe(true);
      expect(line!.chars[close + 1]!.font.startsWith('NotoSerifSC'), title).toBe(true);
    }
  });

  it('opens the 类目 on a recto with its opener page: its 分目 listed, no running head, no folio', () => {
    const { result, chars } = built.get(writing)!;
    const opener = result.chapterPages.get('ch2')!;
    expect(opener % 2).toBe(1);
    const text = squash(chars[opener - 1]!.map((c) => c.char).join(''));
    expect(text).toContain('砥砺深耕践使命');
    expect(text).toContain('坚持思想引领铸魂赋能强基');
    // Nothing at 7.5 pt (the margin boxes' size) on the opener.
    expect(chars[opener - 1]!.filter((c) => Math.abs(c.fontSize - 7.5) < 0.2)).toEqual([]);
  });

  it('keeps every body line of the columns on the line grid (the lower band of a vertical book too)', () => {
    const { report } = built.get(writing)!;
    const off = report.figures['grid']!['offGridLines']!.value;
    expect(off, JSON.stringify(report.findings.filter((f) => f.rule === 'off-grid'))).toBe(0);
  });

  it('finds every character of the manuscripts printed, the table moved to a page’s top included, and no line opening with a mark (the layout lint)', () => {
    const { result } = built.get(writing)!;
    const messages = result.layout.flatMap((file) => file.messages).filter((m) => m.ruleId === 'overflow' || m.ruleId === 'line-start-punctuation');
    expect(messages.map((m) => m.reason)).toEqual([]);
  });

  it('ends every column of a page whose text runs on on the last line, and balances the columns above a spanning block and at the 类目’s end (the audit, column by column)', () => {
    const { report, result } = built.get(writing)!;
    const columns = report.figures['columns']!;
    // Both 类目 are counted column by column, ch2 with a table spanning its columns (where it does not
    // fit its page's rest it goes to the next page's top), ch3 without.
    const parts = result.chapterPages.get('ch2')!;
    const faults = report.findings.filter((f) => ['short-column', 'unbalanced-columns', 'short-page', 'off-grid'].includes(f.rule));
    expect(columns['columns']!.value).toBe(2);
    expect(columns['columnRuns']!.value).toBeGreaterThan(2);
    expect(result.pages - result.chapterPages.get('ch3')!).toBeGreaterThan(2);
    expect(faults.filter((f) => f.page >= parts)).toEqual([]);
    expect(columns['unbalancedRuns']!.value, JSON.stringify(faults)).toBe(0);
    expect(columns['bodyLinesColumn1']!.value).toBeGreaterThan(50);
    expect(columns['bodyLinesColumn2']!.value).toBeGreaterThan(50);
  });

  it('runs the 类目 on versos and the 分目 current at the top of the page on rectos', () => {
    const { result, chars, lines } = built.get(writing)!;
    const opener = result.chapterPages.get('ch2')!;
    const headings = ['坚持思想引领铸魂赋能强基', '坚持服务大局突出履职主线', '坚持团结民主凝聚履职合力', '坚持从严从实提升履职质效'];
    let checked = 0;
    // The 类目 ch2 runs to the page before the next 类目 (ch3) opens (a blank page before it has no head).
    for (let page = opener + 1; page < result.chapterPages.get('ch3')!; page += 1) {
      // The running head stands above the type area.
      const top = auditLayout(built.get(writing)!.config).area(page).top;
      const head = squash(chars[page - 1]!.filter((c) => c.y < top - 2 && !/^\d$/.test(c.char)).sort((a, b) => a.x - b.x).map((c) => c.char).join(''));
      if (!head) continue;
      if (page % 2 === 0) {
        expect(head, `p${page}`).toBe('砥砺深耕践使命奋楫扬帆向未来');
      } else {
        // The last 分目 whose heading prints on an earlier page, or in this page's first lines.
        const first = lines.find((l) => l.page === page && l.kind !== 'other');
        // (Not the opener page: it lists the 分目.)
        const before = lines.filter((l) => l.page > opener && (l.page < page || (l.page === page && l === first)));
        const current = [...before].reverse().find((l) => headings.some((h) => squash(l.text).startsWith(h)));
        const expected = current ? headings.find((h) => squash(current.text).startsWith(h)) : undefined;
        expect(head.startsWith(expected ?? '砥砺深耕'), `p${page}: ${head}`).toBe(true);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('draws every glyph of a running head (the text reads right even when a glyph is blank: the ink is measured)', async () => {
    const { result, chars, config } = built.get(writing)!;
    const page = result.chapterPages.get('ch2')! + 1;
    const top = auditLayout(config).area(page).top;
    const head = chars[page - 1]!.filter((c) => c.y < top - 2 && c.char.trim() && !/^\d$/.test(c.char));
    expect(head.length).toBeGreaterThan(1);
    // The band above the type area at 100 dpi (paiban's PDFium renderer): the columns that carry ink.
    const dpi = 100;
    let image: RasterPage | undefined;
    for await (const rendered of rasterize(result.pdfFile, { dpi, first: page, last: page })) image = rendered;
    const { width, data } = image!;
    const height = Math.floor(((top - 2) * dpi) / 72);
    const dark = (x: number, y: number) => Math.max(data[(y * width + x) * 3]!, data[(y * width + x) * 3 + 1]!, data[(y * width + x) * 3 + 2]!) < 128;
    const inked: number[] = [];
    for (let x = 0; x < width; x += 1) for (let y = 0; y < height; y += 1) if (dark(x, y)) { inked.push(x); break; }
    const inkWidth = ((Math.max(...inked) - Math.min(...inked)) * 72) / dpi;
    // The head's characters (7.5 pt each) from the first to the last: the ink spans nearly all of it.
    const textWidth = Math.max(...head.map((c) => c.x)) - Math.min(...head.map((c) => c.x));
    expect(inkWidth).toBeGreaterThan(textWidth * 0.9);
  });

  it('names every font of the book, the drawn heads’ too, as a subset: a tag of six capitals and +', () => {
    const fonts = execFileSync('pdffonts', [built.get(writing)!.result.pdfFile], { encoding: 'utf8' }).split('\n').slice(2).filter((line) => line.trim());
    expect(fonts.length).toBeGreaterThan(3);
    expect(fonts.some((line) => line.includes('NotoSansSC'))).toBe(true);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+\s/);
  });

  it('sets the wide table across both columns, and no column rule through it', () => {
    const { lines, config, chars } = built.get(writing)!;
    if (writing === 'vertical') return; // Tables stay horizontal and take the page's width in a vertical book.
    const layout = auditLayout(config);
    // The row's first cell, and the cells on its line: on both sides of the gutter, the table spans the columns.
    const page = chars.findIndex((pageChars) => squash(pageChars.map((c) => c.char).join('')).includes('次数或件数'));
    expect(page).toBeGreaterThan(-1);
    const first = chars[page]!.find((c, i, all) => c.char === '次' && all[i + 1]?.char === '数' && all[i + 2]?.char === '或')!;
    const row = chars[page]!.filter((c) => Math.abs(c.y - first.y) < 2 && c.char.trim());
    const gutter = columnGutters(layout, page + 1)[0]!;
    expect(row.some((c) => c.x < gutter[0])).toBe(true);
    expect(row.some((c) => c.x > gutter[1])).toBe(true);
    expect(squash(row.map((c) => c.char).join(''))).toContain('1,000,580');
    void lines;
  });
});
