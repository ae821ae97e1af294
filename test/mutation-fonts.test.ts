/**
 * fonts/ at its edges: every character a document can print goes into the subsets (CSS escapes,
 * attributes, templates), nothing that prints nothing does; characters no font has are named by code
 * point and index; a missing font package stops the build; the WOFF reader's table directory. Written
 * against the mutants that survived fonts.test.
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALWAYS_PRINTABLE, characterSet, cssStrings, decodeCssEscapes, printedText } from '../src/fonts/characters.js';
import { bookCoverage, describeCharacter, fontCoverage, needsGlyph, uncoveredCharacters } from '../src/fonts/coverage.js';
import { bookFaces } from '../src/fonts/faces.js';
import { sfntFromWoff } from '../src/fonts/woff.js';
import { PaibanError } from '../src/util/errors.js';

describe('the characters a document can print', () => {
  it('include a template’s content, style attributes, alt and data-* values; not other attributes, scripts or comments', () => {
    const html = '<template><p>模板里</p></template><p style="--x: \'样式\'" title="标题属性" data-a="数据" alt="替代">文</p><script>脚本</script><!-- 注释 -->';
    const text = printedText(html);
    for (const found of ['模板里', '样式', '数据', '替代', '文']) expect(text).toContain(found);
    for (const absent of ['标题属性', '脚本', '注释']) expect(text).not.toContain(absent);
  });

  it('take each stylesheet string once, either quote, an escaped quote or line break inside it, comments left out', () => {
    expect(cssStrings(`a { content: "甲\\"乙" '丙\\'丁'; } /* "注" */ b { content: "戊\\\n己"; }`)).toBe('甲"乙\n丙\'丁\n戊己');
    // A string cannot run over a line break: what follows is not a string.
    expect(cssStrings('a { content: "甲\n乙"; }')).toBe('');
    expect(cssStrings('/* a */ x /* b */')).toBe('');
  });

  it('decode CSS escapes: 1 to 6 hex digits and one white-space character after them, anything else as itself', () => {
    expect(decodeCssEscapes('\\4e00\\4E8C')).toBe('一二');
    expect(decodeCssEscapes('\\4e00 x\\4e00\tx\\4e00\nx\\4e00\rx\\4e00\fx')).toBe('一x一x一x一x一x');
    expect(decodeCssEscapes('\\4e00  x')).toBe('一 x');
    expect(decodeCssEscapes('\\1F600\\020000x')).toBe('😀𠀀x');
    expect(decodeCssEscapes('\\0000201')).toBe(' 1');
    expect(decodeCssEscapes('\\0 \\D800 \\110000 \\10FFFF')).toBe('\ufffd\ufffd\ufffd\u{10ffff}');
    expect(decodeCssEscapes('\\DFFF \\D7FF \\E000')).toBe('\ufffd\ud7ff\ue000');
    expect(decodeCssEscapes('a\\\nb\\"c\\\\d\\g')).toBe('ab"c\\dg');
  });

  it('are a set in code point order, astral characters after the BMP, from every text given', () => {
    expect(characterSet('甲𠀀乙', '乙a', '')).toBe('a乙甲𠀀');
    expect(characterSet('\r\f\u00ad\ufeff\u200b')).toBe('');
    for (const char of ['\t', '\r', '\f', '\u00ad', '\ufeff', '\u200b', '\u2060']) expect(needsGlyph(char)).toBe(false);
    for (const char of [' ', '\u3000', 'a', '𠀀', '\u00a0']) expect(needsGlyph(char)).toBe(true);
    expect(needsGlyph('\n\n')).toBe(true);
  });

  it('always include ASCII, the TOC placeholders’ figure space, Chinese numerals, bullets and the ideographic space', () => {
    for (const char of ' ~0A\u00a0\u2007〇十•◦▪■\u3000…') expect(ALWAYS_PRINTABLE).toContain(char);
    expect(ALWAYS_PRINTABLE).not.toContain('\u007f');
    expect(ALWAYS_PRINTABLE).not.toContain('\u001f');
  });
});

describe('characters no font has', () => {
  it('are found with their index in UTF-16 units, after astral characters too; those that need no glyph are not', () => {
    const coverage = new Set([...'甲乙'].map((c) => c.codePointAt(0)!));
    expect(uncoveredCharacters('𠀀甲ᠮ\u200d乙\n😀', coverage)).toEqual([
      { index: 0, char: '𠀀' },
      { index: 3, char: 'ᠮ' },
      { index: 7, char: '😀' },
    ]);
    expect(uncoveredCharacters('', coverage)).toEqual([]);
  });

  it('are named U+XXXX (at least four uppercase hex digits), with the character unless it could disturb a terminal', () => {
    expect(describeCharacter('a')).toBe('U+0061 a');
    expect(describeCharacter('\u00e9')).toBe('U+00E9 é');
    expect(describeCharacter('\u3000')).toBe('U+3000 \u3000');
    for (const [char, code] of [['\u2028', 'U+2028'], ['\u2029', 'U+2029'], ['\ue000', 'U+E000'], ['\u0378', 'U+0378'], ['\u200f', 'U+200F']]) expect(describeCharacter(char!)).toBe(code);
  });

  it('are judged against the book fonts’ cmaps, read once per file and once per set of files', async () => {
    const faces = bookFaces(['LXGW WenKai', 'Noto Sans SC']);
    const kai = faces.find((face) => face.family === 'LXGW WenKai')!;
    const first = fontCoverage(kai.file);
    expect(fontCoverage(kai.file)).toBe(first);
    const kaiSet = await first;
    expect(kaiSet.has(0x6977)).toBe(true);
    const union = await bookCoverage(faces);
    expect(bookCoverage([...faces].reverse())).toBe(bookCoverage(faces));
    expect(union.size).toBeGreaterThan(kaiSet.size);
    for (const face of faces) for (const code of [...(await fontCoverage(face.file))].slice(0, 2000)) expect(union.has(code)).toBe(true);
  });
});

describe('the book’s font files', () => {
  afterEach(() => {
    vi.doUnmock('../src/config/fonts.js');
    vi.resetModules();
  });

  it('are one face per family and weight, in a fixed order, each with its PostScript name', () => {
    expect(bookFaces(['Noto Sans SC', 'LXGW WenKai', 'Noto Sans SC']).map((face) => `${face.family} ${face.weight} ${face.postscriptName}`)).toEqual([
      'Noto Sans SC 400 NotoSansSC-Regular',
      'Noto Sans SC 700 NotoSansSC-Bold',
      'LXGW WenKai 500 LXGWWenKai-Regular',
    ]);
    expect(bookFaces([])).toEqual([]);
  });

  it('stop the build with what to reinstall when a font package is missing (else Chromium falls back to a system font)', async () => {
    vi.doMock('../src/config/fonts.js', () => ({
      FONT_PACKAGES: { Gone: { package: '@fonts/gone', faces: { 400: { file: '@fonts/gone/gone.ttf', postscriptName: 'Gone-Regular' } } } },
    }));
    vi.resetModules();
    const { bookFaces: withMissing } = await import('../src/fonts/faces.js');
    const error = (() => {
      try {
        withMissing(['Gone' as never]);
      } catch (caught) {
        return caught as PaibanError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error!.name).toBe('PaibanError');
    expect(error!.message).toBe('The font "Gone" is not installed (@fonts/gone/gone.ttf from the npm package @fonts/gone).');
    expect(error!.hint).toBe('Reinstall the npm packages: run `npm ci` (or `bash scripts/setup.sh`) in the paiban folder.');
  });
});

/** A WOFF 1.0 file of the given tables (each stored compressed when that is smaller). */
function woffOf(flavor: number, tables: { tag: string; data: Buffer; compress: boolean }[]): Uint8Array {
  const entries = tables.map((table) => ({ ...table, stored: table.compress ? deflateSync(table.data) : table.data }));
  const header = Buffer.alloc(44 + 20 * entries.length);
  header.writeUInt32BE(0x774f4646, 0);
  header.writeUInt32BE(flavor, 4);
  header.writeUInt16BE(entries.length, 12);
  let offset = header.length;
  const bodies: Buffer[] = [];
  entries.forEach((entry, i) => {
    const at = 44 + 20 * i;
    header.write(entry.tag, at, 'latin1');
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(entry.stored.length, at + 8);
    header.writeUInt32BE(entry.data.length, at + 12);
    header.writeUInt32BE(0x1000 + i, at + 16);
    const padded = Buffer.alloc((entry.stored.length + 3) & ~3);
    entry.stored.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return new Uint8Array(Buffer.concat([header, ...bodies]));
}

describe('the WOFF reader', () => {
  it('writes the sfnt table directory: flavor, search fields, tags, checksums, 4-byte aligned offsets and lengths', () => {
    const tables = ['cmap', 'glyf', 'head', 'hmtx', 'loca'].map((tag, i) => ({ tag, data: Buffer.alloc(i % 2 === 0 ? 101 + i : 5 + i * 3, i + 1), compress: i % 2 === 0 }));
    const sfnt = Buffer.from(sfntFromWoff(woffOf(0x00010000, tables)));
    expect(sfnt.readUInt32BE(0)).toBe(0x00010000);
    expect([sfnt.readUInt16BE(4), sfnt.readUInt16BE(6), sfnt.readUInt16BE(8), sfnt.readUInt16BE(10)]).toEqual([5, 64, 2, 16]);
    let expected = 12 + 16 * 5;
    tables.forEach((table, i) => {
      const entry = 12 + 16 * i;
      expect(sfnt.toString('latin1', entry, entry + 4)).toBe(table.tag);
      expect(sfnt.readUInt32BE(entry + 4)).toBe(0x1000 + i);
      expect(sfnt.readUInt32BE(entry + 8)).toBe(expected);
      expect(sfnt.readUInt32BE(entry + 12)).toBe(table.data.length);
      expect(sfnt.subarray(expected, expected + table.data.length).equals(table.data)).toBe(true);
      expected += (table.data.length + 3) & ~3;
    });
    expect(sfnt.length).toBe(expected);
  });

  it('keeps a CFF flavour, fills the search fields for one table, and refuses a table that inflates to the wrong size', () => {
    const one = Buffer.from(sfntFromWoff(woffOf(0x4f54544f, [{ tag: 'CFF ', data: Buffer.alloc(80, 7), compress: true }])));
    expect([one.readUInt32BE(0), one.readUInt16BE(4), one.readUInt16BE(6), one.readUInt16BE(8), one.readUInt16BE(10)]).toEqual([0x4f54544f, 1, 16, 0, 0]);
    const bad = Buffer.from(woffOf(0x00010000, [{ tag: 'glyf', data: Buffer.alloc(400, 1), compress: true }]));
    bad.writeUInt32BE(401, 44 + 12);
    expect(() => sfntFromWoff(new Uint8Array(bad))).toThrow('WOFF table 0 inflates to 400 bytes, not 401');
  });

  it('leaves anything shorter than a WOFF header or without its signature as it is', () => {
    const short = new Uint8Array(woffOf(0x00010000, []).subarray(0, 43));
    expect(sfntFromWoff(short)).toBe(short);
    const empty = woffOf(0x00010000, []);
    expect(sfntFromWoff(empty)).not.toBe(empty);
  });

  it('gives the same glyphs as the WOFF fontkit reads itself (LXGW WenKai)', async () => {
    const face = bookFaces(['LXGW WenKai'])[0]!;
    const woff = await readFile(face.file);
    const fromSfnt = fontkit.create(sfntFromWoff(woff));
    expect(fromSfnt.postscriptName).toBe('LXGWWenKai-Regular');
    expect(fromSfnt.glyphForCodePoint(0x6587).path.toSVG()).toBe(fontkit.create(woff).glyphForCodePoint(0x6587).path.toSVG());
  });
});
