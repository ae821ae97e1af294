/**
 * Booklet imposition: sheet order against tables written out by hand (not computed), sheet sizes, and
 * real PDFs made with pdf-lib ("P1", "P2"… in the middle of each page) read back with poppler to see
 * which page landed on which half of which sheet side.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFStream, PageSizes, StandardFonts, degrees } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmToPoints } from '../src/config/page-size.js';
import { creepShift, fitScale, imposeBooklet, placePage, resolveSheet, type ImposeOptions } from '../src/impose/impose.js';
import { padSequence, planBooklet, signatureSheets, splitSignatures, type BookletOptions, type BookletPlan, type Slot } from '../src/impose/sheet-order.js';
import { parseSheetSize, sheetForPage, sheetSizeInPoints } from '../src/impose/sheet-size.js';
import { readInfo } from '../src/pdf/metadata.js';
import { PaibanError } from '../src/util/errors.js';

/** One sheet as `front-left|front-right back-left|back-right`, 1-based pages, `-` for a blank. */
function rows(plan: BookletPlan): string[] {
  const label = (slot: Slot) => (slot === null ? '-' : String(slot + 1));
  return plan.sheets.map((s) => `${label(s.front.left)}|${label(s.front.right)} ${label(s.back.left)}|${label(s.back.right)}`);
}

const order = (pages: number, options: BookletOptions = {}) => rows(planBooklet(pages, options));

