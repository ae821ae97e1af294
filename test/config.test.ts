import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { parsePageSize, mmToPoints } from '../src/config/page-size.js';
import { PaibanError } from '../src/util/errors.js';
import { configError } from './helpers/errors.js';


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
    expect(configError('title: x\ntoc:\n  depth: 4\n').message).toMatch(/^"toc\.depth" must be 1 \(chapters only\), 2 \(and sections\) or 3/);
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

describe('page sizes: the limits, exactly', () => {
  it.each([
    ['50x50', 50, 50],
    ['1000x1000', 1000, 1000],
    ['150.5x220.25', 150.5, 220.25],
    ['150 × 220 mm', 150, 220],
    ['150X220MM', 150, 220],
  ])('%s is %d × %d mm', (text, width, height) => {
    expect(parsePageSize(text)).toEqual({ name: `${width}×${height}mm`, widthMm: width, heightMm: height });
  });

  it.each(['49x60', '60x49', '49.9x60', '1001x500', '500x1001', 'x150x220', '150x220x', '150x220 cm', '150.x220', '150x.5', 'A5 size', 'A55'])('refuses %s', (text) => {
    expect(parsePageSize(text)).toBeUndefined();
  });

  it('names a named size as the table writes it, whatever the case and spaces', () => {
    expect(parsePageSize(' a5 ')).toEqual({ name: 'A5', widthMm: 148, heightMm: 210 });
    expect(parsePageSize('大32开')).toEqual({ name: '大32开', widthMm: 140, heightMm: 203 });
  });
});

