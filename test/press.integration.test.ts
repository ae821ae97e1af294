/**
 * One build of the sample (its book.yaml with the cover colour given as cmyk(0 90 80 45)) checked as a
 * print shop's preflight would: ink coverage by Ghostscript, the PDF/X-4 keys, `verify --pdfx`, the
 * fonts, the 版权页 on the back of the title page, and no white line at the fold of the booklet's cover.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFStream } from 'pdf-lib';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { main } from '../src/cli/main.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { readInfo } from '../src/pdf/metadata.js';
import { formatYinzhang, yinzhang } from '../src/render/kaiben.js';
import { pageText, pdfFonts, squash } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const COVER_CMYK = [0, 90, 80, 45];
let browser: Browser;
let bookDir: string;
let outDir: string;
let result: BuildResult;
const out = (name: string) => path.join(outDir, `yearbook${name}.pdf`);

beforeAll(async () => {
  browser = await launchChromium();
  bookDir = await mkdtemp(path.join(tmpdir(), 'paiban-press-'));
  await cp(path.join(ESSAYS, 'manuscripts'), path.join(bookDir, 'manuscripts'), { recursive: true });
  const yaml = (await readFile(path.join(ESSAYS, 'book.yaml'), 'utf8')).replace(/^( {2}color: ).*$/m, `$1"cmyk(${COVER_CMYK.join(' ')})"`);
  expect(yaml).toContain('color: "cmyk(0 90 80 45)"');
  await writeFile(path.join(bookDir, 'book.yaml'), yaml);
  outDir = path.join(bookDir, 'out');
  result = await buildBook(bookDir, { outDir, browser, env: {}, lint: false, formats: ['pdf', 'cover', 'booklet', 'print'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (bookDir) await rm(bookDir, { recursive: true, force: true });
});

/** Ghostscript's ink per page inside the TrimBox (the crop marks outside it print on every plate). */
function ink(file: string, device: 'inkcov' | 'ink_cov'): number[][] {
  const text = execFileSync('gs', ['-q', '-dSAFER', '-dUseTrimBox', '-o', '-', `-sDEVICE=${device}`, file], { encoding: 'utf8' });
  return text.trim().split('\n').map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
}

describe('ink', () => {
  it('prints every page of the book in black ink only: C, M and Y are exactly 0', () => {
    const pages = ink(out('-print'), 'inkcov');
    expect(pages).toHaveLength(result.pages);
    for (const [c, m, y] of pages) expect([c, m, y]).toEqual([0, 0, 0]);
    // Text pages do carry black.
    expect(pages.filter(([, , , k]) => k! > 0.02).length).toBeGreaterThan(result.pages / 2);
  });

  it('prints the cover in the CMYK given in book.yaml', () => {
    const coverage = ink(out('-cover-print'), 'inkcov');
    const amount = ink(out('-cover-print'), 'ink_cov');
    coverage.forEach((page, index) => {
      // ink_cov is the mean ink in percent over the page; white text covers a little: divide by the inked area.
      const area = Math.max(...page);
      const mean = amount[index]!.map((value) => value / area);
      mean.forEach((value, channel) => expect(Math.abs(value - COVER_CMYK[channel]!), `page ${index + 1} channel ${channel}`).toBeLessThan(0.6));
    });
  });
});

describe('PDF/X-4', () => {
  for (const name of ['-print', '-cover-print']) {
    it(`yearbook${name}.pdf has the keys a preflight looks for`, async () => {
      const bytes = await readFile(out(name));
      expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.6');
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      const [intent] = pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).asArray().map((ref) => pdf.context.lookup(ref, PDFDict));
      expect(intent!.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFX'));
      const profile = intent!.lookup(PDFName.of('DestOutputProfile')) as PDFRawStream;
      expect(profile).toBeInstanceOf(PDFRawStream);
      expect(profile.dict.lookup(PDFName.of('N'), PDFNumber).asNumber()).toBe(4);
      const icc = decodePDFRawStream(profile).decode();
      expect(Buffer.from(icc.subarray(16, 20)).toString('latin1')).toBe('CMYK');
      expect(readInfo(pdf).GTS_PDFXVersion).toBe('PDF/X-4');
      expect(pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict).get(PDFName.of('Trapped'))).toBe(PDFName.of('False'));
      const xmp = Buffer.from(decodePDFRawStream(pdf.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream).decode()).toString('utf8');
      expect(xmp).toContain('<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>');
      for (const page of pdf.getPages()) {
        expect(page.node.get(PDFName.of('TrimBox'))).toBeInstanceOf(PDFArray);
        expect(page.node.get(PDFName.of('BleedBox'))).toBeInstanceOf(PDFArray);
      }
      for (const [, object] of pdf.context.enumerateIndirectObjects()) {
        const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
        expect(dict?.has(PDFName.of('TR')) || dict?.has(PDFName.of('TR2'))).toBeFalsy();
      }
      const fonts = pdfFonts(out(name));
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded || font.type === 'Type 3')).toEqual([]);
    });
  }

  it('passes paiban verify --pdfx, and the reading PDF (RGB, no output intent) does not', async () => {
    const run = async (file: string) => {
      const lines: string[] = [];
      const code = await main(['verify', '--pdfx', file], { out: (line) => lines.push(line), err: (line) => lines.push(line) });
      return { code, lines };
    };
    for (const name of ['-print', '-cover-print']) {
      const { code, lines } = await run(out(name));
      expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
      expect(code).toBe(0);
    }
    const reading = await run(out(''));
    expect(reading.code).toBe(1);
    expect(reading.lines.join('\n')).toMatch(/FAIL {2}PDF\/X-4 output intent/);
    expect(reading.lines.join('\n')).toMatch(/FAIL {2}PDF\/X-4 no DeviceRGB/);
  });
});

describe('版权页', () => {
  it('is on the back of the title page, the fields in order, no heading, no software credit', () => {
    const text = pageText(out(''), 2);
    // The sample is an internal publication (准印证号): its unit is the 编印单位, not 出版.
    const fields = ['书名', '编者', '编印单位', '印刷', '开本', '印张', '字数', '版次', '印次', '印数', '准印证号'];
    const positions = fields.map((field) => squash(text).indexOf(field));
    expect(positions.every((at) => at >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(squash(text)).toContain('890mm×1240mm1/32');
    expect(squash(text)).toContain(`印张${formatYinzhang(yinzhang(result.pages, 32))}`);
    expect(squash(text)).toContain('内部资料免费交流');
    expect(squash(text)).not.toContain('版权页');
    expect(text).not.toMatch(/paiban|Chromium/i);
    // And not at the end any more.
    expect(squash(pageText(out(''), result.pages))).not.toContain('准印证号');
  });
});

describe('booklet fold', () => {
  it('has no white line at the fold of the cover sheet: the colour crosses the spine', () => {
    const root = path.join(bookDir, 'sheet1');
    execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-singlefile', '-png', out('-booklet'), root]);
    const png = PNG.sync.read(readFileSync(`${root}.png`));
    const fold = png.width / 2;
    const light: string[] = [];
    // Every row from 10% to 90% of the height, three pixels either side of the fold.
    for (let y = Math.round(png.height * 0.1); y < png.height * 0.9; y += 1) {
      for (let x = Math.floor(fold) - 3; x <= Math.ceil(fold) + 3; x += 1) {
        const at = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!];
        // The cover is a dark red; anything much lighter is paper showing through.
        if (r + g + b > 400) light.push(`${x},${y}: ${r} ${g} ${b}`);
      }
    }
    expect(light.slice(0, 5)).toEqual([]);
  });
});
