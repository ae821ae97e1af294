/**
 * `paiban init` end to end: the starter book it writes, its refusal to replace anything, and one real
 * build of the result with Chromium (which also shows the warning for a manuscript the list leaves out).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { parseConfig } from '../src/config/load.js';
import { pdfFonts } from './helpers/poppler.js';

let dir: string;
let book: string;


beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-init-'));
  book = path.join(dir, 'my-book');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('paiban init', () => {
  it('writes a commented book.yaml, an example manuscript, an image and a .gitignore, and says what to run next', async () => {
    const { code, out } = await run(['init', book]);
    expect(code).toBe(0);
    expect((await readdir(book, { recursive: true })).sort()).toEqual(['.gitignore', 'book.yaml', 'images', 'images/example.svg', 'manuscripts', 'manuscripts/01-example.md']);
    expect(await readFile(path.join(book, '.gitignore'), 'utf8')).toBe('out/\n');
    expect(out).toContain(`npx paiban build ${book}`);

    const yaml = await readFile(path.join(book, 'book.yaml'), 'utf8');
    const config = parseConfig(yaml, 'book.yaml');
    expect(config.manuscripts).toEqual(['manuscripts/01-example.md']);
    // Every key line carries its explanation (a comment on the line or on the line before).
    const lines = yaml.split('\n');
    const unexplained = lines.filter((line, i) => /^\s*[a-z]+:/.test(line) && !line.includes('#') && !/^\s*#/.test(lines[i - 1] ?? '') && !/^\s+(top|bottom|inner|outer|heading|caption|title):/.test(line));
    expect(unexplained).toEqual([]);

    const manuscript = await readFile(path.join(book, 'manuscripts', '01-example.md'), 'utf8');
    for (const directive of ['::figure[', '{src="../images/example.svg"}', '::pagebreak', ':ruby[', '| --- |', '\n***\n', '\n## ']) expect(manuscript).toContain(directive);
    expect(manuscript).toMatch(/::figure\[[^\]]+\]\n/);
    expect(manuscript).toMatch(/\*[^*\n]+\*/);
  });

  it('refuses to replace any file, in one line, and leaves the folder as it was', async () => {
    await writeFile(path.join(book, 'book.yaml'), 'title: 我自己的书\n');
    const { code, err } = await run(['init', book]);
    expect(code).toBe(1);
    expect(err.split('\n')[0]).toBe(`error: ${path.join(book, '.gitignore')} exists already (and 3 more of the starter files); paiban init replaces nothing.`);
    expect(await readFile(path.join(book, 'book.yaml'), 'utf8')).toBe('title: 我自己的书\n');
    await rm(path.join(book, 'book.yaml'));
    expect((await run(['init', book])).code).toBe(1);
    expect(existsSync(path.join(book, 'book.yaml'))).toBe(false);
    await rm(book, { recursive: true });
    expect((await run(['init', book])).code).toBe(0);
  });

  it('makes a book that builds (no warning but short pages around the page break and the figure); a manuscript left out of the list is named', async () => {
    expect((await run(['check', '--dir', book])).code).toBe(0);
    await writeFile(path.join(book, 'manuscripts', '02-unlisted.md'), '---\ntitle: 第二章\n---\n\n新加的一章。\n');
    // The raw text the example was made from, named in its front matter: the archive carries it.
    await mkdir(path.join(book, 'raw'));
    await writeFile(path.join(book, 'raw', '01.txt'), '原稿\n');
    const example = path.join(book, 'manuscripts', '01-example.md');
    await writeFile(example, (await readFile(example, 'utf8')).replace('order: 1\n', 'order: 1\nsource: ../raw/01.txt\n'));
    const { code, err } = await run(['build', book]);
    expect(code, err).toBe(0);
    expect(err).toMatch(/02-unlisted\.md\n\s*1:1\s+warning\s+Not in the "manuscripts:" list of book\.yaml.*unlisted-manuscript/);
    expect(err).not.toContain('note:');
    // The layout lint's short-page rule flags the pages before the figure and the table (too little text to fill them); nothing else (not the page a ::pagebreak ends).
    expect(err.split('\n').filter((line) => /\bwarning\b/.test(line) && !/unlisted-manuscript|short-page|⚠/.test(line))).toEqual([]);
    const pdf = path.join(book, 'out', 'book.pdf');
    for (const name of ['book.pdf', 'book-booklet.pdf', 'book-archive.pdf', 'book-print.pdf']) expect(existsSync(path.join(book, 'out', name)), name).toBe(true);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const words of ['第一章 示例', '示例图片：一幅矢量插图。', '这张照片没有随稿件一起提供。', 'wú zhōng', '形成报告', '新的一页']) expect(text).toContain(words);
    expect(text).not.toContain('新加的一章');
    const attached = execFileSync('pdfdetach', ['-list', path.join(book, 'out', 'book-archive.pdf')], { encoding: 'utf8' });
    expect(attached).toMatch(/raw\/01\.txt/);
    expect(attached).toMatch(/manuscripts\/01-example\.md/);
    expect(pdfFonts(pdf).filter((font) => font.type.includes('Type 3') || !font.embedded)).toEqual([]);
    const html = await readFile(path.join(book, 'out', 'book.html'), 'utf8');
    expect(html).toMatch(/<img[^>]+example\.svg/);
    expect(html).toContain('page-break');
    expect(html).toMatch(/<em>[^<]+<\/em>/);
    // The archive reads as the manuscripts: ruby and emphasis dots (which the starter shows) included.
    const verified = await run(['verify', path.join(book, 'out', 'book-archive.pdf'), '-b', book]);
    expect(verified.code, verified.out).toBe(0);
  }, 600_000);

  it('--yearbook writes a starter yearbook, a manuscript for each part of the frame, that builds without an error or a layout fault', async () => {
    const yearbook = path.join(dir, 'my-yearbook');
    const { code, out } = await run(['init', '--yearbook', yearbook]);
    expect(code).toBe(0);
    expect(out).toContain(path.join(yearbook, 'out', 'yearbook.pdf'));
    const config = parseConfig(await readFile(path.join(yearbook, 'book.yaml'), 'utf8'), 'book.yaml');
    expect([config.kind, config.layout.columns, config.fonts.size, config.toc.depth]).toEqual(['yearbook', 2, 9, 3]);
    const roles = await Promise.all(config.manuscripts!.map(async (name) => /^role: (\w+)$/m.exec(await readFile(path.join(yearbook, name), 'utf8'))?.[1]));
    expect(roles).toEqual(['front', 'plates', 'special', 'chronicle', 'part', 'appendix']);
    const built = await run(['build', yearbook]);
    expect(built.code, built.err).toBe(0);
    // No warning of check or of the layout checks: the starter is a clean yearbook.
    expect(built.err.split('\n').filter((line) => /\bwarning\b/.test(line) && !/⚠/.test(line))).toEqual([]);
    const text = execFileSync('pdftotext', [path.join(yearbook, 'out', 'yearbook.pdf'), '-'], { encoding: 'utf8' });
    for (const words of ['编辑说明', '图片专辑', '大事记', '类目名称', '【条目标题一】', '表1']) expect(text).toContain(words);
  }, 600_000);
});
