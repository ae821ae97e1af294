/**
 * Print marks: exact TrimBox/BleedBox/MediaBox values, crop marks where a print shop looks for them
 * (checked by rendering with poppler, so a mark drawn in the page's own flipped coordinates would fail).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, PDFNumber, PageSizes, StandardFonts, pushGraphicsState, concatTransformationMatrix } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPrintMarks, cropMarkLines, printBoxes } from '../src/impose/marks.js';
import { readInfo } from '../src/pdf/metadata.js';
import { PaibanError } from '../src/util/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-marks-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page box as written in the file. */
function boxOf(pdf: PDFDocument, page: number, key: string): number[] | undefined {
  const array = pdf.getPage(page).node.lookupMaybe(PDFName.of(key), PDFArray);
  return array?.asArray().map((n) => (n as PDFNumber).asNumber());
}

/**
 * How dark poppler paints a point of the page (0 black … 255 white), `x`/`y` in PDF points. Rendered at
 * 288 dpi without anti-aliasing, the darkest pixel of a 3 × 3 neighbourhood (a 0.25 pt line is 1 px).
 */
function darkness(file: string, page: number, x: number, y: number): number {
  const pdf = execFileSync('pdfinfo', ['-box', '-f', String(page), '-l', String(page), file], { encoding: 'utf8' });
  const crop = /CropBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(pdf)!.slice(1).map(Number);
  const scale = 288 / 72;
  const px = Math.round((x - crop[0]!) * scale) - 1;
  const py = Math.round((crop[3]! - y) * scale) - 1;
  const args = ['-f', String(page), '-l', String(page), '-r', '288', '-gray', '-aa', 'no', '-aaVector', 'no', '-singlefile'];
  const pgm = execFileSync('pdftoppm', [...args, '-x', String(px), '-y', String(py), '-W', '3', '-H', '3', file]);
  return Math.min(...pgm.subarray(pgm.length - 9));
}

const FIXED_DATE = new Date('2024-12-31T00:00:00Z');

/** Pages that end, like Chromium's, with a `cm` still in force (here a y-flip with no closing Q). */
async function fixture(size: [number, number], count = 2): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= count; n += 1) {
    const page = pdf.addPage(size);
    page.drawText(`P${n}`, { x: size[0] / 2, y: size[1] / 2, size: 20, font });
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(1, 0, 0, -1, 0, size[1]));
  }
  pdf.setTitle('印前');
  pdf.setProducer('test');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  return pdf.save();
}

