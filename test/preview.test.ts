import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { afterEach, describe, expect, test } from 'vitest';
import { runPreview } from '../src/cli/preview.js';
import { PageImages, renderRanges } from '../src/preview/page-images.js';
import { pageKeys } from '../src/preview/page-keys.js';
import { escapeHtml, PREVIEW_CSP, previewPage } from '../src/preview/page.js';
import { isOwnHost, loopbackHost } from '../src/preview/server.js';
import { bookInputs, describeError } from '../src/preview/session.js';
import { isNoise, watchBook, type BookChange } from '../src/preview/watch.js';
import { PaibanError } from '../src/util/errors.js';

const temps: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paiban-preview-unit-'));
  temps.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A small PDF: one page per label, the label in large type, so pages differ visibly. */
async function labelledPdf(labels: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const label of labels) pdf.addPage([200, 280]).drawText(label, { x: 20, y: 140, size: 40, font, color: rgb(0, 0, 0) });
  return pdf.save({ useObjectStreams: false });
}

describe('page keys and page images', () => {
  test('a page keeps its key when only another page changed', async () => {
    const a = await pageKeys(await labelledPdf(['one', 'two', 'three']));
    const again = await pageKeys(await labelledPdf(['one', 'two', 'three']));
    const b = await pageKeys(await labelledPdf(['one', 'TWO', 'three']));
    expect(again).toEqual(a);
    expect(b.map((key, i) => key === a[i])).toEqual([true, false, true]);
  });

  test('an image swapped behind the same name changes the key', async () => {
    const withImage = async (color: [number, number, number]) => {
      const pdf = await PDFDocument.create();
      // A 1×1 PNG of one colour, embedded and drawn the same way each time.
      const { PNG } = await import('pngjs');
      const png = new PNG({ width: 1, height: 1 });
      png.data = Buffer.from([...color, 255]);
      const image = await pdf.embedPng(PNG.sync.write(png));
      pdf.addPage([100, 100]).drawImage(image, { x: 0, y: 0, width: 100, height: 100 });
      return pageKeys(await pdf.save());
    };
    expect(await withImage([255, 0, 0])).not.toEqual(await withImage([0, 0, 255]));
  });

  test('an update renders only the changed pages and keeps the others’ images', async () => {
    const dir = await tempDir();
    const images = new PageImages(path.join(dir, 'pages'), 36);
    await mkdir(images.dir);
    const file = path.join(dir, 'book.pdf');
    await writeFile(file, await labelledPdf(['one', 'two', 'three']));
    const first = await images.update(file);
    expect(first.rendered).toBe(3);
    expect(first.changed).toEqual([1, 2, 3]);
    const before = first.pages.map((page) => page.name);

    await writeFile(file, await labelledPdf(['one', 'TWO', 'three']));
    const second = await images.update(file);
    expect(second.rendered).toBe(1);
    expect(second.changed).toEqual([2]);
    expect(second.pages.map((page) => page.name === before[page.page - 1])).toEqual([true, false, true]);
    expect((await readdir(images.dir)).sort()).toEqual(second.pages.map((page) => page.name).sort()); // the old page 2 is gone
    expect(images.file(second.pages[1]!.name)).toBe(path.join(images.dir, second.pages[1]!.name));
    expect(images.file(before[1]!)).toBeUndefined();
    expect(images.file('../book.pdf')).toBeUndefined();

    // Asked to render everything (a style changed): the same pixels keep the same names.
    const all = await images.update(file, { all: true });
    expect(all.rendered).toBe(3);
    expect(all.changed).toEqual([]);

    await writeFile(file, await labelledPdf(['one', 'TWO']));
    const shorter = await images.update(file);
    expect(shorter.pages).toHaveLength(2);
    expect(await readdir(images.dir)).toHaveLength(2);
  });

  test('render ranges join near pages and split one long run for two jobs', () => {
    expect(renderRanges([], 2)).toEqual([]);
    expect(renderRanges([7], 2)).toEqual([[7, 7]]);
    expect(renderRanges([3, 4, 6, 20], 2)).toEqual([
      [3, 6],
      [20, 20],
    ]);
    expect(renderRanges([1, 2, 3, 4, 5, 6, 7, 8], 2)).toEqual([
      [1, 4],
      [5, 8],
    ]);
    expect(renderRanges([1, 2, 3, 4, 5, 6, 7, 8], 1)).toEqual([[1, 8]]);
  });
});