describe('sheet order (saddle stitch, 2-up)', () => {
  // Left-to-right books: the cover is the right half of the outer sheet's front, the last page its left half.
  it.each<[number, BookletOptions, string[]]>([
    [1, {}, ['-|1 -|-']],
    [3, {}, ['3|1 2|-']],
    [3, { keepAtEnd: 0 }, ['-|1 2|3']],
    [4, {}, ['4|1 2|3']],
    [5, {}, ['5|1 2|-', '-|3 4|-']],
    [5, { keepAtEnd: 0 }, ['-|1 2|-', '-|3 4|5']],
    [5, { keepAtEnd: 2 }, ['5|1 2|4', '-|3 -|-']],
    [16, {}, ['16|1 2|15', '14|3 4|13', '12|5 6|11', '10|7 8|9']],
    [17, {}, ['17|1 2|-', '-|3 4|-', '16|5 6|15', '14|7 8|13', '12|9 10|11']],
    [17, { keepAtEnd: 0 }, ['-|1 2|-', '-|3 4|17', '16|5 6|15', '14|7 8|13', '12|9 10|11']],
  ])('%i pages %j', (pages, options, expected) => {
    expect(order(pages, options)).toEqual(expected);
  });

  // Right-to-left (vertical) books: the mirror image; page 1 is the LEFT half of the outer front.
  it.each<[number, string[]]>([
    [4, ['1|4 3|2']],
    [8, ['1|8 7|2', '3|6 5|4']],
    [17, ['1|17 -|2', '3|- -|4', '5|16 15|6', '7|14 13|8', '9|12 11|10']],
  ])('%i pages right to left', (pages, expected) => {
    expect(order(pages, { direction: 'rtl' })).toEqual(expected);
  });

  it('pads with blanks just before the last page by default, at the very end with keepAtEnd 0', () => {
    expect(padSequence(5)).toEqual([0, 1, 2, 3, null, null, null, 4]);
    expect(padSequence(5, 0)).toEqual([0, 1, 2, 3, 4, null, null, null]);
    expect(padSequence(8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The first page stays the cover even when more pages are kept at the end than there are.
    expect(padSequence(2, 5)).toEqual([0, null, null, 1]);
    expect(planBooklet(17).blankCount).toBe(3);
  });

  it('splits into signatures for perfect binding, padding only the last', () => {
    const plan = planBooklet(37, { signaturePages: 16 });
    expect(plan.signatureSizes).toEqual([16, 16, 8]);
    expect(rows(plan)).toEqual([
      '16|1 2|15', '14|3 4|13', '12|5 6|11', '10|7 8|9',
      '32|17 18|31', '30|19 20|29', '28|21 22|27', '26|23 24|25',
      '37|33 34|-', '-|35 36|-',
    ]);
    expect(plan.sheets.map((s) => `${s.signature}.${s.depth}/${s.sheetsInSignature}`)).toEqual([
      '0.0/4', '0.1/4', '0.2/4', '0.3/4', '1.0/4', '1.1/4', '1.2/4', '1.3/4', '2.0/2', '2.1/2',
    ]);
    expect(rows(planBooklet(37, { signaturePages: 16, direction: 'rtl' })).slice(8)).toEqual(['33|37 -|34', '35|- -|36']);
    expect(splitSignatures(16, 32)).toEqual([16]);
  });

  it('refuses what cannot be folded', () => {
    expect(() => planBooklet(0)).toThrow(PaibanError);
    expect(() => planBooklet(8, { signaturePages: 6 })).toThrow(/multiple of 4/);
    expect(() => planBooklet(8, { keepAtEnd: -1 })).toThrow(PaibanError);
    expect(() => planBooklet(8, { direction: 'ttb' as never })).toThrow(PaibanError);
  });

  it('says what cannot be folded, and why, in words', () => {
    expect(() => planBooklet(0)).toThrow('The PDF has no pages: there is nothing to impose.');
    expect(() => planBooklet(2.5)).toThrow('Invalid page count: 2.5.');
    expect(() => planBooklet(-4)).toThrow('Invalid page count: -4.');
    expect(() => planBooklet(8, { keepAtEnd: -1 })).toThrow('keepAtEnd must be a whole number ≥ 0, not -1.');
    expect(() => planBooklet(8, { keepAtEnd: 1.5 })).toThrow('keepAtEnd must be a whole number ≥ 0, not 1.5.');
    expect(() => planBooklet(8, { direction: 'ttb' as never })).toThrow('direction must be "ltr" or "rtl", not "ttb".');
    for (const signaturePages of [0, 2, 6, 7.5, -8]) {
      expect(() => splitSignatures(16, signaturePages)).toThrow(`signaturePages must be a multiple of 4 (8, 16, 32…), not ${signaturePages}.`);
    }
    expect(splitSignatures(16, 4)).toEqual([4, 4, 4, 4]);
    expect(splitSignatures(20, 8)).toEqual([8, 8, 4]);
  });

  it('folds only signatures of a positive multiple of 4 pages', () => {
    expect(() => signatureSheets([], 'ltr')).toThrow('signature of 0 pages: must be a positive multiple of 4');
    expect(() => signatureSheets([0, 1, 2, 3, 4, 5], 'ltr')).toThrow('signature of 6 pages: must be a positive multiple of 4');
    expect(signatureSheets([0, 1, 2, 3], 'ltr')).toEqual([{ depth: 0, front: { left: 3, right: 0 }, back: { left: 1, right: 2 } }]);
    expect(signatureSheets([0, 1, 2, 3], 'rtl')).toEqual([{ depth: 0, front: { left: 0, right: 3 }, back: { left: 2, right: 1 } }]);
  });
});

describe('sheet size', () => {
  it.each([
    [148, 210, 'A4', 297, 210],
    [130, 184, '16开', 260, 185],
    [176, 250, 'B4', 353, 250],
    [185, 260, '8开', 370, 260],
    [210, 285, '大8开', 420, 285],
    [210, 297, 'A3', 420, 297],
    [140, 203, '大16开', 285, 210],
    [300, 450, '600×450mm', 600, 450],
  ])('%i×%i mm pages → %s', (widthMm, heightMm, name, sheetWidth, sheetHeight) => {
    expect(sheetForPage({ widthMm, heightMm })).toEqual({ name, widthMm: sheetWidth, heightMm: sheetHeight });
  });

  it("puts Chromium's A5 (420 × 594.96 pt, a hair over 148 mm) on A4", () => {
    expect(resolveSheet(undefined, { width: 420, height: 594.95996 }).name).toBe('A4');
  });

  it('is landscape, in points', () => {
    const { width, height } = sheetSizeInPoints(sheetForPage({ widthMm: 148, heightMm: 210 }));
    expect(width).toBeCloseTo(841.89, 2);
    expect(height).toBeCloseTo(595.28, 2);
  });

  it('accepts names and W×H, turned landscape', () => {
    expect(parseSheetSize('a3')).toEqual({ name: 'A3', widthMm: 420, heightMm: 297 });
    expect(parseSheetSize('8开')).toEqual({ name: '8开', widthMm: 370, heightMm: 260 });
    expect(parseSheetSize('320×450')).toEqual({ name: '320×450mm', widthMm: 450, heightMm: 320 });
    expect(parseSheetSize('A7')).toBeUndefined();
    expect(() => resolveSheet('A7', { width: 420, height: 595 })).toThrow(/not a sheet size/);
    expect(resolveSheet({ name: 'SRA3', widthMm: 320, heightMm: 450 }, { width: 420, height: 595 })).toEqual({ name: 'SRA3', widthMm: 450, heightMm: 320 });
  });
});

describe('placement', () => {
  const a4 = sheetSizeInPoints({ name: 'A4', widthMm: 297, heightMm: 210 });
  const a5 = { x0: 0, y0: 0, x1: 419.53, y1: 595.28 };

  it('puts each page against the fold, 1:1, clipped to its half', () => {
    // Half of A4 is 420.94488 pt wide; an A5 page 419.53: the left page starts 1.41488 pt in, the right one at the fold.
    expect(placePage(a5, 'left', a4, 1, 0)).toEqual({ matrix: [1, 0, 0, 1, 1.4149, -0.0022], clip: { x0: 0, y0: 0, x1: 420.9449, y1: 595.2756 } });
    expect(placePage(a5, 'right', a4, 1, 0)).toEqual({ matrix: [1, 0, 0, 1, 420.9449, -0.0022], clip: { x0: 420.9449, y0: 0, x1: 841.8898, y1: 595.2756 } });
    // A box that does not start at 0,0 is moved so its corner lands where the page should.
    expect(placePage({ x0: 10, y0: 20, x1: 429.53, y1: 615.28 }, 'left', a4, 1, 0).matrix).toEqual([1, 0, 0, 1, -8.5851, -20.0022]);
  });

  it('moves pages towards the spine by the creep, linearly from the outer to the inner sheet', () => {
    const creep = mmToPoints(1.5);
    expect([0, 1, 2, 3].map((depth) => creepShift({ depth, sheetsInSignature: 4 }, creep))).toEqual([0, creep / 3, (2 * creep) / 3, creep]);
    expect(creepShift({ depth: 0, sheetsInSignature: 1 }, creep)).toBe(0);
    expect(placePage(a5, 'left', a4, 1, creep).matrix[4]).toBeCloseTo(1.4149 + creep, 3);
    expect(placePage(a5, 'right', a4, 1, creep).matrix[4]).toBeCloseTo(420.9449 - creep, 3);
  });

  it('scales only pages that do not fit', () => {
    expect(fitScale({ width: 420, height: 594.96 }, a4)).toBe(1);
    expect(fitScale({ width: 595.28, height: 841.89 }, a4)).toBeCloseTo(Math.SQRT1_2, 4);
  });
});

// ---- Real PDFs --------------------------------------------------------------------------------------

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paiban-impose-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const FIXED_DATE = new Date('2024-12-31T00:00:00Z');

/** A PDF whose pages say "P1", "P2"… in their middle, with a title and fixed dates. */
async function numberedPdf(count: number, size: [number, number] = PageSizes.A5 as [number, number], options: { rotate?: number } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= count; n += 1) {
    const page = pdf.addPage(size);
    const text = `P${n}`;
    page.drawText(text, { x: (size[0] - font.widthOfTextAtSize(text, 24)) / 2, y: size[1] / 2, size: 24, font });
    if (options.rotate) page.setRotation(degrees(options.rotate));
  }
  pdf.setTitle('测试小册子');
  pdf.setProducer('test');
  pdf.setCreationDate(FIXED_DATE);
  pdf.setModificationDate(FIXED_DATE);
  return pdf.save();
}

interface Word {
  text: string;
  /** Centre, in points from the sheet's left edge. */
  x: number;
}

/** Words of every page as pdftotext -bbox sees them. */
async function words(bytes: Uint8Array): Promise<{ width: number; height: number; words: Word[] }[]> {
  const file = path.join(dir, `read-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  // stderr ignored: poppler says "no word list" for a blank sheet side.
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return html.split('<page ').slice(1).map((chunk) => ({
    width: Number(/width="([\d.]+)"/.exec(chunk)![1]),
    height: Number(/height="([\d.]+)"/.exec(chunk)![1]),
    words: [...chunk.matchAll(/xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ text: m[3]!, x: (Number(m[1]) + Number(m[2])) / 2 })),
  }));
}

/** The imposed PDF read back in the same notation as `rows()`: which label is on which half. */
async function imposedRows(bytes: Uint8Array): Promise<string[]> {
  const sides = (await words(bytes)).map((page) => {
    const half = (left: boolean) => page.words.filter((w) => (w.x < page.width / 2) === left).map((w) => w.text.replace(/^P/, '')).join(',') || '-';
    return `${half(true)}|${half(false)}`;
  });
  const result: string[] = [];
  for (let i = 0; i < sides.length; i += 2) result.push(`${sides[i]} ${sides[i + 1]}`);
  return result;
}

async function impose(count: number, options: ImposeOptions = {}) {
  return imposeBooklet(await numberedPdf(count), options);
}

describe('imposeBooklet', () => {
  it.each<[number, ImposeOptions, string[]]>([
    [1, {}, ['-|1 -|-']],
    [3, {}, ['3|1 2|-']],
    [4, {}, ['4|1 2|3']],
    [5, {}, ['5|1 2|-', '-|3 4|-']],
    [16, {}, ['16|1 2|15', '14|3 4|13', '12|5 6|11', '10|7 8|9']],
    [17, {}, ['17|1 2|-', '-|3 4|-', '16|5 6|15', '14|7 8|13', '12|9 10|11']],
    [17, { keepAtEnd: 0 }, ['-|1 2|-', '-|3 4|17', '16|5 6|15', '14|7 8|13', '12|9 10|11']],
    [17, { direction: 'rtl' }, ['1|17 -|2', '3|- -|4', '5|16 15|6', '7|14 13|8', '9|12 11|10']],
    [20, { signaturePages: 8 }, ['8|1 2|7', '6|3 4|5', '16|9 10|15', '14|11 12|13', '20|17 18|19']],
  ])('puts %i pages %j on the right halves', async (count, options, expected) => {
    const result = await impose(count, options);
    expect(await imposedRows(result.pdf)).toEqual(expected);
    expect(rows(result.plan)).toEqual(expected);
  });

  it('makes landscape A4 sheets for A5 pages, 1:1, the pages meeting at the fold', async () => {
    const result = await impose(4);
    expect(result.sheet).toEqual({ name: 'A4', widthMm: 297, heightMm: 210 });
    expect(result.scale).toBe(1);
    expect(result.notes).toEqual([]);
    const out = await PDFDocument.load(result.pdf);
    expect(out.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual(Array(2).fill([841.8898, 595.2756]));
    const [front] = await words(result.pdf);
    // "P4" and "P1" sit in the middle of their pages, which meet at the fold (420.94 pt).
    expect(front!.words.map((w) => Math.round(w.x))).toEqual([211, 631]);
  });

  it('uses a named bigger sheet as given, pages still at the fold and unscaled', async () => {
    const result = await impose(4, { sheet: 'A3' });
    const [front] = await words(result.pdf);
    expect(front!.width).toBeCloseTo(1190.55, 1);
    expect(front!.words.map((w) => Math.round(w.x))).toEqual([386, 805]);
  });

  it('shifts inner sheets towards the spine by the creep', async () => {
    const creepMm = 3;
    const pages = await words((await impose(16, { creepMm })).pdf);
    // Page centres without creep: half a page from the fold (see 'placement').
    const shifts = (page: number) => pages[page]!.words.map((w) => w.x - (w.x < 421 ? 211.18 : 630.71));
    const creep = mmToPoints(creepMm);
    const expectShifts = (page: number, left: number, right: number) => {
      const [l, r] = shifts(page);
      expect(l).toBeCloseTo(left, 2);
      expect(r).toBeCloseTo(right, 2);
    };
    expectShifts(0, 0, 0);
    expectShifts(1, 0, 0);
    expectShifts(2, creep / 3, -creep / 3);
    // Innermost sheet (10|7 front, 8|9 back): left pages move right, right pages left, by the full creep.
    expectShifts(6, creep, -creep);
    expectShifts(7, creep, -creep);
  });

  it('scales pages that do not fit the sheet, and says so', async () => {
    const result = await imposeBooklet(await numberedPdf(4, PageSizes.A4 as [number, number]), { sheet: 'A4' });
    expect(result.scale).toBeCloseTo(Math.SQRT1_2, 3);
    expect(result.notes).toEqual(['210×297 mm pages do not fit half of the A4 sheet: scaled to 71%.']);
  });

  it('refuses a sheet too small to read, creep out of range, rotated pages, empty and broken PDFs', async () => {
    await expect(imposeBooklet(await numberedPdf(4, PageSizes.A4 as [number, number]), { sheet: 'A5' })).rejects.toThrow(/too small/);
    await expect(impose(4, { creepMm: -1 })).rejects.toThrow(PaibanError);
    await expect(imposeBooklet(await numberedPdf(4, undefined, { rotate: 90 }))).rejects.toThrow(/rotated/);
    const empty = await (await PDFDocument.create()).save({ addDefaultPage: false });
    await expect(imposeBooklet(empty)).rejects.toThrow(/no pages/);
    await expect(imposeBooklet(new TextEncoder().encode('not a pdf'))).rejects.toThrow(PaibanError);
  });

  it('keeps the Info dictionary and dates, sets Producer, and is byte-identical run to run', async () => {
    const source = await numberedPdf(5);
    const first = await imposeBooklet(source);
    const second = await imposeBooklet(source);
    expect(Buffer.from(first.pdf).equals(Buffer.from(second.pdf))).toBe(true);
    const info = readInfo(await PDFDocument.load(first.pdf, { updateMetadata: false }));
    expect(info.Title).toBe('测试小册子');
    expect(info.Producer).toMatch(/^test; booklet by paiban \d/);
    expect(info.CreationDate).toBe('D:20241231000000Z');
    expect(info.ModDate).toBe('D:20241231000000Z');
    expect((await imposeBooklet(source, { producer: 'x' })).pdf).not.toEqual(first.pdf);
  });

  it('embeds each page once, however the sheets share them', async () => {
    const result = await impose(16);
    const out = await PDFDocument.load(result.pdf);
    const forms = out.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Form'));
    expect(forms).toHaveLength(16);
  });
});
