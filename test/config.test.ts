import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { parsePageSize, mmToPoints } from '../src/config/page-size.js';
import { PaibanError } from '../src/util/errors.js';

function configError(text: string): PaibanError {
  try {
    parseConfig(text, 'book.yaml');
  } catch (error) {
    if (error instanceof PaibanError) return error;
    throw error;
  }
  throw new Error('expected a PaibanError');
}

describe('page sizes', () => {
  it.each([
    ['A5', 148, 210],
    ['a4', 210, 297],
    ['B5', 176, 250],
    ['16开', 185, 260],
    ['大16开', 210, 285],
    ['32开', 130, 184],
    ['150x220', 150, 220],
    ['150×220mm', 150, 220],
    [' 140 * 203 ', 140, 203],
  ])('%s is %d × %d mm', (text, width, height) => {
    expect(parsePageSize(text)).toMatchObject({ widthMm: width, heightMm: height });
  });

  it.each(['A7', '16k', '10x10', '150', 'x220', '2000x3000'])('refuses %s', (text) => {
    expect(parsePageSize(text)).toBeUndefined();
  });

  it('converts millimetres to points', () => {
    expect(mmToPoints(148)).toBeCloseTo(419.53, 2);
    expect(mmToPoints(210)).toBeCloseTo(595.28, 2);
  });
});

describe('book.yaml', () => {
  it('needs only a title; everything else has a default', () => {
    const config = parseConfig('title: 年鉴\n', 'book.yaml');
    expect(config.page.size).toEqual({ name: 'A5', widthMm: 148, heightMm: 210 });
    expect(config.page.margins).toEqual({ top: 20, bottom: 22, inner: 20, outer: 16 });
    expect(config.writing).toBe('horizontal');
    expect(config.fonts.body).toBe('Noto Serif SC');
    expect(config.toc).toEqual({ title: '目录', depth: 2 });
    expect(config.output).toEqual({ name: 'book', formats: ['pdf', 'html', 'booklet', 'cover'] });
    expect(config.chapters).toEqual({ recto: true });
    expect(config.print).toEqual({ bleed: 3 });
    expect(config.booklet).toEqual({ creep: 0 });
    expect(config.language).toBe('zh-Hans');
  });

  it('reads sizes, margins with units and dates', () => {
    const config = parseConfig('title: x\ndate: 2024-12-31\npage:\n  size: 16开\n  margins:\n    top: "25mm"\n', 'book.yaml');
    expect(config.page.size).toMatchObject({ widthMm: 185, heightMm: 260 });
    expect(config.page.margins.top).toBe(25);
    expect(config.date).toBe('2024-12-31');
  });

  it('names an unknown key, where it is, and what is allowed', () => {
    const error = configError('title: x\npage:\n  size: A5\n  colour: red\n');
    expect(error.place).toBe('book.yaml:4:3');
    expect(error.message).toBe('Unknown key "colour" in "page". Allowed keys: size, margins.');
  });

  it('names a wrong page size and lists the sizes', () => {
    const error = configError('title: x\npage:\n  size: A7\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('"A7" is not a page size');
    expect(error.message).toContain('16开');
  });

  it('names a wrong enum value with the allowed ones', () => {
    const error = configError('title: x\nfonts:\n  body: Arial\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe('"fonts.body" must be one of: Noto Serif SC, Noto Sans SC, LXGW WenKai.');
  });

  it('names a wrong type', () => {
    expect(configError('title: x\nkeywords: 政协\n').message).toBe('"keywords" must be a list.');
    expect(configError('title: x\npage:\n  margins:\n    top: wide\n').message).toMatch(/^"page\.margins\.top" must be a length in millimetres/);
    expect(configError('title: x\ntoc:\n  depth: 3\n').message).toMatch(/^"toc\.depth" must be 1 \(chapters only\) or 2/);
  });

  it('says when the title is missing', () => {
    expect(configError('subtitle: y\n').message).toBe('"title" is missing: it is required.');
  });

  it('reports broken YAML with its line', () => {
    const error = configError('title: x\npage:\n  size: [A5\n');
    expect(error.message).toMatch(/^book\.yaml is not valid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('formats as one line with file:line:column and a hint line', () => {
    const [first, second, third] = configError('title: x\nwriting: sideways\n').format().split('\n');
    expect(first).toBe('book.yaml:2:10: "writing" must be one of: horizontal, vertical.');
    expect(second).toMatch(/^ {2}hint: /);
    expect(third).toBeUndefined();
  });
});