describe('book.yaml: every value checked, every problem placed', () => {
  it.each([
    ['title: x\npage:\n  margins:\n    top: " 18.5 mm "\n', (c: ReturnType<typeof parseConfig>) => c.page.margins.top, 18.5],
    ['title: x\npage:\n  margins:\n    top: 0\n', (c: ReturnType<typeof parseConfig>) => c.page.margins.top, 0],
    ['title: x\npage:\n  margins:\n    top: 100\n', (c: ReturnType<typeof parseConfig>) => c.page.margins.top, 100],
    ['title: x\ndate: 2024-02-29\n', (c: ReturnType<typeof parseConfig>) => c.date, '2024-02-29'],
    ['title: x\ndate: "2024-02-29"\n', (c: ReturnType<typeof parseConfig>) => c.date, '2024-02-29'],
    ['title: x\ncover:\n  color: "#A0b1C2"\n', (c: ReturnType<typeof parseConfig>) => c.cover.color, '#A0b1C2'],
    ['title: x\noutput:\n  name: my.book-2_a\n', (c: ReturnType<typeof parseConfig>) => c.output.name, 'my.book-2_a'],
    ['title: x\nbooklet:\n  signatures: 64\n', (c: ReturnType<typeof parseConfig>) => c.booklet.signatures, 64],
    ['title: x\nbooklet:\n  signatures: 4\n', (c: ReturnType<typeof parseConfig>) => c.booklet.signatures, 4],
    ['title: x\nbooklet:\n  creep: 10\n', (c: ReturnType<typeof parseConfig>) => c.booklet.creep, 10],
    ['title: x\nprint:\n  bleed: 0\n', (c: ReturnType<typeof parseConfig>) => c.print.bleed, 0],
    ['title: x\nfonts:\n  size: 6\n  leading: 3\n', (c: ReturnType<typeof parseConfig>) => [c.fonts.size, c.fonts.leading], [6, 3]],
    ['title: x\nyear: 1000\n', (c: ReturnType<typeof parseConfig>) => c.year, 1000],
  ])('accepts %j', (text, pick, expected) => {
    expect(pick(parseConfig(text, 'book.yaml'))).toEqual(expected);
  });

  it.each([
    ['title: x\npage:\n  margins:\n    top: "18 cm"\n', 4, /^"page\.margins\.top" must be a length in millimetres/],
    ['title: x\npage:\n  margins:\n    top: "x18mm"\n', 4, /^"page\.margins\.top" must be a length/],
    ['title: x\npage:\n  margins:\n    top: "18mm wide"\n', 4, /^"page\.margins\.top" must be a length/],
    ['title: x\npage:\n  margins:\n    top: "18.mm"\n', 4, /^"page\.margins\.top" must be a length/],
    ['title: x\npage:\n  margins:\n    top: 101\n', 4, /^"page\.margins\.top" must be at most 100\.$/],
    ['title: x\ndate: 2024-2-9\n', 2, /^"date": a date written as YYYY-MM-DD$/],
    ['title: x\ndate: "x2024-12-31"\n', 2, /^"date": a date written as YYYY-MM-DD$/],
    ['title: x\ndate: "2024-12-31x"\n', 2, /^"date": a date written as YYYY-MM-DD$/],
    ['title: x\ncover:\n  color: red\n', 3, /^"cover\.color": a colour written #rrggbb or cmyk\(c m y k\) in percent/],
    ['title: x\ncover:\n  color: "x#a0b1c2"\n', 3, /^"cover\.color": a colour/],
    ['title: x\ncover:\n  color: "#a0b1c2x"\n', 3, /^"cover\.color": a colour/],
    ['title: x\noutput:\n  name: ../evil\n', 3, /^"output\.name": letters, digits, dot, dash and underscore only$/],
    ['title: x\noutput:\n  name: "a/b"\n', 3, /^"output\.name": letters/],
    ['title: x\noutput:\n  formats: []\n', 3, /^"output\.formats" must have at least 1 item\.$/],
    ['title: x\nbooklet:\n  signatures: 68\n', 3, /^"booklet\.signatures" must be /],
    ['title: x\nbooklet:\n  signatures: 0\n', 3, /^"booklet\.signatures" must be /],
    ['title: x\nbooklet:\n  signatures: 6\n', 3, /^"booklet\.signatures"/],
    ['title: x\nbooklet:\n  creep: -1\n', 3, /^"booklet\.creep" must be /],
    ['title: x\nprint:\n  bleed: 21\n', 3, /^"print\.bleed" must be /],
    ['title: x\nyear: 999\n', 2, /^"year" must be /],
    ['title: ""\n', 1, /^"title": is empty or only spaces: write the title$/],
    ['title: x\nmanuscripts: [a.md, ""]\n', 2, /^"manuscripts\.1" must not be empty\.$/],
  ])('refuses %j on line %d', (text, line, message) => {
    const error = configError(text);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
    expect(error.file).toBe('book.yaml');
  });

  it('says "too small" and "too big" in plain words, with the limit', () => {
    expect(configError('title: x\nfonts:\n  size: 5\n').message).toBe('"fonts.size" must be at least 6.');
    expect(configError('title: x\nfonts:\n  size: 25\n').message).toBe('"fonts.size" must be at most 24.');
    expect(configError('title: x\noutput:\n  formats: []\n').message).toBe('"output.formats" must have at least 1 item.');
    expect(configError('title: ""\n').message).toBe('"title": is empty or only spaces: write the title');
  });

  it('places an unknown key on the key, top level and nested, and lists the allowed keys', () => {
    const top = configError('title: x\n\ncolour: red\n');
    expect(top.place).toBe('book.yaml:3:1');
    expect(top.message).toMatch(/^Unknown key "colour"\. Allowed keys: title, subtitle, /);
    const deep = configError('title: x\npage:\n  margins:\n    top: 20\n    left: 10\n');
    expect(deep.place).toBe('book.yaml:5:5');
    expect(deep.message).toBe('Unknown key "left" in "page.margins". Allowed keys: top, bottom, inner, outer.');
  });

  it('places a missing required key on its parent, and a wrong value on the value', () => {
    expect(configError('subtitle: y\n').place).toBe('book.yaml:1:1');
    expect(configError('title: x\nprint:\n  bleed: "3"\n').place).toBe('book.yaml:3:10');
    expect(configError('title: x\nkeywords: [a, 2]\n').place).toBe('book.yaml:2:15');
  });

  it('refuses a book.yaml that is not a map of keys, an empty one, and broken YAML, each with its line', () => {
    for (const text of ['- a\n- b\n', 'just some text\n', '42\n']) {
      const error = configError(text);
      expect(error.message).toBe('book.yaml must be a list of "key: value" lines.');
      expect(error.place).toBe('book.yaml:1');
    }
    expect(configError('').message).toBe('"title" is missing: it is required.');
    const broken = configError('title: x\ntitle: y\n');
    expect(broken.message).toMatch(/^book\.yaml is not valid YAML: /);
    expect(broken.message).not.toMatch(/at line \d+, column \d+/);
    expect(broken.line).toBe(2);
  });

  it('says where book.yaml was looked for when there is none', async () => {
    const { loadConfig } = await import('../src/config/load.js');
    const dir = path.join(tmpdir(), `paiban-no-book-${process.pid}`);
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaibanError);
    expect((error as PaibanError).message).toBe(`No book.yaml in ${dir}.`);
    expect((error as PaibanError).hint).toMatch(/paiban init/);
  });
});
