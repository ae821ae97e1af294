/** The pieces of the one-print build that need no browser: layouts, the layout file. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PDFArray } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { layoutAfterFront, paginationFromDestinations, sameLayout } from '../src/make/pagination.js';
import { layoutCacheFile, readLayoutCache, writeLayoutCache } from '../src/make/layout-cache.js';
import type { NamedDestination } from '../src/pdf/dests.js';
import type { TocEntry } from '../src/render/toc.js';

const entries: TocEntry[] = [
  { id: 'ch1', chapterId: 'ch1', level: 1, title: '栉风沐雨' },
  { id: 'ch1-s1', chapterId: 'ch1', level: 2, title: '团结联合' },
  { id: 'ch2', chapterId: 'ch2', level: 1, title: '砥砺深耕' },
  { id: 'ch3', chapterId: 'ch3', level: 1, title: '守正创新' },
];
const at = (pageIndex: number): NamedDestination => ({ pageIndex, destination: {} as PDFArray });

describe('page layout before the print', () => {
  it('starts the body after the front matter, on a recto when asked', () => {
    expect(layoutAfterFront(3, 'ch1', true)).toMatchObject({ firstBodyPage: 5, blanks: new Set(['ch1']) });
    expect(layoutAfterFront(4, 'ch1', true)).toMatchObject({ firstBodyPage: 5, blanks: new Set() });
    expect(layoutAfterFront(3, 'ch1', false)).toMatchObject({ firstBodyPage: 4, blanks: new Set() });
  });

  it('keeps a layout the print confirms, and only then', () => {
    const planned = layoutAfterFront(4, 'ch1', true);
    // ch1 on page 5 (recto), ch2 on page 9 (recto), ch3 on page 12 (verso: needs a blank).
    const printed = new Map([['ch1', at(4)], ['ch1-s1', at(5)], ['ch2', at(8)], ['ch3', at(11)]]);
    const settled = paginationFromDestinations(entries, printed, { recto: true, blanks: planned.blanks });
    expect(sameLayout(settled, planned)).toBe(false);
    expect([...settled.blanks]).toEqual(['ch3']);
    expect([...settled.tocPages]).toEqual([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '5'], ['ch3', '9']]);
    // Printed again with the blank: ch3 on page 13. Now it holds.
    const again = new Map([['ch1', at(4)], ['ch1-s1', at(5)], ['ch2', at(8)], ['ch3', at(12)]]);
    const confirmed = paginationFromDestinations(entries, again, { recto: true, blanks: settled.blanks });
    expect(sameLayout(confirmed, settled)).toBe(true);
    expect(confirmed.tocPages).toEqual(settled.tocPages);
  });

  it('drops a blank from an earlier build that the chapter no longer needs, and moves the pages after it back', () => {
    // The last build put a blank before ch2; since then the text before it grew by a page.
    const stale = { tocPages: new Map<string, string>(), firstBodyPage: 5, blanks: new Set(['ch2']) };
    // Printed with the stale blank: ch2 on page 10 (index 9, a verso), ch3 on page 14 (index 13, a verso).
    const printed = new Map([['ch1', at(4)], ['ch1-s1', at(5)], ['ch2', at(9)], ['ch3', at(13)]]);
    const settled = paginationFromDestinations(entries, printed, { recto: true, blanks: stale.blanks });
    // Without its blank ch2 opens on page 9 (recto); ch3 moves back one page to 13 (recto).
    expect([...settled.blanks]).toEqual([]);
    expect([...settled.tocPages]).toEqual([['ch1', '1'], ['ch1-s1', '2'], ['ch2', '5'], ['ch3', '9']]);
    expect(sameLayout(settled, stale)).toBe(false);
  });
});

describe('the layout file in the output folder', () => {
  it('round-trips, and is ignored when missing or damaged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-layout-'));
    try {
      const file = layoutCacheFile(dir, 'book', 'vertical');
      expect(path.basename(file)).toBe('.book-vertical.layout.json');
      expect(await readLayoutCache(file)).toBeUndefined();
      await writeLayoutCache(file, { firstBodyPage: 5, blanks: new Set(['ch3', 'ch1']) });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, firstBodyPage: 5, blanks: ['ch1', 'ch3'] });
      expect(await readLayoutCache(file)).toMatchObject({ firstBodyPage: 5, blanks: new Set(['ch1', 'ch3']) });
      await writeFile(file, '{"version":1,"firstBodyPage":-2,"blanks":[]}');
      expect(await readLayoutCache(file)).toBeUndefined();
      await writeFile(file, 'not json');
      expect(await readLayoutCache(file)).toBeUndefined();
      // A hostile out/: a named pipe (reading it would wait for a writer) or a link to an endless device.
      await rm(file);
      execFileSync('mkfifo', [file]);
      expect(await readLayoutCache(file)).toBeUndefined();
      await rm(file);
      await symlink('/dev/zero', file);
      expect(await readLayoutCache(file)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('production jobs in worker threads', () => {
  // The compiled module: a worker thread cannot load the TypeScript sources the test runner uses.
  const compiled = async () => (await import(new URL('../dist/make/run-job.js', import.meta.url).href)) as typeof import('../src/make/run-job.js');

  it('gives the same bytes in a worker as in this thread', async () => {
    const { runJob } = await compiled();
    const { PDFDocument } = await import('pdf-lib');
    const source = await PDFDocument.create();
    for (let i = 0; i < 4; i += 1) source.addPage([420, 595]).drawText(`page ${i + 1}`, { x: 50, y: 500 });
    source.setCreationDate(new Date('2024-12-31T00:00:00Z'));
    source.setModificationDate(new Date('2024-12-31T00:00:00Z'));
    const bytes = await source.save();
    const [inWorker, here] = await Promise.all([runJob('printMarks', 'worker', bytes, { bleedMm: 3 }), runJob('printMarks', 'here', bytes, { bleedMm: 3 })]);
    expect(inWorker.length).toBeGreaterThan(bytes.length);
    expect(Buffer.compare(Buffer.from(inWorker), Buffer.from(here))).toBe(0);
  });

  it('brings a worker’s PaibanError back as one', async () => {
    const { runJob } = await compiled();
    const { PaibanError: CompiledError } = (await import(new URL('../dist/util/errors.js', import.meta.url).href)) as typeof import('../src/util/errors.js');
    const { PDFDocument } = await import('pdf-lib');
    const source = await PDFDocument.create();
    source.addPage([420, 595]).setRotation({ type: 'degrees', angle: 90 } as never);
    const failed = runJob('booklet', 'worker', await source.save(), undefined, {});
    await expect(failed).rejects.toBeInstanceOf(CompiledError);
    await expect(failed).rejects.toThrow(/rotated/);
  });
});