describe('watching the book', () => {
  const changes = () => {
    const seen: BookChange[] = [];
    let wake: (() => void) | undefined;
    return {
      seen,
      onChange: (change: BookChange) => {
        seen.push(change);
        wake?.();
      },
      next: () => new Promise<void>((resolve) => (wake = resolve)),
    };
  };
  const settle = (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms));

  test('an editor’s double write is one change; noise and out/ are not changes', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'manuscripts'));
    await mkdir(path.join(dir, 'out'));
    await writeFile(path.join(dir, 'book.yaml'), 'title: 书\n');
    const spy = changes();
    const watcher = watchBook(dir, bookInputs(undefined), { onChange: spy.onChange, debounceMs: 40 });
    try {
      await settle(50);
      const next = spy.next();
      await writeFile(path.join(dir, 'manuscripts', 'a.md'), '');
      await writeFile(path.join(dir, 'manuscripts', 'a.md'), '---\ntitle: 一\n---\n\n正文。\n');
      await writeFile(path.join(dir, 'manuscripts', '.a.md.swp'), 'x');
      await writeFile(path.join(dir, 'out', 'book.pdf'), 'x');
      await writeFile(path.join(dir, 'README.md'), 'x');
      await next;
      await settle();
      expect(spy.seen).toHaveLength(1);
      expect(spy.seen[0]!.files).toEqual(['manuscripts/a.md']);

      // A folder that did not exist (styles/ is optional) is watched once it appears.
      const created = spy.next();
      await mkdir(path.join(dir, 'styles'));
      await created;
      await settle(100);
      const styled = spy.next();
      await writeFile(path.join(dir, 'styles', 'book.css'), 'p { color: red }');
      await styled;
      expect(spy.seen.at(-1)!.files).toContain('styles/book.css');
      // The stylesheet's write can raise a second event after the first batch went out: let it pass first.
      await settle();

      const yaml = spy.next();
      await writeFile(path.join(dir, 'book.yaml'), 'title: 书名\n');
      await yaml;
      expect(spy.seen.at(-1)!.files).toEqual(['book.yaml']);
    } finally {
      watcher.close();
    }
  });

  test('noise names and inputs named in book.yaml', () => {
    expect(['.a.md.swp', 'a.md~', '#a.md#', '4913', 'a.md.tmp', '.DS_Store'].every(isNoise)).toBe(true);
    expect(isNoise('a.md')).toBe(false);
    const inputs = bookInputs({ manuscripts: ['chapters/one.md', 'preface.md'], cover: { image: 'art/cover.jpg' } } as never);
    expect(inputs.folders).toEqual(['manuscripts', 'styles', 'templates', 'images', 'chapters', 'art']);
    expect(inputs.files).toEqual(['book.yaml', 'chapters/one.md', 'preface.md', 'art/cover.jpg']);
  });
});

describe('server rules', () => {
  test('binds only loopback addresses', () => {
    expect(loopbackHost(undefined)).toBe('127.0.0.1');
    expect(loopbackHost('localhost')).toBe('127.0.0.1');
    expect(loopbackHost('::1')).toBe('::1');
    for (const host of ['0.0.0.0', '::', '192.168.0.2', 'example.com', '']) expect(() => loopbackHost(host)).toThrow(PaibanError);
  });

  test('answers only requests addressed to this machine (no DNS rebinding)', () => {
    expect(isOwnHost('127.0.0.1:4173')).toBe(true);
    expect(isOwnHost('localhost:4173')).toBe(true);
    expect(isOwnHost('[::1]:4173')).toBe(true);
    expect(isOwnHost('evil.example:4173')).toBe(false);
    expect(isOwnHost('127.0.0.1.evil.example')).toBe(false);
    expect(isOwnHost(undefined)).toBe(false);
  });

  test('the page runs only its own inline script', () => {
    const html = previewPage('<书名>');
    expect(html).toContain('&lt;书名&gt;');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(PREVIEW_CSP).toMatch(/default-src 'none'/);
    expect(PREVIEW_CSP).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  test('errors become what the banner shows', () => {
    const error = new PaibanError('Front matter: "year" must be a number.', { file: '/book/manuscripts/a.md', line: 6, hint: 'Fix it.' });
    expect(describeError(error, '/book')).toEqual({ message: 'Front matter: "year" must be a number.', place: 'manuscripts/a.md:6', hint: 'Fix it.' });
    expect(describeError(new TypeError('boom'), '/book').message).toMatch(/bug: boom/);
  });
});

describe('paiban preview (command)', () => {
  test('refuses a bad port', async () => {
    const err: string[] = [];
    expect(await runPreview('.', { port: 'eighty' }, { out: () => undefined, err: (line) => err.push(line) })).toBe(1);
    expect(err.join('\n')).toMatch(/--port must be a whole number/);
  });

  test('serves the error of a book that does not build, and stops cleanly', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'book.yaml'), 'title: 书\npage:\n  size: A7\n');
    const out: string[] = [];
    const err: string[] = [];
    const stop = new AbortController();
    const running = runPreview(dir, { port: 0, signal: stop.signal }, { out: (line) => out.push(line), err: (line) => err.push(line) });
    // The error line comes once the first build failed.
    while (!err.some((line) => line.includes('✗ build 1'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const url = out.map((line) => /open (http:\S+)/.exec(line)?.[1]).find(Boolean)!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const state = (await (await fetch(`${url}state.json`)).json()) as { error: { place: string; message: string }; pages: unknown[] };
    expect(state.error.place).toBe('book.yaml:3:9');
    expect(state.error.message).toMatch(/A7/);
    expect(state.pages).toEqual([]);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });
});
