/**
 * `paiban import` as the editor meets it: every bad input is one line naming the file and what to do,
 * exit 1, nothing written; a folder of submissions imports into the book with a summary table, copies
 * each submission into raw/ and its photos into images/, and replaces nothing without --force.
 */
import { cp, mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { hostileSubmissions, textPdf } from './helpers/hostile-submissions.js';
import { sampleAsDocx, statsWorkbook, unitDocx } from './helpers/submissions.js';
import { parseManuscript } from '../src/manuscript/parse.js';
import { writeAll } from '../src/import/outputs.js';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let book: string;

/** Every file under a folder, relative, sorted. */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

beforeAll(async () => {
  book = await mkdtemp(path.join(tmpdir(), 'paiban-import-'));
  await cp(path.join(ESSAYS, 'book.yaml'), path.join(book, 'book.yaml'));
  await mkdir(path.join(book, 'manuscripts'));
});

afterAll(async () => {
  await rm(book, { recursive: true, force: true });
});

describe('bad submissions', async () => {
  const hostile = await hostileSubmissions();

  it.each(hostile.map((h) => [h.name, h] as const))('%s: one line, exit 1, nothing written', async (name, submission) => {
    const inbox = await mkdtemp(path.join(tmpdir(), 'paiban-inbox-'));
    const file = path.join(inbox, name);
    await writeFile(file, submission.bytes);
    const before = await listing(book);
    const result = await run(['import', file, '-o', path.join(book, 'manuscripts', 'x.md')]);
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toMatch(new RegExp(`^error: .*${name.replace('.', '\\.')}: `));
    expect(result.err).toContain(submission.says);
    expect(await listing(book)).toEqual(before);
    await rm(inbox, { recursive: true, force: true });
  });
});

describe('a folder of submissions', () => {
  let inbox: string;

  beforeAll(async () => {
    inbox = await mkdtemp(path.join(tmpdir(), 'paiban-inbox-'));
    await writeFile(path.join(inbox, '01-政协办公室.docx'), unitDocx());
    await writeFile(path.join(inbox, '02-统计局.xlsx'), await statsWorkbook());
    await writeFile(path.join(inbox, '03-2022年工作亮点.docx'), sampleAsDocx(await readFile(path.join(repo, 'raw', '2022-gongzuo-liangdian.txt'), 'utf8')));
    await writeFile(path.join(inbox, '04-annual-report.pdf'), await textPdf());
    await writeFile(path.join(inbox, '05-旧稿.doc'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    await writeFile(path.join(inbox, '06-现场.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    await writeFile(path.join(inbox, '~$政协办公室.docx'), Buffer.from('lock'));
  });

  afterAll(async () => {
    await rm(inbox, { recursive: true, force: true });
  });

  it('imports each into the book, copies sources into raw/ and photos into images/, prints the summary and exits 1 for what it could not import', async () => {
    const out = path.join(book, 'manuscripts');
    const result = await run(['import', inbox, '-o', out]);
    expect(result.code).toBe(1);
    const table = result.out.split('\n');
    expect(table[0]).toMatch(/^\| file +\| kind +\| paragraphs \| tables \| images \| characters in → out \| needs a decision +\|$/);
    expect(table.find((l) => l.startsWith('| 01-政协办公室.docx'))).toMatch(/\| docx \| +7 \| +1 \| +1 \| +\d+ → \d+ \| tracked change ×2, comment/);
    expect(table.find((l) => l.includes('02-统计局.xlsx [经济]'))).toMatch(/\| xlsx \|.*\| +1 \|/);
    expect(table.find((l) => l.startsWith('| 05-旧稿.doc'))).toContain('not imported: is an old binary Word file (.doc)');
    expect(result.out).toContain('not submissions, left alone: 06-现场.jpg');
    expect(await listing(book)).toEqual(
      [
        'book.yaml',
        'images/01-政协办公室-1.png',
        'manuscripts/01-政协办公室.md',
        'manuscripts/02-统计局-人口.md',
        'manuscripts/02-统计局-经济.md',
        'manuscripts/03-2022年工作亮点.md',
        'manuscripts/04-annual-report.md',
        'raw/01-政协办公室.docx',
        'raw/02-统计局.xlsx',
        'raw/03-2022年工作亮点.docx',
        'raw/04-annual-report.pdf',
      ].sort(),
    );
    const unit = await readFile(path.join(out, '01-政协办公室.md'), 'utf8');
    expect(parseManuscript(unit, 'unit.md').meta.source).toBe('../raw/01-政协办公室.docx');
    expect(unit).toContain('::figure[图1　委员视察现场]{src="../images/01-政协办公室-1.png"}');
    expect(await readFile(path.join(book, 'raw', '02-统计局.xlsx'))).toEqual(await readFile(path.join(inbox, '02-统计局.xlsx')));
  });

  it('replaces nothing without --force, and everything with it', async () => {
    const again = await run(['import', inbox, '-o', path.join(book, 'manuscripts')]);
    expect(again.code).toBe(1);
    expect(again.out.split('\n').filter((l) => l.includes('exists already'))).toHaveLength(4);
    const forced = await run(['import', inbox, '-o', path.join(book, 'manuscripts'), '--force']);
    expect(forced.out.split('\n').filter((l) => l.includes('exists already'))).toHaveLength(0);
    expect(forced.out.split('\n').filter((l) => l.includes('not imported'))).toHaveLength(1);
  });

  it('names a submission already inside the book where it is, and prints a manuscript without -o', async () => {
    const inside = path.join(book, 'raw', '01-政协办公室.docx');
    const result = await run(['import', inside, '-o', path.join(book, 'manuscripts', 'unit-again.md')]);
    expect(result.code, result.err).toBe(0);
    expect(await readFile(path.join(book, 'manuscripts', 'unit-again.md'), 'utf8')).toContain('source: ../raw/01-政协办公室.docx');
    expect(existsSync(path.join(book, 'images', 'unit-again-1.png'))).toBe(true);
    const printed = await run(['import', inside]);
    expect(printed.out).toMatch(/^---\ntitle: 利通区政协办公室2024年工作\n---/);
    expect(printed.err).toContain("1 image(s) not extracted: give -o so they go into the book's images/");
  });

  it('wants a folder after -o for a folder import', async () => {
    const result = await run(['import', inbox, '-o', path.join(book, 'one.md')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('must be a folder for a folder import');
  });
});

describe('writing an import', () => {
  it('puts back what --force replaced when a later write fails, and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-write-'));
    await writeFile(path.join(dir, 'a.md'), 'old');
    await writeFile(path.join(dir, 'blocker'), 'a file where a folder would go');
    const failed = await writeAll([{ file: path.join(dir, 'a.md'), bytes: 'new' }, { file: path.join(dir, 'blocker', 'b.png'), bytes: 'x' }], dir).catch((error: Error) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(/^could not be written \(E[A-Z]+\); nothing of this import was kept/);
    expect(await readFile(path.join(dir, 'a.md'), 'utf8')).toBe('old');
    expect(await listing(dir)).toEqual(['a.md', 'blocker']);
    await writeAll([{ file: path.join(dir, 'a.md'), bytes: 'new' }], dir);
    expect(await readFile(path.join(dir, 'a.md'), 'utf8')).toBe('new');
    expect(await listing(dir)).toEqual(['a.md', 'blocker']);
    await rm(dir, { recursive: true, force: true });
  });
});
