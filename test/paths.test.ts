/**
 * Paths as a Windows PC spells them — backslashes, drive letters, names with spaces and Han — in the
 * checks that keep reads and writes inside the book (src/files/).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, resolveInsideBook, writtenPath } from '../src/files/paths.js';
import { isJournal, recoverOutputs } from '../src/files/staging.js';
import { PaibanError } from '../src/util/errors.js';

let book: string;

beforeAll(async () => {
  book = await mkdtemp(path.join(tmpdir(), 'paiban 路径 '));
  await mkdir(path.join(book, 'raw', '2024 年'), { recursive: true });
  await writeFile(path.join(book, 'raw', '2024 年', '政协 工作.txt'), '正文');
  await writeFile(path.join(book, '..备份.yaml'), 'title: 书');
});

afterAll(async () => {
  if (book) await rm(book, { recursive: true, force: true });
});

describe('inside the book, with Windows paths', () => {
  const root = 'C:\\Users\\王 小明\\Documents\\我的 年鉴';

  it('takes a file below the book folder, whatever the case of its letters (Windows compares without it)', () => {
    expect(isInside(root, `${root}\\manuscripts\\第一章 概况.md`, path.win32)).toBe(true);
    expect(isInside(root, 'c:\\users\\王 小明\\documents\\我的 年鉴\\raw\\a.txt', path.win32)).toBe(true);
    expect(isInside(root, root, path.win32)).toBe(true);
  });

  it('refuses another drive, a parent folder, a sibling whose name starts alike', () => {
    expect(isInside(root, 'D:\\我的 年鉴\\book.yaml', path.win32)).toBe(false);
    expect(isInside(root, `${root}\\..\\别的书\\book.yaml`, path.win32)).toBe(false);
    expect(isInside(root, `${root} 副本\\book.yaml`, path.win32)).toBe(false);
    expect(isInside(root, '\\\\server\\share\\book.yaml', path.win32)).toBe(false);
  });

  it('takes a name that only starts with two dots (..备份) as inside, on Windows and elsewhere', () => {
    expect(isInside(root, `${root}\\..备份\\a.md`, path.win32)).toBe(true);
    expect(isInside('/books/年鉴', '/books/年鉴/..备份/a.md', path.posix)).toBe(true);
    expect(isInside('/books/年鉴', '/books/年鉴/../a.md', path.posix)).toBe(false);
  });
});

describe('paths written in book.yaml and front matter', () => {
  it('reads a backslash as a separator on every system', () => {
    expect(writtenPath('raw\\2024 年\\政协 工作.txt')).toBe('raw/2024 年/政协 工作.txt');
    expect(writtenPath('images/封面.jpg')).toBe('images/封面.jpg');
  });

  it('finds a file written with backslashes, spaces and Han, in a book folder whose own name has them', async () => {
    expect(await resolveInsideBook(book, 'raw\\2024 年\\政协 工作.txt')).toBe(path.join(book, 'raw', '2024 年', '政协 工作.txt'));
    expect(await resolveInsideBook(book, '..备份.yaml')).toBe(path.join(book, '..备份.yaml'));
  });

  it.each([
    ['..\\外面.txt', 'points outside the book folder'],
    ['raw\\..\\..\\外面.txt', 'points outside the book folder'],
    ['C:\\Windows\\win.ini', 'is not a relative path inside the book folder'],
    ['C:raw\\a.txt', 'is not a relative path inside the book folder'],
    ['\\\\server\\share\\a.txt', 'is not a relative path inside the book folder'],
    ['\\raw\\a.txt', 'is not a relative path inside the book folder'],
  ])('refuses %s with a message naming it', async (written, why) => {
    const refused = await resolveInsideBook(book, written, { file: 'book.yaml', line: 3 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PaibanError);
    expect((refused as PaibanError).message).toBe(`"${written}" ${why}.`);
    expect((refused as PaibanError).place).toBe('book.yaml:3');
  });
});

describe('commit journals left in out/ (which a stranger\'s book folder may bring)', () => {
  const good = { staging: '.paiban-build-4242-Ab3dEf', names: ['年鉴.pdf', '年鉴 2024-print.pdf', 'yearbook.manifest.json'], keepPrevious: ['年鉴.pdf'] };

  it("takes a journal paiban writes: its own staging folder's name, plain file names with spaces and Han", () => {
    expect(isJournal(good)).toBe(true);
  });

  it.each([
    ['a Windows path out of out/', { ...good, names: ['..\\..\\Windows\\x.dll'] }],
    ['a POSIX path out of out/', { ...good, names: ['../../.bashrc'] }],
    ['a drive letter', { ...good, names: ['C:x.pdf'] }],
    ['a parent folder as the name', { ...good, keepPrevious: ['..'] }],
    ['a staging folder that is a path', { ...good, staging: '..\\..\\Users' }],
    ['a staging folder of another name', { ...good, staging: 'manuscripts' }],
    ['no names', { staging: good.staging }],
  ])('refuses %s', (_why, journal) => {
    expect(isJournal(journal)).toBe(false);
  });

  it('completes a killed commit, but never moves a file out of out/ for a journal that names a path', async () => {
    const out = path.join(book, 'out');
    const staging = '.paiban-build-999999999-Ab3dEf';
    await mkdir(path.join(out, staging), { recursive: true });
    await writeFile(path.join(out, staging, '年鉴.pdf'), 'new');
    await writeFile(path.join(out, '年鉴.pdf'), 'old');
    await writeFile(path.join(out, '逃出.txt'), 'stays in out/');
    const journal = { staging, names: ['年鉴.pdf', '..\\逃出.txt', '../逃出.txt'], keepPrevious: ['年鉴.pdf'] };
    await writeFile(path.join(out, `${staging}.commit.json`), JSON.stringify(journal));
    await recoverOutputs(out);
    // Refused whole: nothing moved, the journal and the killed build's folder removed.
    expect(await readFile(path.join(out, '年鉴.pdf'), 'utf8')).toBe('old');
    expect(await readFile(path.join(out, '逃出.txt'), 'utf8')).toBe('stays in out/');
    expect(existsSync(path.join(book, '逃出.txt'))).toBe(false);
    expect((await readdir(out)).filter((name) => name.startsWith('.paiban-build-'))).toEqual([]);

    await mkdir(path.join(out, staging));
    await writeFile(path.join(out, staging, '年鉴.pdf'), 'new');
    await writeFile(path.join(out, `${staging}.commit.json`), JSON.stringify({ ...journal, names: ['年鉴.pdf'] }));
    await recoverOutputs(out);
    expect(await readFile(path.join(out, '年鉴.pdf'), 'utf8')).toBe('new');
    expect(await readFile(path.join(out, '.history', '年鉴.pdf'), 'utf8')).toBe('old');
  });

  it("takes a journal only for its own staging folder's name", async () => {
    const out = path.join(book, 'out-other');
    await mkdir(path.join(out, '.paiban-build-999999998-Zz9'), { recursive: true });
    await writeFile(path.join(out, '.paiban-build-999999998-Zz9', 'a.pdf'), 'new');
    await writeFile(path.join(out, '.paiban-build-999999997-Yy8.commit.json'), JSON.stringify({ staging: '.paiban-build-999999998-Zz9', names: ['a.pdf'], keepPrevious: [] }));
    await recoverOutputs(out);
    expect(existsSync(path.join(out, 'a.pdf'))).toBe(false);
  });
});
