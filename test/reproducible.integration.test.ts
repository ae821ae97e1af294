/**
 * "Every output is byte-identical when the inputs are": the sample built by two separate `paiban build`
 * processes (two browsers), from two different folders, with SOURCE_DATE_EPOCH set; every output
 * compared byte for byte (the HTML too: it names its fonts relative to itself), and the date really
 * taken from SOURCE_DATE_EPOCH.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSAYS } from './helpers/essays.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** 2023-11-14T22:13:20Z: not the date in book.yaml (2024-12-31), so a build that ignores SOURCE_DATE_EPOCH shows. */
const EPOCH = 1_700_000_000;
let work: string;
let books: string[];

async function copyBook(to: string): Promise<string> {
  for (const name of ['book.yaml', 'manuscripts']) await cp(path.join(ESSAYS, name), path.join(to, name), { recursive: true });
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
    // Every output, the HTML and the manifest (which hashes it) included, and every font subset.
    expect(differing).toEqual([]);
  });

  it('the HTML names its fonts relative to itself, and nothing of the folder it was built in', async () => {
    for (const book of books) {
      const out = path.join(book, 'out');
      const html = await readFile(path.join(out, 'yearbook.html'), 'utf8');
      expect(html).not.toContain('file:');
      expect(html).not.toContain(book);
      const urls = [...html.matchAll(/url\("([^"]+)"\)/g)].map((match) => match[1]!);
      expect(urls.length).toBeGreaterThan(0);
      // Each one a subset in out/.fonts, found from where the HTML is (as a browser opening it would).
      for (const url of new Set(urls)) {
        expect(url).toMatch(/^\.fonts\/[A-Za-z-]+-[0-9a-f]{16}\.ttf$/);
        await expect(readFile(fileURLToPath(new URL(url, pathToFileURL(path.join(out, 'yearbook.html'))))), url).resolves.toBeInstanceOf(Buffer);
      }
    }
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