async function saved(bytes: Uint8Array, name: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('print boxes and crop marks (pure)', () => {
  // 3 mm = 8.503937 pt; 3 + 5 mm = 22.677165 pt; values are rounded to 1/10,000 pt.
  it('A5 as pdf-lib makes it (419.53 × 595.28 pt), 3 mm bleed, 5 mm marks', () => {
    const boxes = printBoxes({ x0: 0, y0: 0, x1: 419.53, y1: 595.28 }, (3 / 25.4) * 72, (5 / 25.4) * 72);
    expect(boxes.trim).toEqual({ x0: 0, y0: 0, x1: 419.53, y1: 595.28 });
    expect(boxes.bleed).toEqual({ x0: -8.5039, y0: -8.5039, x1: 428.0339, y1: 603.7839 });
    expect(boxes.media).toEqual({ x0: -22.6772, y0: -22.6772, x1: 442.2072, y1: 617.9572 });
  });

  it('eight marks, all outside the bleed, on the trim lines', () => {
    const lines = cropMarkLines({ x0: 0, y0: 0, x1: 100, y1: 200 }, 10, 5);
    expect(lines).toEqual([
      { from: [-10, 0], to: [-15, 0] },
      { from: [0, -10], to: [0, -15] },
      { from: [-10, 200], to: [-15, 200] },
      { from: [0, 210], to: [0, 215] },
      { from: [110, 0], to: [115, 0] },
      { from: [100, -10], to: [100, -15] },
      { from: [110, 200], to: [115, 200] },
      { from: [100, 210], to: [100, 215] },
    ]);
  });
});

describe('addPrintMarks', () => {
  it('writes exact boxes for pdf-lib A5 and Chromium A5 (420 × 594.95996 pt)', async () => {
    const fromPdfLib = await PDFDocument.load(await addPrintMarks(await fixture(PageSizes.A5 as [number, number])));
    expect(boxOf(fromPdfLib, 0, 'TrimBox')).toEqual([0, 0, 419.53, 595.28]);
    expect(boxOf(fromPdfLib, 0, 'BleedBox')).toEqual([-8.5039, -8.5039, 428.0339, 603.7839]);
    expect(boxOf(fromPdfLib, 0, 'MediaBox')).toEqual([-22.6772, -22.6772, 442.2072, 617.9572]);
    expect(boxOf(fromPdfLib, 1, 'CropBox')).toEqual([-22.6772, -22.6772, 442.2072, 617.9572]);

    const chromium = await PDFDocument.load(await addPrintMarks(await fixture([420, 594.95996]), { bleedMm: 3, marksMm: 5 }));
    expect(boxOf(chromium, 0, 'TrimBox')).toEqual([0, 0, 420, 594.95996]);
    expect(boxOf(chromium, 0, 'BleedBox')).toEqual([-8.5039, -8.5039, 428.5039, 603.4639]);
    expect(boxOf(chromium, 0, 'MediaBox')).toEqual([-22.6772, -22.6772, 442.6772, 617.6371]);
  });

  it('draws the marks in registration colour where poppler renders them, nothing inside the bleed', async () => {
    const file = await saved(await addPrintMarks(await fixture([420, 594.95996])), 'marks.pdf');
    // On the trim lines' extensions, half-way along each mark (bleed 8.5 pt + 7 pt).
    for (const [x, y] of [[-15.6, 0], [0, -15.6], [435.6, 594.96], [420, 610.56], [-15.6, 594.96], [420, -15.6]] as const) {
      expect(darkness(file, 1, x, y), `mark at ${x},${y}`).toBeLessThan(64);
    }
    // Inside the bleed next to each corner, and beyond a mark's end: white.
    for (const [x, y] of [[-4, 0], [0, -4], [424, 594.96], [-15.6, -15.6]] as const) {
      expect(darkness(file, 1, x, y), `blank at ${x},${y}`).toBe(255);
    }
    const out = await PDFDocument.load(await addPrintMarks(await fixture([420, 594.95996])));
    const spaces = out.getPage(0).node.Resources()!.lookup(PDFName.of('ColorSpace'));
    expect(String(spaces)).toMatch(/\/Registration \d+ 0 R/);
    expect(out.context.enumerateIndirectObjects().some(([, o]) => String(o).startsWith('[ /Separation /All /DeviceCMYK'))).toBe(true);
  });

  it('keeps the page text where it was', async () => {
    const file = await saved(await addPrintMarks(await fixture(PageSizes.A5 as [number, number])), 'text.pdf');
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    const word = /xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>P2</.exec(bbox)!;
    // Drawn at x = 209.765; the visible page now starts 22.6772 pt further out.
    expect(Number(word[1])).toBeCloseTo(209.765 + 22.6772, 1);
  });

  it('keeps Info and dates, sets Producer, same bytes every time, refuses to mark twice', async () => {
    const source = await fixture(PageSizes.A5 as [number, number]);
    const once = await addPrintMarks(source);
    expect(Buffer.from(once).equals(Buffer.from(await addPrintMarks(source)))).toBe(true);
    const info = readInfo(await PDFDocument.load(once, { updateMetadata: false }));
    expect(info).toMatchObject({ Title: '印前', CreationDate: 'D:20241231000000Z', ModDate: 'D:20241231000000Z' });
    expect(info.Producer).toMatch(/^test; print marks by paiban /);
    await expect(addPrintMarks(once)).rejects.toThrow(/already has a TrimBox/);
    await expect(addPrintMarks(source, { bleedMm: -1 })).rejects.toThrow(PaibanError);
  });
});
