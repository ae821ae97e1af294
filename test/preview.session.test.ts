import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { PaibanError } from '../src/util/errors.js';

/** buildBook stand-in: slow enough to overlap, counts how many run at once, writes a tiny PDF of `pages` pages. */
const fake = vi.hoisted(() => ({ running: 0, most: 0, calls: 0, pages: 2, label: 'a', fail: false, delayMs: 120 }));

vi.mock('../src/make/build-book.js', () => ({
  buildBook: async (_dir: string, options: { outDir: string; onProgress?: (event: { stage: string; detail: string; seconds: number }) => void }) => {
    const label = fake.label; // what the files said when the build read them
    fake.calls += 1;
    fake.running += 1;
    fake.most = Math.max(fake.most, fake.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
      if (fake.fail) throw new PaibanError('Front matter: "year" must be a number.', { file: path.join(_dir, 'manuscripts/a.md'), line: 6 });
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      for (let i = 1; i <= fake.pages; i += 1) pdf.addPage([200, 280]).drawText(`${i}${i === 1 ? label : ''}`, { x: 20, y: 140, size: 40, font });
      await mkdir(options.outDir, { recursive: true });
      const pdfFile = path.join(options.outDir, 'book.pdf');
      await writeFile(pdfFile, await pdf.save());
      options.onProgress?.({ stage: 'pass 1', detail: '', seconds: fake.delayMs / 1000 });
      return { pdfFile, pages: fake.pages, passes: 1 };
    } finally {
      fake.running -= 1;
    }
  },
}));

const { PreviewSession } = await import('../src/preview/session.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'paiban-preview-session-'));
  await writeFile(path.join(dir, 'book.yaml'), 'title: 试样\nwriting: vertical\n');
  await mkdir(path.join(dir, 'work', 'pages'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('one build at a time; changes during a build make one more build, with all their files', async () => {
  // A stand-in browser: the fake buildBook never prints.
  const browser = { isConnected: () => true, close: async () => undefined } as unknown as Browser;
  const session = new PreviewSession(dir, { workDir: path.join(dir, 'work'), dpi: 36, browser });
  const states: { build: number; building: boolean }[] = [];
  session.subscribe((state) => states.push({ build: state.build, building: state.building }));

  session.request({ files: [], firstAt: Date.now() });
  await new Promise((resolve) => setTimeout(resolve, 20)); // the first build is running now
  fake.label = 'b';
  for (const file of ['manuscripts/a.md', 'manuscripts/b.md', 'manuscripts/a.md']) session.request({ files: [file], firstAt: Date.now() });
  await session.idle();

  expect(fake.calls).toBe(2);
  expect(fake.most).toBe(1);
  const state = session.current;
  expect(state.build).toBe(2);
  expect(state.files).toEqual(['manuscripts/a.md', 'manuscripts/b.md']);
  expect(state.title).toBe('试样');
  expect(state.writing).toBe('vertical');
  // One image per page of the PDF the build wrote, on disk where the server serves /pages/ from.
  const onDisk = (await readdir(path.join(dir, 'work', 'pages'))).filter((name) => name.endsWith('.png')).sort();
  expect(onDisk).toHaveLength(fake.pages);
  expect(state.pages.map((page) => page.url).sort()).toEqual(onDisk.map((name) => `/pages/${name}`));
  expect(state.changed).toEqual([1]); // only page 1 carries the label
  expect(state.timings!.rendered).toBe(1);
  expect(states.map((s) => `${s.build}${s.building ? '…' : ''}`)).toEqual(['0…', '1', '1…', '2']);

  // A failed build keeps the last good pages and says where; the next good one clears the error.
  const pages = state.pages;
  fake.fail = true;
  session.request({ files: ['manuscripts/a.md'], firstAt: Date.now() });
  await session.idle();
  expect(session.current.error).toEqual({ message: 'Front matter: "year" must be a number.', place: 'manuscripts/a.md:6' });
  expect(session.current.pages).toEqual(pages);
  fake.fail = false;
  session.request({ files: ['manuscripts/a.md'], firstAt: Date.now() });
  await session.idle();
  expect(session.current.error).toBeUndefined();
  expect(session.current.build).toBe(4);

  // A stylesheet change redraws every page (it can change a page without changing its content stream).
  session.request({ files: ['styles/book.css'], firstAt: Date.now() });
  await session.idle();
  expect(session.current.timings!.rendered).toBe(2);
  expect(session.current.changed).toEqual([]);
  await session.close();
  session.request({ files: ['manuscripts/a.md'], firstAt: Date.now() });
  expect(fake.calls).toBe(5); // closed: no more builds
});
