/**
 * The font route in real prints of the sample: the fonts every output embeds (names, one per face and
 * weight, no Type 3), the subsets' characters, the text layer (no Kangxi radicals), caption punctuation
 * from the body face (full-width in horizontal, vertical forms in vertical), byte-identical rebuilds,
 * and a manuscript with characters no font has stopping the build before the print.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BuildResult } from '../src/make/build-book.js';
import { FONT_CACHE } from '../src/fonts/subset.js';
import { launchChromium } from '../src/pdf/chromium.js';
import { PaibanError } from '../src/util/errors.js';
import { pdfFonts } from './helpers/poppler.js';
import { ESSAYS } from './helpers/essays.js';

const PDFS = ['yearbook.pdf', 'yearbook-cover.pdf', 'yearbook-print.pdf', 'yearbook-cover-print.pdf', 'yearbook-archive.pdf'];
let browser: Browser;
let work: string;
let first: BuildResult;
let second: BuildResult;
let vertical: BuildResult;

beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-'));
  first = await buildBook(ESSAYS, { outDir: path.join(work, 'a'), browser, env: {} });
  // A fresh output folder: the subsets are made again, not taken from the first build's cache.
  second = await buildBook(ESSAYS, { outDir: path.join(work, 'b'), browser, env: {} });
  vertical = await buildBook(ESSAYS, { outDir: path.join(work, 'v'), browser, env: {}, writing: 'vertical', formats: ['pdf', 'html'], lint: false });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Characters a subset file maps (without the end marker fontkit reports for format 4 cmaps). */
async function subsetCharacters(outDir: string, postscriptName: string): Promise<Set<string>> {
  const names = (await readdir(path.join(outDir, FONT_CACHE))).filter((name) => name.startsWith(`${postscriptName}-`));
  expect(names).toHaveLength(1);
  const font = fontkit.create(await readFile(path.join(outDir, FONT_CACHE, names[0]!)));
  return new Set(font.characterSet.filter((code) => code !== 0xffff).map((code) => String.fromCodePoint(code)));
}

interface StextChar {
  font: string;
  size: number;
  c: string;
  x: number;
}

/** Every text line of a PDF as mutool reads it: characters with font, size and origin. */
function stextLines(file: string): StextChar[][] {
  const xml = execFileSync('mutool', ['draw', '-q', '-F', 'stext', '-o', '-', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const lines: StextChar[][] = [];
  let font = '';
  let size = 0;
  for (const match of xml.matchAll(/<line |<font name="([^"]*)" size="([^"]*)"|<char [^>]*?x="([^"]*)"[^>]*? c="([^"]*)"/g)) {
    if (match[0] === '<line ') lines.push([]);
    else if (match[1] !== undefined) [font, size] = [match[1], Number(match[2])];
    else lines[lines.length - 1]?.push({ font, size, c: decodeXml(match[4]!), x: Number(match[3]) });
  }
  return lines;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_m, ref: string) =>
    ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[ref]!,
  );
}

