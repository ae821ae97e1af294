/**
 * The 版权页 of a published book (CIP data, every row of GB/T 12450-2001) on the printed page, both
 * writing modes, measured from the PDF's character positions (`mutool draw -F stext`): every row on the
 * page inside the type area, the values in one column, labels of two and four characters justified to one
 * width, and no wider gap before a Han character than the 1/8 em text-autospace puts there.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { buildBook } from '../src/make/build-book.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { auditLayout } from '../src/proof/audit/index.js';
import { pageChars, printedLines, type PageChar, type PrintedLine } from '../src/proof/page-chars.js';
import { colophonRows } from '../src/render/colophon.js';
import { PUBLISHED } from './helpers/published-colophon.js';

const BOOK = `${PUBLISHED}date: 2024-12-31\nmanuscripts:\n  - manuscripts/01.md\noutput:\n  formats: [pdf]\n`;
const MANUSCRIPT = '---\ntitle: 工作回眸\n---\n\n2024年，区政协围绕中心、服务大局，履职尽责。\n';

type Writing = 'horizontal' | 'vertical';
let browser: Browser;
let work: string;
const printed = new Map<Writing, { lines: PrintedLine[]; chars: PageChar[]; pages: number }>();

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-colophon-'));
  await mkdir(path.join(work, 'manuscripts'));
  await writeFile(path.join(work, 'manuscripts', '01.md'), MANUSCRIPT);
  await writeFile(path.join(work, 'book.yaml'), BOOK);
  for (const writing of ['horizontal', 'vertical'] as const) {
    const result = await buildBook(work, { outDir: path.join(work, 'out', writing), browser, env: {}, writing, lint: false });
    // The colophon is on the back of the title page: page 2, read alone (its lines then say page 1).
    const pages = await pageChars(result.pdfFile, [2]);
    printed.set(writing, { lines: printedLines(pages, writing, () => true), chars: pages[0] ?? [], pages: result.pages });
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const config = (writing: Writing) => ({ ...parseConfig(BOOK, 'book.yaml'), writing });
const along = (writing: Writing) => (c: PageChar) => (writing === 'horizontal' ? c.left : c.top);
const squash = (text: string) => text.replace(/\s+/g, '');

describe.each(['horizontal', 'vertical'] as const)('the 版权页 of a published book, %s', (writing) => {
  const rowsOf = () => {
    const { lines, pages } = printed.get(writing)!;
    const rows = colophonRows(config(writing), { date: '2024-12-31', pages });
    return rows.map(([label, value]) => ({ label, value, line: lines.find((line) => squash(line.text).startsWith(label + squash(value).slice(0, 4))) }));
  };

  it('prints every row, the CIP block before them, all inside the type area', () => {
    const { lines, chars } = printed.get(writing)!;
    const rows = rowsOf();
    expect(rows.filter((row) => !row.line).map((row) => row.label)).toEqual([]);
    const texts = lines.map((line) => squash(line.text));
    const cipTitle = texts.findIndex((text) => text === '图书在版编目（CIP）数据');
    const cipNumber = texts.findIndex((text) => text === '中国版本图书馆CIP数据核字（2024）第123456号');
    expect(cipTitle).toBeGreaterThanOrEqual(0);
    expect(cipNumber).toBeGreaterThan(cipTitle);
    expect(cipNumber).toBeLessThan(lines.indexOf(rows[0]!.line!));
    const area = auditLayout(config(writing)).area(2);
    const outside = chars.filter((c) => c.x < area.left - 1 || c.x > area.right + 1 || c.y < area.top - 1 || c.y > area.bottom + 1);
    expect(outside.map((c) => c.char).join('')).toBe('');
  });

  it('starts every value one column along, 5 em after the labels (4 em of label, 1 em of gap), labels of 2 and 4 characters justified to one width', () => {
    const pos = along(writing);
    // A glyph's position along a vertical column reads up to about 0.2 em off (its own vertical origin;
    // a sideways Latin run starts 0.19 em after an upright Han character that stands level with it), so
    // columns are measured with that margin there; the faults this guards against are half an em and more.
    const tolerance = writing === 'horizontal' ? 0.02 : 0.35;
    const rows = rowsOf();
    const em = rows[0]!.line!.chars[0]!.fontSize;
    const starts = rows.map(({ line }) => pos(line!.chars[0]!));
    const labelStart = starts.sort((a, b) => a - b)[Math.floor(starts.length / 2)]!;
    const misplaced: string[] = [];
    for (const { label, line } of rows) {
      const chars = line!.chars;
      const at = (i: number) => (pos(chars[i]!) - labelStart) / em;
      if (Math.abs(at(0)) > tolerance || Math.abs(at(label.length - 1) - 3) > tolerance || Math.abs(at(label.length) - 5) > tolerance) {
        misplaced.push(`${label}: label from ${at(0).toFixed(2)} to ${at(label.length - 1).toFixed(2)} em, value from ${at(label.length).toFixed(2)} em`);
      }
    }
    expect(misplaced).toEqual([]);
  });
});

describe('the spacing inside the values, horizontal', () => {
  it('is 1/8 em between a figure or letter and a Han character, never an ASCII space (15 千字 was 0.26 em)', () => {
    const gaps: string[] = [];
    const han = (c: string) => /\p{Script=Han}/u.test(c);
    const latin = (c: string) => /[0-9A-Za-z]/.test(c);
    for (const line of printed.get('horizontal')!.lines) {
      for (let i = 4; i + 1 < line.chars.length; i += 1) {
        const [a, b] = [line.chars[i]!, line.chars[i + 1]!];
        if ((latin(a.char) && han(b.char)) || (han(a.char) && latin(b.char))) gaps.push(`${a.char}${b.char} ${((b.left - a.left - a.width) / a.fontSize).toFixed(2)}`);
      }
    }
    expect(gaps.length).toBeGreaterThan(10);
    expect(gaps.filter((gap) => gap.split(' ')[1] !== '0.12' && gap.split(' ')[1] !== '0.13')).toEqual([]);
  });
});
