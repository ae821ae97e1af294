/**
 * The hard manuscript (test/fixtures/hard-book: URLs, e-mail, phone numbers, versions, numbers with
 * separators and units, code blocks and inline code, a raw HTML image wider than the page, tables
 * with titles, units, notes and a `|` inside code, lists, captions alone, long Latin words, links),
 * plus a stress chapter that puts “2024年12月31日” at every place of a column, built in both writing
 * modes and measured from the PDF's character positions (mutool, as the composition audit reads them).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { typeArea } from '../src/config/grid.js';
import { buildBook } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditChars, auditLayout, type AuditReport } from '../src/proof/audit/index.js';
import { auditBook, gridPlace, type AuditLine } from '../src/proof/audit/lines.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Writing = 'horizontal' | 'vertical';

/** “2024年12月31日” after 0…44 characters: in a vertical A5 column (45 characters) the year ends a column somewhere. */
function stressChapter(): string {
  const filler = '委员们深入基层倾听民声把群众的期盼写进提案把协商的成果落到实处推动工作取得新进展新成效';
  const paragraphs = Array.from({ length: 46 }, (_, k) => `${filler.repeat(2).slice(0, k)}2024年12月31日，区政协召开会议，通报全年工作。`);
  return ['---', 'title: 日期测试', 'order: 4', '---', '', ...paragraphs.flatMap((p) => [p, ''])].join('\n');
}

let browser: Browser;
let work: string;
const built = new Map<Writing, { chars: PageChar[][]; report: AuditReport; lines: AuditLine[]; layout: VFile[]; pages: number }>();

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-hard-'));
  await cp(path.join(repo, 'test', 'fixtures', 'hard-book'), work, { recursive: true });
  await writeFile(path.join(work, 'manuscripts', '04-riqi.md'), stressChapter());
  const yaml = (await readFile(path.join(work, 'book.yaml'), 'utf8')).replace('  - manuscripts/03-tongxun.md\n', '  - manuscripts/03-tongxun.md\n  - manuscripts/04-riqi.md\n');
  await writeFile(path.join(work, 'book.yaml'), yaml);
  const config = (await loadConfig(work)).config;
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing });
    const chars = await pageChars(result.pdfFile);
    const layout = auditLayout({ ...config, writing });
    built.set(writing, { chars, report: auditChars(chars, layout), lines: auditBook(chars, layout).lines, layout: result.layout, pages: result.pages });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const figure = (report: AuditReport, part: string, key: string) => report.figures[part]![key]!.value;
const text = (writing: Writing) => built.get(writing)!.lines.map((line) => line.text).join('\n');

