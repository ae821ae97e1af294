/**
 * A 大事记 (`role: chronicle`) built in both writing modes and measured from the PDF's characters
 * (mutool, as the composition audit reads them): each entry's date in the heading face, hanging in a
 * column of its own at the start of the line; the text of every entry, and every further line, starting
 * at one inline position beside the dates; every body line on the line grid, across page breaks.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { buildBook } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditChars, auditLayout, type AuditLayout, type AuditReport } from '../src/proof/audit/index.js';
import { auditBook, type AuditLine } from '../src/proof/audit/lines.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';

type Writing = 'horizontal' | 'vertical';

const EVENTS = [
  '区政协召开主席会议，研究部署本月重点工作，审议通过有关工作方案。',
  '区政协组织部分委员视察全区重点项目建设情况，实地察看在建项目，听取有关部门情况介绍，提出意见和建议。',
  '区政协召开专题协商会。',
  '区政协主席带队赴乡镇开展调研，走访群众，了解基层治理和民生保障方面的困难和诉求，形成调研报告报送区委。',
  '区政协机关开展集中学习，传达学习上级会议精神。',
];

/** Twelve months of entries, as list items and as bold-date paragraphs; an unknown day (`3月`) at its month's end. */
function chronicle(): { source: string; dates: string[] } {
  const lines = ['---', 'title: 大事记', 'role: chronicle', '---', ''];
  const dates: string[] = [];
  for (let month = 1; month <= 12; month += 1) {
    lines.push(`## ${month}月`, '');
    const days = month === 3 ? [4, 18, undefined] : [5, 12 + (month % 7), 25];
    days.forEach((day, k) => {
      const date = day === undefined ? `${month}月` : `${month}月${day}日`;
      const event = EVENTS[(month + k) % EVENTS.length]!;
      dates.push(date);
      lines.push(month % 2 === 0 ? `**${date}**　${event}` : `- ${date}　${event}`, '');
    });
  }
  return { source: lines.join('\n'), dates };
}

let browser: Browser;
let work: string;
const { source, dates } = chronicle();
const built = new Map<Writing, { report: AuditReport; lines: AuditLine[]; layout: AuditLayout; em: number }>();

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-chronicle-'));
  await mkdir(path.join(work, 'manuscripts'));
  await writeFile(path.join(work, 'book.yaml'), 'title: 大事记试排\ndate: 2024-12-31\n');
  await writeFile(path.join(work, 'manuscripts', 'dashiji.md'), source);
  const config = (await loadConfig(work)).config;
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing });
    const chars = await pageChars(result.pdfFile);
    const layout = auditLayout({ ...config, writing });
    const book = auditBook(chars, layout);
    const opener = Math.min(...book.openers);
    built.set(writing, { report: auditChars(chars, layout), lines: book.lines.filter((line) => line.page >= opener), layout, em: config.fonts.size });
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(['horizontal', 'vertical'] as const)('a chronicle, %s', (writing) => {
  const vertical = writing === 'vertical';
  const along = (c: PageChar) => (vertical ? c.y : c.x);
  /** Where a character starts along its line (its quad's start; half an em before the centre of an upright one in a column). */
  const startOf = (c: PageChar) => (vertical ? c.y - c.fontSize / 2 : c.left);
  const endOf = (c: PageChar, em: number) => (vertical ? c.y + em / 2 : c.left + c.width);
  const isHeading = (c: PageChar, layout: AuditLayout) => c.font.startsWith(layout.fonts.heading);
  const isBody = (c: PageChar, layout: AuditLayout) => c.font.startsWith(layout.fonts.body);

  /** The chronicle's text lines: the date (heading-face characters before the text) and the text. */
  const entryLines = () => {
    const { lines, layout } = built.get(writing)!;
    return lines
      .filter((line) => line.chars.some((c) => isBody(c, layout)))
      .map((line) => {
        const sorted = [...line.chars].sort((a, b) => along(a) - along(b));
        const text = sorted.filter((c) => isBody(c, layout));
        const date = sorted.filter((c) => isHeading(c, layout) && along(c) < along(text[0]!));
        const area = layout.area(line.page);
        return { line, date, text, areaStart: vertical ? area.top : area.left };
      });
  };

  it('sets each entry’s date in the heading face, at the start of its first line, in the manuscript’s order', () => {
    const { layout } = built.get(writing)!;
    const firstLines = entryLines().filter((entry) => entry.date.length > 0);
    expect(firstLines.map((entry) => entry.date.map((c) => c.char).join(''))).toEqual(dates);
    for (const entry of firstLines) {
      expect(entry.date.every((c) => isHeading(c, layout) && c.font.includes('Bold'))).toBe(true);
      expect(Math.abs(startOf(entry.date[0]!) - entry.areaStart)).toBeLessThan(1);
    }
  });

  it('starts the text of every entry, and every further line, at one inline position beside the dates (hanging)', () => {
    const { em } = built.get(writing)!;
    const entries = entryLines();
    const starts = entries.map((entry) => startOf(entry.text[0]!) - entry.areaStart);
    // The widest date is four ems (12月25日): the text hangs at five, after a one-em gap.
    for (const start of starts) expect(start).toBeCloseTo(5 * em, 0);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(0.5);
    // Every date ends before the text starts, with room between (the widest, 12月25日, a whole em).
    for (const entry of entries.filter((e) => e.date.length)) expect(endOf(entry.date[entry.date.length - 1]!, em)).toBeLessThanOrEqual(startOf(entry.text[0]!) - em / 2);
    // Entries run over several lines and over a page break.
    expect(entries.filter((entry) => entry.date.length === 0).length).toBeGreaterThan(10);
    expect(new Set(entries.map((entry) => entry.line.page)).size).toBeGreaterThan(1);
  });

  it('keeps every body line on the line grid: the dates make no line taller', () => {
    expect(built.get(writing)!.report.figures['grid']!['offGridLines']!.value).toBe(0);
  });

  it('sets the month heads in the heading face on lines of their own', () => {
    const { lines, layout } = built.get(writing)!;
    const heads = lines.filter((line) => /^\d+月$/u.test(line.text) && line.chars.every((c) => isHeading(c, layout)));
    expect(heads.map((line) => line.text)).toEqual(Array.from({ length: 12 }, (_, k) => `${k + 1}月`));
  });
});
