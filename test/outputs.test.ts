/**
 * The print-shop outputs made lean: the booklet takes the printed cover as it is (the book is parsed
 * once, not joined to the cover and saved first), a print file is marked and converted to PDF/X-4 from
 * one parse, and pdf-lib compresses with Node's zlib. Small PDFs made with pdf-lib, read back with
 * poppler and pdf-lib.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, PageSizes, StandardFonts, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imposeBooklet } from '../src/impose/impose.js';
import { markTrim } from '../src/pdf/cover.js';
import { useNodeZlibInPdfLib } from '../src/pdf/zlib-deflate.js';
import { DEFAULT_CMYK_PROFILE, readCmykProfile } from '../src/press/icc.js';
import { printFileOf, type Press } from '../src/press/press.js';
import { verifyPdfX } from '../src/press/verify-pdfx.js';

const metadata = { title: '样书', keywords: [], language: 'zh-Hans', creator: 'paiban test', producer: 'paiban test', date: new Date('2024-12-31T00:00:00Z') };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-outputs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pages labelled `${prefix}1`, `${prefix}2`… in their middle; `bleedMm` prints them with bleed (a cover). */
async function labelled(prefix: string, count: number, bleedMm = 0): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const [width, height] = PageSizes.A5 as [number, number];
  const grow = (bleedMm * 72) / 25.4;
  for (let n = 1; n <= count; n += 1) {
    const page = pdf.addPage([width + 2 * grow, height + 2 * grow]);
    if (bleedMm) page.drawRectangle({ x: 0, y: 0, width: width + 2 * grow, height: height + 2 * grow, color: rgb(0.4784, 0.1216, 0.1216) });
    const text = `${prefix}${n}`;
    page.drawText(text, { x: (width + 2 * grow - font.widthOfTextAtSize(text, 24)) / 2, y: height / 2, size: 24, font });
  }
  if (bleedMm) markTrim(pdf, bleedMm);
  return pdf.save();
}