describe.each(['horizontal', 'vertical'] as const)('the hard manuscript, %s', (writing) => {
  it('prints every page at 100%: the body text is 10.5 pt, as book.yaml says (no image or code line shrinks the print)', () => {
    const sizes = new Map<number, number>();
    for (const c of built.get(writing)!.chars.flat()) if (c.font.startsWith('NotoSerifSC') && /\p{Script=Han}/u.test(c.char)) sizes.set(Math.round(c.fontSize * 100) / 100, (sizes.get(Math.round(c.fontSize * 100) / 100) ?? 0) + 1);
    const body = [...sizes].sort((a, b) => b[1] - a[1])[0]![0];
    expect(body).toBeCloseTo(10.5, 1);
  });

  it('draws no character outside the type area (the stress chapter puts a year at the end of every column)', () => {
    const { report } = built.get(writing)!;
    expect(report.findings.filter((f) => f.rule === 'outside-area').map((f) => `p${f.page} ${f.message}`)).toEqual([]);
    expect(figure(report, 'area', 'outsideArea')).toBe(0);
  });

  it('spreads no line beyond 0.08 em before an unbreakable run, and breaks no number, phone number or percentage', () => {
    const { report } = built.get(writing)!;
    expect(report.findings.filter((f) => f.rule === 'spread-before-run' || f.rule === 'broken-number').map((f) => `p${f.page} ${f.message}`)).toEqual([]);
    for (const run of ['0953-2012345', '13895012345', '1,234,567', '99.95%', '2,345,678.9万元', 'v2.13.0-beta.4']) expect(text(writing).replace(/\s/g, '')).toContain(run);
  });

  it('never draws a character over its neighbour (inline code and sideways numbers in vertical text: “13.0即”, “120或”)', () => {
    const overlaps: string[] = [];
    for (const line of built.get(writing)!.lines.filter((l) => l.kind === 'body')) {
      const chars = line.chars.filter((c) => c.char.trim());
      for (let i = 0; i + 1 < chars.length; i += 1) {
        const [a, b] = [chars[i]!, chars[i + 1]!];
        // Upright digits of one number stand side by side at one height in a vertical column: not an overlap.
        if (/[0-9]/.test(a.char) && /[0-9]/.test(b.char)) continue;
        // Latin letters and digits followed by Han: where Chromium drew the one over the other (marks may be squeezed on purpose).
        if (!/[A-Za-z0-9%.]/.test(a.char)) continue;
        // Centres apart by less than the two halves (a sideways glyph's half is half its advance, its quad's height).
        const half = (c: PageChar) => (writing === 'horizontal' ? c.width : Math.min(c.size, c.fontSize)) / 2;
        const apart = writing === 'horizontal' ? b.x - a.x : b.y - a.y;
        if (half(a) + half(b) - apart > a.fontSize * 0.2) overlaps.push(`p${line.page} “${a.char}${b.char}” in ${line.text.slice(0, 24)}`);
      }
    }
    expect(overlaps).toEqual([]);
  });

  it('keeps every body line on the grid', () => {
    expect(figure(built.get(writing)!.report, 'grid', 'offGridLines')).toBe(0);
  });

  it('reports no text as not printed, for tables, URLs, lists and figures alike', () => {
    const overflow = built.get(writing)!.layout.flatMap((file) => file.messages.filter((m) => m.ruleId === 'overflow' || m.ruleId === 'too-wide').map((m) => `${file.path}:${m.line} ${m.reason}`));
    expect(overflow).toEqual([]);
  });

  it('numbers lists in Chinese (一、 （一）), never a label alone on a line', () => {
    const lines = built.get(writing)!.lines.map((line) => line.text.trim());
    expect(lines.some((line) => line.startsWith('一、推进重点项目建设'))).toBe(true);
    expect(lines.some((line) => line.startsWith('（一）稳定粮食生产'))).toBe(true);
    expect(lines.filter((line) => /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|●|○)$/u.test(line))).toEqual([]);
  });

  it('sets code in the code face (Noto Sans Mono for Latin, no Type 3), and prints a link’s address after its text', () => {
    const fonts = new Set(built.get(writing)!.chars.flat().map((c) => c.font.replace(/-.*/, '')));
    expect(fonts.has('NotoSansMono')).toBe(true);
    expect(text(writing).replace(/\s/g, '')).toContain('平台开发者文档（https://docs.example.gov.cn/developer/guide/getting-started）');
  });
});

describe('tables of the hard manuscript, horizontal', () => {
  it('keeps the title above its table and carries a table on under 续表 with its header', () => {
    const lines = built.get('horizontal')!.lines;
    const title = lines.find((line) => line.text.replace(/\s/g, '') === '表12024年主要经济指标')!;
    expect(title).toBeDefined();
    const continued = lines.find((line) => line.text.replace(/\s/g, '') === '续表1');
    if (continued) {
      expect(continued.page).toBeGreaterThan(title.page);
      const next = lines[lines.indexOf(continued) + 1]!;
      expect(next.text.replace(/\s/g, '')).toBe('指标2023年2024年增长（%）');
    }
    // The title is never the last line of its page: its table starts on the same page.
    expect(lines[lines.indexOf(title) + 1]!.page).toBe(title.page);
  });

  it('sets every line of every table page on the grid, rows and text after them', () => {
    const { lines } = built.get('horizontal')!;
    const pitch = typeArea({ page: { size: { widthMm: 148, heightMm: 210 }, margins: { top: 20, bottom: 22, inner: 20, outer: 16 } }, fonts: { size: 10.5, leading: 1.75 }, writing: 'horizontal' }).pitchPt;
    const tablePages = new Set(lines.filter((line) => /^(续表\d|表\d)/u.test(line.text.replace(/\s/g, ''))).map((line) => line.page));
    expect(tablePages.size).toBeGreaterThan(1);
    const off = lines.filter((line) => tablePages.has(line.page) && line.kind !== 'title' && Math.abs(gridPlace(line.at, pitch).offset) > 1);
    expect(off.map((line) => `p${line.page} ${line.text.slice(0, 20)} ${gridPlace(line.at, pitch).offset.toFixed(1)}`)).toEqual([]);
  });
});
