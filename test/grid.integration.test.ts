/**
 * The line grid on the real sample, one build per writing mode: every body line on the grid, full
 * pages ending on the same line, chapter openers without running head, no 孤字, headings with two
 * lines under them, vertical pages without empty columns at their end; read back from the PDF.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { typeArea } from '../src/config/grid.js';
import { loadConfig } from '../src/config/load.js';
import { mmToPoints } from '../src/config/page-size.js';
import type { BookConfig } from '../src/config/schema.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditChars, auditLayout, type AuditReport } from '../src/proof/audit/index.js';
import { pageChars, type PageChar } from '../src/proof/page-chars.js';
import { pageText, squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const MODES = ['horizontal', 'vertical'] as const;
type Mode = (typeof MODES)[number];
let browser: Browser;
let outDir: string;
const built = {} as Record<Mode, { result: BuildResult; config: BookConfig; chars: PageChar[][]; audit: AuditReport; html: string }>;

beforeAll(async () => {
  browser = await launchChromium();
  outDir = await mkdtemp(path.join(tmpdir(), 'paiban-grid-'));
  for (const writing of MODES) {
    const result = await buildBook(ESSAYS, { outDir: path.join(outDir, writing), browser, env: {}, writing, formats: ['pdf', 'html'] });
    const config = { ...(await loadConfig(ESSAYS)).config, writing };
    const chars = await pageChars(result.pdfFile);
    built[writing] = { result, config, chars, audit: auditChars(chars, auditLayout(config)), html: await readFile(path.join(outDir, writing, 'yearbook.html'), 'utf8') };
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const figure = (mode: Mode, part: string, key: string) => built[mode].audit.figures[part]![key]!.value;

describe.each(MODES)('the sample on the line grid, %s', (mode) => {
  it('shows 字数 × 行数 of the type area', () => {
    const area = typeArea(built[mode].config);
    expect([area.chars, area.lines]).toEqual(mode === 'horizontal' ? [30, 25] : [45, 16]);
  });

  it('has every body line on the grid', () => {
    expect(figure(mode, 'grid', 'bodyLines')).toBeGreaterThan(150);
    expect(figure(mode, 'grid', 'offGridLines')).toBe(0);
    // Independently: the centres of body Han characters, measured from the type area's start, fall on one place of the pitch.
    const { config, chars } = built[mode];
    const area = typeArea(config);
    const width = mmToPoints(config.page.size.widthMm);
    const residues = chars.flatMap((page, index) => {
      const rightHand = (index % 2 === 0) === (mode === 'horizontal');
      const start = mode === 'horizontal' ? mmToPoints(area.margins.top) : width - mmToPoints(rightHand ? area.margins.outer : area.margins.inner);
      return page
        .filter((c) => c.font.startsWith('NotoSerifSC') && /\p{Script=Han}/u.test(c.char) && Math.abs(c.fontSize - 10.5) < 0.1)
        .map((c) => (((mode === 'horizontal' ? c.y - start : start - c.x) % area.pitchPt) + area.pitchPt) % area.pitchPt);
    });
    const spread = Math.max(...residues) - Math.min(...residues);
    expect(Math.min(spread, area.pitchPt - spread)).toBeLessThan(0.75);
  });

  it('ends every full page on the same, last line of the type area', () => {
    expect(figure(mode, 'grid', 'fullPages')).toBeGreaterThan(8);
    expect(figure(mode, 'grid', 'fullPagesShort')).toBe(0);
    expect(figure(mode, 'grid', 'lastLinePositions')).toBe(1);
  });

  it('prints no running head on chapter-opening pages, and one on the other rectos', () => {
    const { result, config, chars } = built[mode];
    const openers = auditOpeners(mode);
    expect(openers.length).toBe(2);
    const head = (page: number) => squash(pageText(result.pdfFile, page, { top: 0, height: mmToPoints(config.page.margins.top) - 2, width: mmToPoints(config.page.size.widthMm) }));
    for (const page of openers) expect(head(page)).toBe('');
    // The recto after an opener's spread carries its chapter title (the check can fail).
    expect(head(openers[0]! + 2)).not.toBe('');
    expect(figure(mode, 'pages', 'runningHeadsOnOpeners')).toBe(0);
    expect(chars.length).toBe(result.pages);
  });

  it('has no 孤字 and no heading at a page foot with fewer than two lines under it', () => {
    expect(figure(mode, 'pages', 'orphanChars')).toBe(0);
    expect(figure(mode, 'pages', 'headingsAtFoot')).toBe(0);
    const rules = built[mode].result.layout.flatMap((file) => file.messages.map((m) => m.ruleId));
    expect(rules).toEqual([]);
  });

  it('sets no page with captions alone, and stacks the captions that end an article line after line', () => {
    const { chars, config } = built[mode];
    const isCaption = (c: PageChar) => c.font.startsWith('LXGWWenKai') && Math.abs(c.fontSize - 0.9 * 10.5) < 0.1;
    const isBody = (c: PageChar) => c.font.startsWith('NotoSerifSC') && Math.abs(c.fontSize - 10.5) < 0.1;
    const captionPages = chars.flatMap((page, index) => (page.some(isCaption) ? [index] : []));
    expect(captionPages.length).toBeGreaterThan(3);
    for (const index of captionPages) expect({ page: index + 1, body: chars[index]!.some(isBody) }).toEqual({ page: index + 1, body: true });
    // The first article ends on four captions of missing photos: on four successive lines of one page.
    const last = chars.find((page) => page.some((c) => c.char === '福' && isCaption(c)))!;
    const lines = [...new Set(last.filter(isCaption).map((c) => Math.round(mode === 'horizontal' ? c.y : -c.x)))].sort((a, b) => a - b);
    const pitch = typeArea(config).pitchPt;
    const tail = lines.slice(-4);
    expect(tail.length).toBe(4);
    for (let k = 1; k < tail.length; k += 1) expect(Math.abs(tail[k]! - tail[k - 1]! - pitch)).toBeLessThan(1);
  });

  it('leaves at most one empty line at the end of a page whose text runs on', () => {
    expect(figure(mode, 'grid', 'maxBlankLinesAtEnd')).toBeLessThanOrEqual(mode === 'vertical' ? 1 : 0);
  });
});

function auditOpeners(mode: Mode): number[] {
  // Pages with the chapter title set large (the audit's own rule, re-done here from the characters).
  return built[mode].chars.flatMap((page, index) => (page.some((c) => c.font.startsWith('NotoSansSC') && c.fontSize > 15) && page.some((c) => c.font.startsWith('NotoSerifSC') && Math.abs(c.fontSize - 10.5) < 0.1) ? [index + 1] : []));
}

describe('numbers in the vertical sample', () => {
  it('sets 1–2 digits upright, 3 and more sideways, one orientation within a date', () => {
    const html = built.vertical.html;
    expect(html).toMatch(/<span class="tcy">\d{1,2}<\/span>/);
    expect(html).not.toMatch(/<span class="tcy">\d{3,}/);
    expect(html).not.toMatch(/\d{4}年<span class="tcy">/);
  });
});
