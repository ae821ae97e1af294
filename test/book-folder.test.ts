/**
 * The book folder as a newcomer fills it: a manuscript's raw source (front matter `source:`, kept in
 * raw/), and a manuscript left out of book.yaml's list, which `check` and the build report.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSources } from '../src/make/build-book.js';
import { checkBook } from '../src/check/check-book.js';
import { loadConfig } from '../src/config/load.js';
import { loadManuscripts } from '../src/manuscript/load.js';
import { run } from './helpers/cli.js';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let book: string;


const manuscript = (front: string) => `---\ntitle: 一章\n${front}---\n\n正文。\n`;

beforeAll(async () => {
  book = await mkdtemp(path.join(tmpdir(), 'paiban-book-folder-'));
  await mkdir(path.join(book, 'manuscripts'));
  await mkdir(path.join(book, 'raw'));
  await writeFile(path.join(book, 'raw', 'a.txt'), '原稿');
});

afterAll(async () => {
  if (book) await rm(book, { recursive: true, force: true });
});

describe('source: the raw text a manuscript was made from', () => {
  it('names the essay book’s raw articles in its raw/', async () => {
    const { config, bookDir } = await loadConfig(ESSAYS);
    const manuscripts = await loadManuscripts(bookDir, config);
    expect(manuscripts.map((m) => m.source)).toEqual(['raw/2022-gongzuo-liangdian.txt', 'raw/2024-liangdian-huimou.txt']);
  });

  it('names the raw articles of the sample yearbook’s 特载 in raw/; its own manuscripts were written, not imported', async () => {
    const { config, bookDir } = await loadConfig(repo);
    const manuscripts = await loadManuscripts(bookDir, config);
    expect(manuscripts.map((m) => [m.name, m.source])).toEqual([
      ['manuscripts/00-bianji-shuoming.md', undefined],
      ['manuscripts/01-tupian-zhuanji.md', undefined],
      ['manuscripts/2022-gongzuo-liangdian.md', 'raw/2022-gongzuo-liangdian.txt'],
      ['manuscripts/2024-liangdian-huimou.md', 'raw/2024-liangdian-huimou.txt'],
      ['manuscripts/10-dashiji.md', undefined],
      ['manuscripts/20-zhengxie-gongzuo.md', undefined],
      ['manuscripts/90-tongji-ziliao.md', undefined],
    ]);
  });

  it('is resolved relative to the manuscript, and must stay inside the book (line of the key)', async () => {
    await writeFile(path.join(book, 'book.yaml'), 'title: 书\n');
    const load = async (front: string) => {
      await writeFile(path.join(book, 'manuscripts', 'one.md'), manuscript(front));
      const { config, bookDir } = await loadConfig(book);
      return loadManuscripts(bookDir, config);
    };
    expect((await load('source: ../raw/a.txt\n'))[0]!.source).toBe('raw/a.txt');
    // Missing is allowed here: the build notes it and leaves it out of the archive.
    expect((await load('source: ../raw/none.txt\n'))[0]!.source).toBe('raw/none.txt');
    await expect(load('source: ../../outside.txt\n')).rejects.toMatchObject({ message: expect.stringMatching(/outside the book folder/), line: 3 });
    await expect(load('year: 2024\nsource: /etc/passwd\n')).rejects.toMatchObject({ message: expect.stringMatching(/not a relative path/), line: 4 });
    await expect(load('source: 3\n')).rejects.toThrow(/source/);
    // Written on a Windows PC: backslashes are separators, a drive letter is not a relative path.
    expect((await load('source: ..\\raw\\a.txt\n'))[0]!.source).toBe('raw/a.txt');
    await expect(load('source: ..\\..\\outside.txt\n')).rejects.toMatchObject({ message: expect.stringMatching(/outside the book folder/), line: 3 });
    await expect(load('source: C:\\raw\\a.txt\n')).rejects.toMatchObject({ message: expect.stringMatching(/not a relative path/), line: 3 });
    await writeFile(path.join(book, 'manuscripts', 'one.md'), manuscript(''));
  });

  it('goes into the archive once per file; a missing one is a note of the build, naming the manuscript', () => {
    const notes: string[] = [];
    const of = (name: string, source?: string) => ({ name, meta: { title: name, ...(source ? { source: `../${source}` } : {}) }, ...(source ? { source } : {}) });
    const sources = rawSources(book, [of('manuscripts/a.md', 'raw/a.txt'), of('manuscripts/b.md', 'raw/a.txt'), of('manuscripts/c.md'), of('manuscripts/d.md', 'raw/none.txt')], notes);
    expect(sources).toEqual(['raw/a.txt']);
    expect(notes).toEqual(['manuscripts/d.md: its source "../raw/none.txt" does not exist; the archive leaves it out.']);
  });
});

describe('paiban import into a book', () => {
  it('names the raw file as the manuscript’s source when the raw file is in the book', async () => {
    await writeFile(path.join(book, 'book.yaml'), 'title: 书\n');
    await cp(path.join(repo, 'raw', '2022-gongzuo-liangdian.txt'), path.join(book, 'raw', '2022.txt'));
    const output = path.join(book, 'manuscripts', '2022.md');
    expect((await run(['import', path.join(book, 'raw', '2022.txt'), '-o', output])).code).toBe(0);
    expect(await readFile(output, 'utf8')).toMatch(/^---\ntitle: 栉风沐雨奋楫笃行 履职为民尽显担当\n[^]*\nsource: \.\.\/raw\/2022\.txt\n---\n/);
    const { config, bookDir } = await loadConfig(book);
    expect((await loadManuscripts(bookDir, config)).find((m) => m.name === 'manuscripts/2022.md')?.source).toBe('raw/2022.txt');
    await rm(output);

    // A raw file outside the book is copied into the book's raw/ (so the archive carries it) and named there.
    const outside = path.join(book, 'manuscripts', 'outside.md');
    expect((await run(['import', path.join(repo, 'raw', '2022-gongzuo-liangdian.txt'), '-o', outside])).code).toBe(0);
    expect(await readFile(outside, 'utf8')).toContain('source: ../raw/2022-gongzuo-liangdian.txt\n');
    expect(await readFile(path.join(book, 'raw', '2022-gongzuo-liangdian.txt'))).toEqual(await readFile(path.join(repo, 'raw', '2022-gongzuo-liangdian.txt')));
    await rm(outside);
    await rm(path.join(book, 'raw', '2022-gongzuo-liangdian.txt'));
  });
});

describe('a manuscript that book.yaml’s list leaves out', () => {
  it('is reported by check (rule id, file), and only when book.yaml has a list', async () => {
    await writeFile(path.join(book, 'manuscripts', 'one.md'), manuscript(''));
    await writeFile(path.join(book, 'manuscripts', 'two.md'), manuscript(''));
    await writeFile(path.join(book, 'book.yaml'), 'title: 书\nmanuscripts:\n  - manuscripts/one.md\n');
    const { config, bookDir } = await loadConfig(book);
    const files = await checkBook(bookDir, config, { cwd: book });
    expect(files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`))).toEqual([
      'manuscripts/two.md:1 warning unlisted-manuscript',
    ]);

    const cli = await run(['check', '--dir', book]);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/two\.md/);
    // The book folder is named the same way in every command: -b/--book (check's old -d/--dir still works).
    for (const args of [['check', '-b', book], ['check', '--book', book]]) expect(await run(args)).toEqual(cli);
    expect(cli.out).toMatch(/warning\s+Not in the "manuscripts:" list of book\.yaml.*unlisted-manuscript/);

    await writeFile(path.join(book, 'book.yaml'), 'title: 书\n');
    const all = await loadConfig(book);
    expect((await checkBook(all.bookDir, all.config)).flatMap((file) => file.messages)).toEqual([]);
  });

  it('takes the book folder as -b/--book in every command that reads a book, and lists it in each one’s help', async () => {
    for (const command of ['init', 'build', 'check', 'proof', 'diff', 'preview', 'comments', 'verify']) {
      const help = await run([command, '--help']);
      expect(help.out, command).toMatch(/-b, --book <dir>/);
      expect(help.out, command).not.toMatch(/-d, --dir/);
    }
    // --book wins over the folder the command would take from where it runs: a missing one is reported as such.
    const missing = path.join(book, 'no-such-book');
    for (const args of [['build', '-b', missing], ['proof', '--book', missing], ['check', '-b', missing]]) expect((await run(args)).err + (await run(args)).out, args.join(' ')).toContain('no-such-book');
  });

  it('finds nothing left out of the sample', async () => {
    const { config, bookDir } = await loadConfig(repo);
    expect((await checkBook(bookDir, config)).flatMap((file) => file.messages.map((m) => m.ruleId))).toEqual([]);
  });
});
