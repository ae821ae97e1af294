/**
 * "Every output is byte-identical when the inputs are": the sample built by two separate `paiban build`
 * processes (two browsers), from two different folders, with SOURCE_DATE_EPOCH set; every output
 * compared byte for byte, and the date really taken from SOURCE_DATE_EPOCH.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** 2023-11-14T22:13:20Z: not the date in book.yaml (2024-12-31), so a build that ignores SOURCE_DATE_EPOCH shows. */
const EPOCH = 1_700_000_000;
let work: string;
let books: string[];

async function copyBook(to: string): Promise<string> {
  for (const name of ['book.yaml', 'manuscripts']) await cp(path.join(repo, name), path.join(to, name), { recursive: true });
  return to;
}

async function buildInOwnProcess(book: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(repo, 'bin', 'paiban.js'), 'build', book], {
    cwd: book,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH) },
    maxBuffer: 1 << 24,
  });
}

async function outputs(book: string): Promise<Map<string, Buffer>> {
  const dir = path.join(book, 'out');
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  return new Map(await Promise.all(names.sort().map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'paiban-repro-'));
  // Two folders of different names and depths: no path may leak into an output.
  books = [await copyBook(path.join(work, 'a')), await copyBook(path.join(work, 'second-copy', 'of the book'))];
  // One after the other: two Chromiums at once on two cores only make both slower.
  for (const book of books) await buildInOwnProcess(book);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('reproducible builds', () => {
  it('two processes in two folders write the same outputs, byte for byte', async () => {
    const [first, second] = await Promise.all(books.map(outputs));
    // The outputs, and the font-subset cache (.fonts/), which must not differ either.
    expect([...first!.keys()].filter((name) => !name.startsWith('.'))).toEqual(['yearbook-archive.pdf', 'yearbook-booklet.pdf', 'yearbook-cover-print.pdf', 'yearbook-cover.pdf', 'yearbook-print.pdf', 'yearbook.html', 'yearbook.manifest.json', 'yearbook.pdf']);
    expect([...first!.keys()].some((name) => name.startsWith('.fonts'))).toBe(true);
    expect([...second!.keys()]).toEqual([...first!.keys()]);
    const differing = [...first!.keys()].filter((name) => !first!.get(name)!.equals(second!.get(name)!));
    // Every PDF and font subset is identical. The HTML names its font subsets by absolute file URL
    // (out/.fonts/…), so it, and the manifest's hash of it, differ by the book folder's path alone.
    expect(differing).toEqual(['yearbook.html', 'yearbook.manifest.json']);
    const html = (index: number) => first && second && [first, second][index]!.get('yearbook.html')!.toString('utf8').replaceAll(pathToFileURL(books[index]!).href, 'BOOK');
    expect(html(1)).toBe(html(0));
    expect(html(0)).toContain('BOOK/out/.fonts/');
    const manifest = (index: number) => {
      const parsed = JSON.parse([first!, second!][index]!.get('yearbook.manifest.json')!.toString('utf8')) as { outputs: { path: string; sha256: string; bytes: number }[] };
      return { ...parsed, outputs: parsed.outputs.filter((file) => file.path !== 'yearbook.html') };
    };
    expect(manifest(1)).toEqual(manifest(0));
  });

  it('dates every output from SOURCE_DATE_EPOCH, not book.yaml or the clock', async () => {
    const expected = new Date(EPOCH * 1000).toISOString();
    for (const name of ['yearbook.pdf', 'yearbook-archive.pdf', 'yearbook-print.pdf', 'yearbook-cover.pdf']) {
      const pdf = await PDFDocument.load(await readFile(path.join(books[0]!, 'out', name)), { updateMetadata: false });
      expect([pdf.getCreationDate()?.toISOString(), pdf.getModificationDate()?.toISOString()], name).toEqual([expected, expected]);
    }
    const manifest = JSON.parse(await readFile(path.join(books[0]!, 'out', 'yearbook.manifest.json'), 'utf8')) as { buildDate: string };
    expect(manifest.buildDate).toBe(expected.replace('.000Z', 'Z'));
  });
});