describe('fonts in every output', () => {
  it('are embedded TrueType subsets with their real names, once per face and weight, never Type 3', async () => {
    for (const name of PDFS) {
      const fonts = pdfFonts(path.join(first.pdfFile, '..', name));
      expect(fonts.length, name).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font.type, `${name}: ${font.name}`).toBe('CID TrueType');
        expect(font.embedded && font.subset && font.unicode, `${name}: ${font.name}`).toBe(true);
        expect(font.name).toMatch(/^[A-Z]{6}\+(NotoSerifSC|NotoSansSC|LXGWWenKai)-(Regular|Bold)$/);
        expect(font.name).not.toMatch(/ExtraLight|Thin|Light/);
      }
      const faces = fonts.map((font) => font.name.slice(7));
      expect(new Set(faces).size, `${name}: ${faces.join(' ')}`).toBe(faces.length);
    }
    expect(pdfFonts(first.pdfFile).map((font) => font.name.slice(7)).sort()).toEqual(['LXGWWenKai-Regular', 'NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
  });

  it('come from the subsets in the output folder, which hold what prints and nothing the book does not use', async () => {
    const html = await readFile(first.htmlFile, 'utf8');
    expect(html).not.toContain('unicode-range: U+4');
    expect(html).not.toMatch(/node_modules|fontsource|\.woff/);
    expect(first.blocked).toEqual([]);
    const heading = await subsetCharacters(path.join(work, 'a'), 'NotoSansSC-Regular');
    // ▲ is only in the stylesheet (generated content before a caption without its photo); the digits
    // are the folios of the margin boxes; the chapter titles are the running heads.
    for (const char of '▲＊0123456789利通区政协工作年鉴') expect(heading.has(char), char).toBe(true);
    const manuscripts = (await Promise.all((await readdir(path.join(ESSAYS, 'manuscripts'))).map((name) => readFile(path.join(ESSAYS, 'manuscripts', name), 'utf8')))).join('');
    expect(manuscripts).not.toContain('▲');
    const body = await subsetCharacters(path.join(work, 'a'), 'NotoSerifSC-Regular');
    for (const char of new Set(manuscripts.replace(/\s/g, ''))) if (body.size > 0 && /\p{Script=Han}/u.test(char)) expect(body.has(char), char).toBe(true);
    // Not the whole font: a character the book never prints is not in it.
    expect(body.has('鬯')).toBe(false);
    expect(body.size).toBeLessThan(1500);
    // The vertical book's generated marker is in its subset.
    expect((await subsetCharacters(path.join(work, 'v'), 'NotoSansSC-Regular')).has('▶')).toBe(true);
  });

  it('give a text layer without Kangxi radicals, in both writing modes', () => {
    for (const file of [first.pdfFile, vertical.pdfFile]) {
      const text = execFileSync('mutool', ['draw', '-q', '-F', 'text', '-o', '-', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(text).toContain('政协');
      expect(text.match(/[\u2e80-\u2eff\u2f00-\u2fdf]/gu) ?? []).toEqual([]);
    }
  });

  it('are byte-identical in two builds, subsets made afresh each time', async () => {
    expect(second.outputs.map((file) => path.basename(file)).sort()).toEqual(first.outputs.map((file) => path.basename(file)).sort());
    for (const name of [...PDFS, 'yearbook-booklet.pdf']) {
      const [a, b] = await Promise.all([readFile(path.join(work, 'a', name)), readFile(path.join(work, 'b', name))]);
      expect(Buffer.compare(a, b), name).toBe(0);
    }
    const subsets = async (dir: string) => Promise.all((await readdir(path.join(dir, FONT_CACHE))).sort().map(async (name) => [name, (await readFile(path.join(dir, FONT_CACHE, name))).toString('base64')]));
    expect(await subsets(path.join(work, 'b'))).toEqual(await subsets(path.join(work, 'a')));
  });
});

describe('caption punctuation', () => {
  it('is the body face\'s, a full em (half when compressed) beside the Kai letters, in horizontal text', () => {
    const quotes: { char: string; em: number }[] = [];
    for (const line of stextLines(first.pdfFile)) {
      const isCaption = line.some((char) => char.font === 'LXGWWenKai-Regular');
      if (!isCaption) continue;
      line.forEach((char, i) => {
        if (!/[“”‘’（）《》「」『』]/u.test(char.c)) return;
        // Never the Kai face's proportional quotes.
        expect(char.font, char.c).toBe('NotoSerifSC-Regular');
        const next = line[i + 1];
        if (next) quotes.push({ char: char.c, em: (next.x - char.x) / char.size });
      });
    }
    expect(quotes.length).toBeGreaterThanOrEqual(6);
    for (const { char, em } of quotes) expect(Math.min(Math.abs(em - 1), Math.abs(em - 0.5)), `${char} ${em}`).toBeLessThan(0.03);
  });

  it('takes the vertical forms (﹃﹄) in vertical text, like the body', async () => {
    const names = await readdir(path.join(work, 'v', FONT_CACHE));
    const serif = fontkit.create(await readFile(path.join(work, 'v', FONT_CACHE, names.find((name) => name.startsWith('NotoSerifSC-Regular-'))!)));
    const verticalForm = (char: string) => serif.layout(char, ['vert']).glyphs[0]!.id;
    expect(verticalForm('“')).not.toBe(serif.glyphForCodePoint(0x201c).id);
    const trace = execFileSync('mutool', ['trace', vertical.pdfFile], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    let font = '';
    let size = 0;
    const captionQuotes: { char: string; glyph: number; font: string }[] = [];
    let kaiGlyphs = 0;
    for (const match of trace.matchAll(/<span font="[A-Z]{6}\+([^"]+)"[^>]*trm="([\d.]+)|<g unicode="([^"]*)" glyph="(\d+)"/g)) {
      if (match[1] !== undefined) [font, size] = [match[1], Number(match[2])];
      else {
        const char = decodeXml(match[3]!);
        if (font === 'LXGWWenKai-Regular') kaiGlyphs += 1;
        // Captions are 0.9 × 10.5 pt = 12.6 CSS px; the body is 14 px.
        if (Math.abs(size - 12.6) < 0.05 && /[“”‘’]/u.test(char)) captionQuotes.push({ char, glyph: Number(match[4]), font });
      }
    }
    expect(kaiGlyphs).toBeGreaterThan(50);
    expect(captionQuotes.length).toBeGreaterThanOrEqual(6);
    for (const quote of captionQuotes) {
      expect(quote.font, quote.char).toBe('NotoSerifSC-Regular');
      expect(quote.glyph, quote.char).toBe(verticalForm(quote.char));
    }
  });
});

describe('a character no book font has', () => {
  it('stops the build before the print, naming the manuscript line, column and code point', async () => {
    const book = path.join(work, 'book');
    await cp(ESSAYS, book, { recursive: true, filter: (source) => !/[/\\](out|node_modules|\.git|dist|test)$/.test(source) });
    const file = path.join(book, 'manuscripts', '2022-gongzuo-liangdian.md');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const at = lines.findIndex((line, i) => i > 8 && line.length > 10 && !line.startsWith('::') && !line.startsWith('#'));
    lines[at] = `𠀀${lines[at]}ᠮ`;
    await writeFile(file, lines.join('\n'));
    const error = await buildBook(book, { outDir: path.join(book, 'out'), browser, env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaibanError);
    const paiban = error as PaibanError;
    expect(paiban.file).toBe(path.resolve(file));
    expect([paiban.line, paiban.column]).toEqual([at + 1, 1]);
    expect(paiban.message).toContain('U+20000 𠀀');
    expect(paiban.hint).toMatch(/^2 errors/);
    expect(await readdir(path.join(book, 'out')).catch(() => [])).not.toContain('yearbook.pdf');
  });
});
