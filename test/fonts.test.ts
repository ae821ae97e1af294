/**
 * The font route: font files, character sets, subsets, @font-face rules and the missing-glyph check.
 * Real font files, real HarfBuzz subsets (a few hundred ms), no Chromium.
 */
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBook } from '../src/check/check-book.js';
import { checkGlyphs, MISSING_GLYPH } from '../src/check/glyphs.js';
import { FONT_FAMILIES, FONT_PACKAGES } from '../src/config/fonts.js';
import { parseConfig } from '../src/config/load.js';
import { characterSet, cssStrings, decodeCssEscapes, printedText } from '../src/fonts/characters.js';
import { describeCharacter, fontCoverage, needsGlyph, uncoveredCharacters } from '../src/fonts/coverage.js';
import { bookFaces } from '../src/fonts/faces.js';
import { pruneFontCache, subsetFaces } from '../src/fonts/subset.js';
import { sfntFromWoff } from '../src/fonts/woff.js';
import { CAPTION_FAMILY, CAPTION_PUNCTUATION, complement, familyList, fontFaceCss, prepareBookFonts } from '../src/render/fonts.js';
import { fontVariables } from '../src/render/page-rules.js';
import { PaibanError } from '../src/util/errors.js';

const families = { body: 'Noto Serif SC', heading: 'Noto Sans SC', caption: 'LXGW WenKai' } as const;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-'));
});
afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

function codePoints(text: string): number[] {
  return [...text].map((char) => char.codePointAt(0)!);
}

