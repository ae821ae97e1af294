/**
 * Imports that build, and the PDF import read back from a real print, with one Chromium build: a
 * two-column A4 book (styles/book.css with `column-count: 2`) of the sample's 2024 article and of a
 * unit's Word file and the statistics workbook imported into it. The book's PDF is then imported:
 * the article's paragraphs come back whole and in order, without running heads or folios.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { toString as mdastText } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { statsWorkbook, unitDocx } from './helpers/submissions.js';
import { markdownParser } from '../src/manuscript/parse.js';
import { importPdf } from '../src/import/pdf.js';
import { execFileSync } from 'node:child_process';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let book: string;
let built: { code: number; err: string };

const paragraphs = (markdown: string) => (markdownParser.parse(markdown) as Root).children.filter((n) => n.type === 'paragraph').map((n) => mdastText(n));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-import-book-'));
  book = path.join(dir, 'book');
  await mkdir(path.join(book, 'manuscripts'), { recursive: true });
  await mkdir(path.join(book, 'styles'));
  await cp(path.join(ESSAYS, 'raw'), path.join(book, 'raw'), { recursive: true });
  await cp(path.join(ESSAYS, 'manuscripts', '2024-liangdian-huimou.md'), path.join(book, 'manuscripts', '2024.md'));
  await writeFile(path.join(book, 'styles', 'book.css'), `${await readFile(path.join(repo, 'styles', 'book.css'), 'utf8')}\n.chapter-body { column-count: 2; column-gap: 2em; }\n`);
  await writeFile(path.join(book, 'book.yaml'), 'title: 导入测试\nyear: 2024\ndate: 2024-12-31\npage:\n  size: A4\noutput:\n  name: imported\n  formats: [pdf]\nfigures:\n  captionOnly: true\n');
  const inbox = path.join(dir, 'inbox');
  await mkdir(inbox);
  await writeFile(path.join(inbox, 'unit.docx'), unitDocx());
  await writeFile(path.join(inbox, 'stats.xlsx'), await statsWorkbook());
  const imported = await run(['import', inbox, '-o', path.join(book, 'manuscripts')]);
  expect(imported.code, imported.err).toBe(0);
  built = await run(['build', book, '--no-lint']);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('imported manuscripts in a real book', () => {
  it('build: the Word file’s photo, merged table and footnote and the workbook’s tables print', () => {
    expect(built.code, built.err).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(book, 'out', 'imported.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    // Narrow columns wrap long table cells, so short cells are looked for.
    for (const printed of ['利通区政协办公室2024年工作', '政协全会', '类别', '立案', '办复', '1,230', '委员视察现场', '注释', '五届三次会议于1月5日至7日召开', '2024年主要经济指标', '单位：万元', '资料来源：区统计局', '412,345']) {
      expect(text).toContain(printed);
    }
    // The Word file's photo, extracted into images/, is in the PDF.
    const images = execFileSync('pdfimages', ['-list', path.join(book, 'out', 'imported.pdf')], { encoding: 'utf8' }).trim().split('\n');
    expect(images.length).toBeGreaterThan(2);
  });
});

describe('a two-column PDF printed by paiban, imported', async () => {
  it('gives back the article’s paragraphs whole and in reading order, without running heads or folios', async () => {
    const manuscript = await readFile(path.join(book, 'manuscripts', '2024.md'), 'utf8');
    const expected = paragraphs(manuscript);
    const result = await importPdf(await readFile(path.join(book, 'out', 'imported.pdf')), { file: 'imported.pdf' });
    const got = paragraphs(result.markdown);
    let at = 0;
    const missing: string[] = [];
    for (const paragraph of expected) {
      const found = got.indexOf(paragraph, at);
      if (found === -1) missing.push(paragraph.slice(0, 30));
      else at = found + 1;
    }
    expect(missing).toEqual([]);
    const reasons = result.report.messages.map((m) => m.reason);
    expect(reasons.some((r) => /^\d+ running heads removed/.test(r))).toBe(true);
    expect(reasons.some((r) => /^\d+ folios removed/.test(r))).toBe(true);
    expect(reasons.some((r) => /^text set in columns on \d+ page\(s\)/.test(r))).toBe(true);
    expect(result.accounting.unaccounted).toEqual({ han: 0, latin: 0, digits: 0 });
  });
});