/** Each sheet side as `left|right` by the words poppler finds on either half (`-`: none). */
async function sides(bytes: Uint8Array): Promise<string[]> {
  const file = path.join(dir, `read-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return html.split('<page ').slice(1).map((chunk) => {
    const width = Number(/width="([\d.]+)"/.exec(chunk)![1]);
    const words = [...chunk.matchAll(/xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ text: m[3]!, x: (Number(m[1]) + Number(m[2])) / 2 }));
    const half = (left: boolean) => words.filter((w) => (w.x < width / 2) === left).map((w) => w.text).join(',') || '-';
    return `${half(true)}|${half(false)}`;
  });
}

describe('booklet with its cover', () => {
  it('binds front cover, blank, the book, blank, back cover, and draws nothing for the blanks', async () => {
    const result = await imposeBooklet(await labelled('P', 4), { cover: await labelled('C', 2, 3), keepAtEnd: 2 });
    expect(result.plan.sheets).toHaveLength(2);
    expect(result.plan.blankCount).toBe(0);
    // 8 pages: C1, blank, P1–P4, blank, C2.
    expect(await sides(result.pdf)).toEqual(['C2|C1', '-|-', 'P4|P1', 'P2|P3']);
    const out = await PDFDocument.load(result.pdf);
    const xobjects = out.getPages().map((page) => page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.keys().map((k) => k.decodeText()) ?? []);
    expect(xobjects).toEqual([['P8', 'P1'], [], ['P6', 'P3'], ['P4', 'P5']]);
    // The cover is drawn with its bleed (it reaches the fold), the book with its page.
    const bbox = (name: string, side: number) => out.getPage(side).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict).lookup(PDFName.of(name), PDFStream).dict.lookup(PDFName.of('BBox'))!.toString();
    const bleed = (3 * 72) / 25.4;
    expect(bbox('P1', 0)).toBe(`[ 0 0 ${(PageSizes.A5[0] + 2 * bleed).toString()} ${(PageSizes.A5[1] + 2 * bleed).toString()} ]`);
    expect(bbox('P3', 2)).toBe(`[ 0 0 ${PageSizes.A5[0]} ${PageSizes.A5[1]} ]`);
  });

  it('gives the same bytes twice and refuses a cover that is not front and back', async () => {
    const book = await labelled('P', 6);
    const cover = await labelled('C', 2, 3);
    const [a, b] = await Promise.all([imposeBooklet(book, { cover }), imposeBooklet(book, { cover })]);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    await expect(imposeBooklet(book, { cover: await labelled('C', 3, 3) })).rejects.toThrow(/cover has 3 pages, not 2/);
  });
});

describe('print file from one parse', () => {
  it('marks and converts in one go: a PDF/X-4 that passes every check, the same bytes twice, another /ID for another bleed', async () => {
    const profile = await readCmykProfile(DEFAULT_CMYK_PROFILE);
    const press: Press = { profile, coverHex: '#7a1f1f', fixed: new Map([['#7a1f1f', [0, 0.9, 0.8, 0.45]]]) };
    // Vector colour only: Helvetica would not be embedded, which PDF/X refuses.
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (const colour of [rgb(0.2, 0.2, 0.2), rgb(0.4784, 0.1216, 0.1216)]) doc.addPage(PageSizes.A5 as [number, number]).drawRectangle({ x: 20, y: 20, width: 100, height: 50, color: colour });
    const book = await doc.save();
    const [a, b, wider] = await Promise.all([printFileOf(book, { bleedMm: 3 }, press, metadata), printFileOf(book, { bleedMm: 3 }, press, metadata), printFileOf(book, { bleedMm: 5 }, press, metadata)]);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect((await verifyPdfX(a.pdf)).filter((r) => !r.ok)).toEqual([]);
    const out = await PDFDocument.load(a.pdf);
    const box = (key: string) => out.getPage(0).node.lookup(PDFName.of(key))!.toString();
    const bleed = (3 * 72) / 25.4;
    expect(box('TrimBox')).toBe(`[ 0 0 ${PageSizes.A5[0]} ${PageSizes.A5[1]} ]`);
    expect(box('BleedBox')).toBe(`[ ${(-bleed).toFixed(4).replace(/0+$/, '')} ${(-bleed).toFixed(4).replace(/0+$/, '')} ${(PageSizes.A5[0] + bleed).toFixed(4).replace(/0+$/, '')} ${(PageSizes.A5[1] + bleed).toFixed(4).replace(/0+$/, '')} ]`);
    const id = (bytes: Uint8Array) => PDFDocument.load(bytes).then((doc) => String(doc.context.trailerInfo.ID));
    expect(await id(wider.pdf)).not.toBe(await id(a.pdf));
    expect(Buffer.from(a.pdf.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.6');
  });
});

describe('pdf-lib with Node’s zlib', () => {
  it('compresses the streams pdf-lib makes with node:zlib, and reads them back', async () => {
    useNodeZlibInPdfLib(); // loaded already; a second call changes nothing
    const data = new TextEncoder().encode('0 0 m 10 10 l S\n'.repeat(500));
    const pdf = await PDFDocument.create({ updateMetadata: false });
    const stream = pdf.context.flateStream(data);
    expect(Buffer.from(stream.getContents()).equals(deflateSync(data))).toBe(true);
    pdf.addPage().drawText('zlib');
    const saved = await pdf.save({ useObjectStreams: true });
    const again = await PDFDocument.load(saved);
    expect(again.getPageCount()).toBe(1);
    // A content stream pdf-lib wrote while drawing went through Node's zlib too.
    const contents = again.getPage(0).node.Contents()!;
    const drawn = again.context.lookup('asArray' in contents ? contents.get(0) : contents) as PDFRawStream;
    expect(inflateSync(drawn.contents).toString('latin1')).toContain('Tj');
  });
});

describe('bench: memory windows merged', () => {
  it('keeps the highest peaks and adds up the counts and CPU seconds', async () => {
    const { mergeWindows } = await import('../scripts/bench/memory.js');
    const a = { samples: 3, nodePssKb: 100, nodeRssKb: 150, childrenPssKb: 900, toolsPssKb: 0, sumPssKb: 1000, processes: 5, tools: [], busyMs: 2, rollups: 4, cpuSeconds: 1.5, otherCpuSeconds: 0.5, windowSeconds: 2 };
    const b = { samples: 2, nodePssKb: 700, nodeRssKb: 800, childrenPssKb: 200, toolsPssKb: 30, sumPssKb: 930, processes: 3, tools: ['mutool'], busyMs: 1, rollups: 1, cpuSeconds: 2, otherCpuSeconds: 0, windowSeconds: 3 };
    expect(mergeWindows([a, null, b])).toEqual({ samples: 5, nodePssKb: 700, nodeRssKb: 800, childrenPssKb: 900, toolsPssKb: 30, sumPssKb: 1000, processes: 5, tools: ['mutool'], busyMs: 3, rollups: 5, cpuSeconds: 3.5, otherCpuSeconds: 0.5, windowSeconds: 5 });
    expect(mergeWindows([null])).toBeNull();
  });
});

describe('one worker thread for all the outputs of a build', () => {
  // The compiled module: a worker thread cannot load the TypeScript sources the test runner uses.
  const compiled = async () => (await import(new URL('../dist/make/run-job.js', import.meta.url).href)) as typeof import('../src/make/run-job.js');

  it('runs job after job in one worker, the same bytes as in this thread, and goes on after a job fails', async () => {
    const { jobRunner } = await compiled();
    const book = await labelled('P', 4);
    const rotated = await PDFDocument.create();
    rotated.addPage([420, 595]).setRotation({ type: 'degrees', angle: 90 } as never);
    const worker = jobRunner('worker');
    const here = jobRunner('here');
    try {
      await expect(worker.run('booklet', await rotated.save(), undefined, {})).rejects.toThrow(/rotated/);
      const [marked, imposed] = [await worker.run('printMarks', book, { bleedMm: 3 }), await worker.run('booklet', book, await labelled('C', 2, 3), {})];
      expect(Buffer.from(marked).equals(Buffer.from(await here.run('printMarks', book, { bleedMm: 3 })))).toBe(true);
      expect(Buffer.from(imposed.pdf).equals(Buffer.from((await here.run('booklet', book, await labelled('C', 2, 3), {})).pdf))).toBe(true);
      expect(imposed.sheets).toBe(2);
    } finally {
      await worker.close();
      await here.close();
    }
  });
});