describe('font files', () => {
  it('are full static TrueType-outline fonts with their real PostScript names, one per weight used', async () => {
    const faces = bookFaces(FONT_FAMILIES);
    expect(faces.map((face) => `${face.family} ${face.weight}`)).toEqual(['Noto Serif SC 400', 'Noto Serif SC 700', 'Noto Sans SC 400', 'Noto Sans SC 700', 'LXGW WenKai 500']);
    for (const face of faces) {
      const font = fontkit.create(sfntFromWoff(await readFile(face.file)));
      expect(font.postscriptName).toBe(face.postscriptName);
      expect(font.postscriptName).not.toMatch(/ExtraLight|Thin/);
      // glyf = TrueType outlines (Chromium embeds them as CID TrueType); CFF would come out as Type 3.
      const tables = Object.keys((font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables);
      expect(tables).toContain('glyf');
      expect(tables).not.toContain('CFF ');
      expect(font.characterSet.length).toBeGreaterThan(30_000);
    }
  });

  it('lists each family once however often the book names it', () => {
    expect(bookFaces(['Noto Serif SC', 'Noto Serif SC']).map((face) => face.weight)).toEqual([400, 700]);
    expect(Object.keys(FONT_PACKAGES['Noto Serif SC'].faces)).toEqual(['400', '700']);
  });

  it('unpacks a WOFF to the sfnt fontkit reads from the WOFF itself', async () => {
    const face = bookFaces(['LXGW WenKai'])[0]!;
    const woff = await readFile(face.file);
    const sfnt = sfntFromWoff(woff);
    expect(new DataView(sfnt.buffer, sfnt.byteOffset).getUint32(0)).toBe(0x00010000);
    const fromWoff = fontkit.create(woff);
    const fromSfnt = fontkit.create(sfnt);
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
    expect(fromSfnt.glyphForCodePoint(0x6977).id).toBe(fromWoff.glyphForCodePoint(0x6977).id);
    // A file that is not a WOFF comes back as it is.
    const ttf = new Uint8Array([0, 1, 0, 0, 1, 2, 3]);
    expect(sfntFromWoff(ttf)).toBe(ttf);
  });
});

describe('the characters a document prints', () => {
  const html = `<!doctype html><html><head><title>书名</title>
<style>
/* 注释里的字不印 */
.byline::before { content: "——"; }
.mark::before { content: "\\25B2  "; }
@page chapter:right { @top-right { content: "章名甲"; } }
</style><script>var 脚本 = 1;</script></head>
<body><p>正文<!-- 注释 -->段落&amp;&#x4E59;</p><img alt="图说" src="x.png"><span data-note="批注" class="一">乙</span></body></html>`;

  it('are the text, every stylesheet string (generated content, running heads) and alt/data attributes', () => {
    const text = printedText(html);
    for (const expected of ['书名', '——', '▲', '章名甲', '正文', '段落', '&', '乙', '图说', '批注']) expect(text).toContain(expected);
    for (const absent of ['注释', '脚本', '一']) expect(text).not.toContain(absent);
  });

  it('decodes CSS escapes', () => {
    // The one space after a hex escape ends it and is not part of the text.
    expect(decodeCssEscapes('\\201C\\201d \\"x\\" \\25B2  a')).toBe('“”"x" ▲ a');
    expect(cssStrings(`a::before { content: '\\300C' "『"; } /* "注" */`)).toBe('「\n『');
  });

  it('form a sorted set without line breaks or default-ignorable characters', () => {
    expect(characterSet('甲乙\n甲\u200d', 'a\t️')).toBe('a乙甲');
    expect(needsGlyph(' ')).toBe(true);
    expect(needsGlyph('\u3000')).toBe(true);
    expect(needsGlyph('\n')).toBe(false);
    expect(needsGlyph('\ufe0f')).toBe(false);
  });

  it('are described by code point, control characters never printed raw', () => {
    expect(describeCharacter('𠀀')).toBe('U+20000 𠀀');
    expect(describeCharacter('ᠮ')).toBe('U+182E ᠮ');
    expect(describeCharacter('\u0007')).toBe('U+0007');
    expect(describeCharacter('\u202e')).toBe('U+202E');
    expect(describeCharacter('\u0301')).toBe('U+0301');
  });

  it('that no font has are found with their index', () => {
    expect(uncoveredCharacters('甲𠀀乙ᠮ', new Set(codePoints('甲乙')))).toEqual([
      { index: 1, char: '𠀀' },
      { index: 4, char: 'ᠮ' },
    ]);
  });
});

describe('subsets', () => {
  const text = '民族团结，“引号”『』1949—2008年';

  it('hold exactly the requested characters a face has, no Kangxi radical, all layout features', async () => {
    const [serif] = await subsetFaces(bookFaces(['Noto Serif SC']), characterSet(text, '𠀀'), cacheDir);
    const font = fontkit.create(await readFile(serif!.subsetFile));
    expect(font.postscriptName).toBe('NotoSerifSC-Regular');
    // (U+FFFF is fontkit reading the end marker of the format 4 cmap.)
    expect(font.characterSet.filter((code) => code !== 0xffff).sort((a, b) => a - b)).toEqual(codePoints(characterSet(text)).sort((a, b) => a - b));
    // The full font maps 民 and the radical ⺠ (U+2EA0) to one glyph: a subset that kept both would let
    // Chromium's text layer extract 民 as ⺠.
    expect(font.characterSet.filter((code) => (code >= 0x2e80 && code <= 0x2fdf))).toEqual([]);
    for (const feature of ['vert', 'vrt2', 'chws', 'vchw', 'halt', 'vhal', 'palt']) expect(font.availableFeatures).toContain(feature);
    // Glyph ids are the full font's: a character added later changes no other glyph (the preview's page keys).
    const full = fontkit.create(await readFile(serif!.file));
    for (const char of '民“』8') expect(font.glyphForCodePoint(char.codePointAt(0)!).id).toBe(full.glyphForCodePoint(char.codePointAt(0)!).id);
  });

  it('are byte-identical for the same input and reused from the cache', async () => {
    const faces = bookFaces(['Noto Sans SC', 'LXGW WenKai']);
    const first = await subsetFaces(faces, characterSet(text), cacheDir);
    const bytes = await Promise.all(first.map((face) => readFile(face.subsetFile)));
    const otherDir = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-'));
    try {
      const second = await subsetFaces(faces, characterSet(text), otherDir);
      for (const [i, face] of second.entries()) expect(Buffer.compare(await readFile(face.subsetFile), bytes[i]!)).toBe(0);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
    expect((await subsetFaces(faces, characterSet(text), cacheDir)).map((face) => face.subsetFile)).toEqual(first.map((face) => face.subsetFile));
    expect(first.map((face) => path.basename(face.subsetFile))).toEqual([expect.stringMatching(/^NotoSansSC-Regular-[0-9a-f]{16}\.ttf$/), expect.stringMatching(/^NotoSansSC-Bold-/), expect.stringMatching(/^LXGWWenKai-Regular-/)]);
  });

  it('of earlier builds are pruned: only the subsets paiban recorded, never another .ttf', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-'));
    try {
      const faces = bookFaces(['Noto Sans SC']);
      await subsetFaces(faces, '甲', dir);
      const kept = await subsetFaces(faces, '乙', dir);
      await writeFile(path.join(dir, 'notes.txt'), 'x');
      await writeFile(path.join(dir, 'NotoSansSC-Regular-0123456789abcdef.ttf'), 'not ours');
      await pruneFontCache(dir, kept.map((face) => face.subsetFile));
      expect((await readdir(dir)).sort()).toEqual([...kept.map((face) => path.basename(face.subsetFile)), 'notes.txt', 'NotoSansSC-Regular-0123456789abcdef.ttf', '.paiban-owned.json'].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('@font-face rules', () => {
  const subset = (family: 'Noto Serif SC' | 'Noto Sans SC' | 'LXGW WenKai', weight: number, name: string) => ({ family, weight, file: `/fonts/${name}.ttf`, postscriptName: name, subsetFile: `/out/.fonts/${name}-0.ttf` });
  const faces = [subset('Noto Serif SC', 400, 'NotoSerifSC-Regular'), subset('Noto Serif SC', 700, 'NotoSerifSC-Bold'), subset('Noto Sans SC', 400, 'NotoSansSC-Regular'), subset('LXGW WenKai', 500, 'LXGWWenKai-Regular')];

  it('declare one face per family and weight without unicode-range, and a caption family with the body face for punctuation', () => {
    const rules = fontFaceCss(faces, families).split('\n');
    const plain = rules.filter((rule) => !rule.includes(CAPTION_FAMILY));
    expect(plain).toHaveLength(4);
    for (const rule of plain) expect(rule).not.toContain('unicode-range');
    expect(plain[0]).toBe('@font-face { font-family: "Noto Serif SC"; font-style: normal; font-weight: 400; font-display: block; src: url("file:///out/.fonts/NotoSerifSC-Regular-0.ttf") format("truetype"); }');
    const caption = rules.filter((rule) => rule.includes(CAPTION_FAMILY));
    expect(caption).toHaveLength(2);
    expect(caption[0]).toContain('LXGWWenKai-Regular-0.ttf');
    expect(caption[0]).toContain('unicode-range: U+0-B6, U+B8-2012, U+2015-2017, U+2020-2024, U+2027-2FFF');
    // The caption's weight (500) takes its punctuation from the nearest body weight (400), same file as the body.
    expect(caption[1]).toContain('NotoSerifSC-Regular-0.ttf');
    expect(caption[1]).toContain('font-weight: 500');
    expect(caption[1]).toContain('unicode-range: U+B7, U+2013-2014, U+2018-201F, U+2025-2026, U+3000-303F, U+FE10-FE1F, U+FE30-FE4F, U+FF00-FFEF');
  });

  it('complement the punctuation ranges exactly', () => {
    const outside = complement(CAPTION_PUNCTUATION);
    const inRanges = (code: number, ranges: readonly (readonly [number, number])[]) => ranges.some(([from, to]) => code >= from && code <= to);
    for (const code of [0, 0x41, 0xb7, 0x201c, 0x3001, 0x300e, 0x4e00, 0xfe43, 0xff0c, 0x20000, 0x10ffff]) expect(inRanges(code, outside)).toBe(!inRanges(code, CAPTION_PUNCTUATION));
  });

  it('fall back from each family to the book\'s other faces before any system font', () => {
    expect(familyList('Noto Sans SC', families, 'sans-serif')).toBe('"Noto Sans SC", "Noto Serif SC", "LXGW WenKai", sans-serif');
    const variables = fontVariables(parseConfig('title: 书\n', 'book.yaml'));
    expect(variables).toContain(`--caption-font: "${CAPTION_FAMILY}", "Noto Serif SC", "Noto Sans SC", "LXGW WenKai", serif;`);
  });
});

describe('prepareBookFonts', () => {
  it('subsets to what prints, generated content and running heads included', async () => {
    const html = '<html><head><style>.x::before { content: "▶ "; } @page c:right { @top-right { content: "鬯"; } }</style></head><body><p>正文</p></body></html>';
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-'));
    try {
      const fonts = await prepareBookFonts(families, [html], dir);
      expect(fonts.files).toHaveLength(5);
      expect(fonts.dir).toBe(dir);
      expect(fonts.css).toContain(`url("file://${dir}`);
      for (const file of fonts.files) {
        const font = fontkit.create(await readFile(file));
        for (const char of '正文▶鬯0123456789') if (char !== '▶' || font.postscriptName !== 'LXGWWenKai-Regular') expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), `${font.postscriptName} ${char}`).toBe(true);
        expect(font.hasGlyphForCodePoint('书'.codePointAt(0)!)).toBe(false);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops on a printed character no book font has', async () => {
    const html = '<html><head><style>.x::before { content: "\\1F600"; }</style></head><body><p>正文</p></body></html>';
    const error = await prepareBookFonts(families, [html], cacheDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaibanError);
    expect((error as PaibanError).message).toContain('U+1F600 😀');
  });
});

describe('the missing-glyph check', () => {
  it('reports each character no font has at its line and column with its code point', async () => {
    const source = '---\ntitle: 第𠀀章\n---\n\n正文𠀀字，蒙古文ᠮ字。\n\n控制\u0007符，`代码😀`。\n\n::figure[图注ༀ]\n';
    const file = new VFile({ path: 'manuscripts/01.md', value: source });
    await checkGlyphs(file, FONT_FAMILIES);
    const found = file.messages.map((m) => `${m.line}:${m.column} ${m.reason.split(' is ')[0]} ${m.ruleId} ${m.fatal}`);
    expect(found).toEqual([
      '2:9 U+20000 𠀀 missing-glyph true',
      '5:3 U+20000 𠀀 missing-glyph true',
      '5:10 U+182E ᠮ missing-glyph true',
      '7:3 U+0007 missing-glyph true',
      '7:9 U+1F600 😀 missing-glyph true',
      '9:12 U+0F00 ༀ missing-glyph true',
    ]);
    for (const message of file.messages) expect(message.reason).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('names book.yaml for its values, and the whole-book check reports both', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-fonts-book-'));
    try {
      await mkdir(path.join(dir, 'manuscripts'));
      await writeFile(path.join(dir, 'book.yaml'), '# 注释 😀 is not printed\ntitle: 年鉴😀\nkeywords: [政协, ᠮ]\n');
      await writeFile(path.join(dir, 'manuscripts', '01.md'), '---\ntitle: 章\n---\n\n正文。\n');
      const files = await checkBook(dir, parseConfig(await readFile(path.join(dir, 'book.yaml'), 'utf8'), 'book.yaml'), { cwd: dir });
      expect(files.map((file) => file.path)).toEqual(['book.yaml', path.join('manuscripts', '01.md')]);
      expect(files[0]!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason.split(' is ')[0]}`)).toEqual([`2:10 ${MISSING_GLYPH} U+1F600 😀`, `3:16 ${MISSING_GLYPH} U+182E ᠮ`]);
      expect(files[1]!.messages).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes every character of the sample manuscripts', async () => {
    const coverage = await fontCoverage(bookFaces(['Noto Serif SC'])[0]!.file);
    expect(uncoveredCharacters('利通区政协“两个确立”1949—2008年。', coverage)).toEqual([]);
  });
});
