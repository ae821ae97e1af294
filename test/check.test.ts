import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManuscript } from '../src/check/check.js';
import { fixManuscript } from '../src/check/fix.js';
import { checkBook, countProblems } from '../src/check/check-book.js';
import { loadConfig } from '../src/config/load.js';
import { main } from '../src/cli/main.js';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each problem on a line of its own, so the test can say where each must be reported. */
const BROKEN = [
  '---', //                                   1
  'title: 标题', //                            2
  'auther: 某人', //                           3  front-matter (unknown key)
  '---', //                                   4
  '', //                                      5
  '# 一级标题', //                             6  heading-order (# inside a chapter)
  '', //                                      7
  '第一行,没有写完', //                         8  half-width-punctuation at column 4; hard-wrap at the end
  '第二行接着写。', //                          9
  '', //                                      10
  '开展专题培训 4场。', //                      11 space-between-han-and-latin at column 7
  '', //                                      12
  '利通区党政主要 领 导 和 政 协主席会成员。', //  13 spaced-out-characters
  '', //                                      14
  '他说：“你好。', //                           15 unbalanced-pairs at column 4
  '', //                                      16
  '#### 跳级的标题', //                         17 heading-order (# → ####)
  '', //                                      18
  '::figure[图注]{src="images/none.png"}', //  19 missing-image
  '', //                                      20
  '::video[片子]', //                          21 unknown-directive
  '',
].join('\n');

let bookDir: string;

beforeAll(async () => {
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-check-'));
  await mkdir(path.join(bookDir, 'manuscripts'));
  await writeFile(path.join(bookDir, 'book.yaml'), 'title: 检查\n');
});

afterAll(async () => {
  await rm(bookDir, { recursive: true, force: true });
});

const problems = (source: string) =>
  checkManuscript(source, 'manuscripts/broken.md', bookDir).messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`);

describe('paiban check', () => {
  it('finds nothing in the essay book’s manuscripts, nor in the sample yearbook’s', async () => {
    for (const [book, count] of [[ESSAYS, 2], [repo, 7]] as const) {
      const { config, bookDir: dir } = await loadConfig(book);
      const files = await checkBook(dir, config);
      expect(files).toHaveLength(count);
      expect(files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line} ${m.reason}`))).toEqual([]);
    }
  });

  it('reports each problem of a broken manuscript on its line, with its rule', () => {
    expect(problems(BROKEN)).toEqual([
      '3:1 error front-matter',
      '6:1 warning heading-order',
      '8:4 warning half-width-punctuation',
      '8:9 warning hard-wrap',
      '11:7 warning space-between-han-and-latin',
      '13:1 warning spaced-out-characters',
      '15:4 warning unbalanced-pairs',
      '17:1 warning heading-order',
      '19:1 error missing-image',
      '21:1 error unknown-directive',
    ]);
  });

  it('explains in plain words', () => {
    const reasons = checkManuscript(BROKEN, 'broken.md', bookDir).messages.map((m) => m.reason);
    expect(reasons).toContain('Unknown key "auther". Did you mean "author"? Allowed keys: title, subtitle, author, byline, year, order, source, role, columns.');
    expect(reasons).toContain('Half-width "," in Chinese text: use "，"');
    expect(reasons).toContain('““” is not closed in this paragraph');
    expect(reasons).toContain('Heading level jumps from # to ####: use ##');
  });

  it('leaves URLs, English and thousands separators alone', () => {
    const source = '---\ntitle: 标题\n---\n\n访问 https://example.com/a,b 网站。\n\nHello, world (really)!\n\n共计12,345人次。\n';
    expect(problems(source)).toEqual([]);
  });

  it('--fix repairs what is mechanical and leaves the rest for the editor', () => {
    const fixed = fixManuscript(BROKEN);
    expect(fixed).toContain('第一行，没有写完第二行接着写。');
    expect(fixed).toContain('开展专题培训4场。');
    expect(fixed).toContain('利通区党政主要领导和政协主席会成员。');
    expect(fixed).toContain('auther: 某人');
    expect(problems(fixed).map((p) => p.replace(/^\d+:\d+ /, ''))).toEqual([
      'error front-matter',
      'warning heading-order',
      'warning unbalanced-pairs',
      'warning heading-order',
      'error missing-image',
      'error unknown-directive',
    ]);
  });

  it('--fix keeps the spaces that separate text from emphasis and links', () => {
    expect(fixManuscript('---\ntitle: t\n---\n\nthe **bold** word, 中文,\n接着 [链接](https://example.com) 完。\n')).toBe(
      '---\ntitle: t\n---\n\nthe **bold** word，中文，接着 [链接](https://example.com) 完。\n',
    );
  });

  it('exits 1 and prints file:line:column while problems remain, 0 when clean', async () => {
    const file = path.join(bookDir, 'manuscripts', 'broken.md');
    await writeFile(file, BROKEN);
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(line) };
    expect(await main(['check', file], io)).toBe(1);
    expect(out.join('\n')).toMatch(/8:4\s+warning\s+Half-width "," in Chinese text: use "，"\s+half-width-punctuation/);

    expect(await main(['check', '--fix', file], io)).toBe(1);
    expect(await readFile(file, 'utf8')).toContain('开展专题培训4场。');

    await writeFile(file, '---\ntitle: 标题\n---\n\n干净的正文。\n');
    out.length = 0;
    expect(await main(['check', '--dir', bookDir], io)).toBe(0);
    expect(out.join('\n')).toContain('no issues found');
    expect(countProblems(await checkBook(bookDir, (await loadConfig(bookDir)).config))).toEqual({ errors: 0, warnings: 0 });
  });
});
