/**
 * book.yaml beyond its schema's bounds: the type area computed from page, margins, size and leading
 * (worked out by hand below), the ISBN check digits, the cover colour, dates of the calendar, and what
 * loadConfig says about a book.yaml that is not UTF-8, a missing cover image, an alias bomb. Written
 * against the mutants that survived config.test.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCmyk, hexToRgb, parseCoverColour, rgbToHex } from '../src/config/cover-colour.js';
import { describeTypeArea, linePitchPx, typeArea } from '../src/config/grid.js';
import { isbnDigits, isbnProblem } from '../src/config/isbn.js';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { isCalendarDate } from '../src/config/schema.js';
import { PaibanError } from '../src/util/errors.js';
import { configError } from './helpers/errors.js';


let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'paiban-mutation-config-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the type area (版心)', () => {
  // A5 (148 × 210 mm), margins 20/22/20/16 mm, 10.5 pt at 1.75: the pitch is 10.5 × 4/3 × 1.75 = 24.5 px,
  // rounded to 25 px = 18.75 pt. Room: 112 mm = 317.48 pt wide → 30 characters (315 pt = 111.125 mm);
  // 168 mm = 476.22 pt high → 25 lines (468.75 pt = 165.365 mm). Bottom 210 − 20 − 165.365, outer 148 − 20 − 111.125.
  it('of the default A5 book is 30字 × 25行, and the bottom and outer margins take the rest', () => {
    const area = typeArea(parseConfig('title: x\n', 'book.yaml'));
    expect(area).toEqual({
      chars: 30,
      lines: 25,
      pitchPx: 25,
      pitchPt: 18.75,
      sizePt: 10.5,
      inlinePt: 315,
      blockPt: 468.75,
      margins: { top: 20, inner: 20, bottom: 24.635, outer: 16.875 },
      fromConfig: { chars: false, lines: false },
    });
    expect(describeTypeArea(area)).toBe('版心 30字 × 25行 (18.75pt line pitch)');
  });

  // Vertical: lines run down the 476.22 pt height → 45 characters (472.5 pt = 166.688 mm); columns across
  // 317.48 pt → 16 (300 pt = 105.833 mm).
  it('in a vertical book runs its lines down the page and its columns across', () => {
    const area = typeArea(parseConfig('title: x\nwriting: vertical\n', 'book.yaml'));
    expect([area.chars, area.lines, area.inlinePt, area.blockPt]).toEqual([45, 16, 472.5, 300]);
    expect(area.margins).toEqual({ top: 20, inner: 20, bottom: 23.313, outer: 22.167 });
  });

  it('takes 字数 and 行数 from book.yaml when given, and says so', () => {
    const area = typeArea(parseConfig('title: x\ngrid:\n  chars: 28\n  lines: 24\n', 'book.yaml'));
    expect([area.chars, area.lines, area.fromConfig]).toEqual([28, 24, { chars: true, lines: true }]);
    // 28 × 10.5 pt = 294 pt = 103.717 mm; 24 × 18.75 pt = 450 pt = 158.75 mm.
    expect(area.margins).toEqual({ top: 20, inner: 20, bottom: 31.25, outer: 24.283 });
    expect(typeArea(parseConfig('title: x\ngrid:\n  lines: 24\n', 'book.yaml')).fromConfig).toEqual({ chars: false, lines: true });
  });

  it('rounds the pitch to whole pixels, never below one', () => {
    expect(linePitchPx(12, 1.5)).toBe(24);
    expect(linePitchPx(10, 1.8)).toBe(24);
    expect(linePitchPx(9, 1)).toBe(12);
    expect(linePitchPx(0.1, 1)).toBe(1);
  });

  it('that does not fit is refused at the grid key that asks for it, or at the margins, with the room left', () => {
    const grid = configError('title: x\ngrid:\n  chars: 40\n');
    expect(grid.message).toBe('"grid.chars": the type area does not fit the page: 40字 × 25行 leaves -20.2 mm for the outer margin (at least 5 mm)');
    expect(grid.place).toBe('book.yaml:3:10');
    const lines = configError('title: x\ngrid:\n  lines: 30\n');
    expect(lines.message).toMatch(/^"grid\.lines": the type area does not fit the page: 30字 × 30行 leaves -?\d+\.\d mm for the bottom margin \(at least 5 mm\)$/);
    const vertical = configError('title: x\nwriting: vertical\ngrid:\n  chars: 50\n');
    expect(vertical.message).toMatch(/^"grid\.chars": the type area does not fit the page: 50字 × 16行 leaves \d+\.\d mm for the bottom margin/);
    const margins = configError('title: x\npage:\n  margins:\n    outer: 0\n    bottom: 0\nfonts:\n  size: 24\n');
    expect(margins.message).toMatch(/^"page\.margins": the type area does not fit the page: /);
    expect(margins.line).toBe(4);
    // Exactly 5 mm left is enough.
    expect(() => parseConfig('title: x\npage:\n  margins:\n    inner: 20\n    outer: 0\ngrid:\n  chars: 32\n', 'book.yaml')).not.toThrow();
  });
});

describe('ISBN', () => {
  it('ignores an ISBN prefix, hyphens and spaces', () => {
    expect(isbnDigits(' ISBN: 978-7-02-000220-7')).toBe('9787020002207');
    expect(isbnDigits('isbn：7 02 000220 x')).toBe('702000220X');
  });

  it('accepts valid ISBN-13 and ISBN-10 (X as the last), and names what is wrong with the others', () => {
    expect(isbnProblem('978-7-02-000220-7')).toBeUndefined();
    expect(isbnProblem('979-10-90636-07-1')).toBeUndefined();
    expect(isbnProblem('7-02-000220-X')).toBeUndefined();
    expect(isbnProblem('0-8044-2957-X')).toBeUndefined();
    expect(isbnProblem('978-7-02-000220-3')).toBe('the check digit should be 7, not 3');
    expect(isbnProblem('978-7-5001-0000-0')).toBe('the check digit should be 3, not 0');
    expect(isbnProblem('977-7-02-000220-7')).toBe('an ISBN-13 starts with 978 or 979');
    expect(isbnProblem('7-02-000220-6')).toBe('the check digit (last character) does not match');
    expect(isbnProblem('0-8044-2957-1')).toBe('the check digit (last character) does not match');
    for (const wrong of ['978702000220', '97870200022077', 'X-02-000220-6', '9787020002X07', '']) expect(isbnProblem(wrong), wrong).toBe('an ISBN has 13 digits (or 10, the last of which may be X)');
  });

  it('in book.yaml: a number or text, checked; not together with a 准印证号', () => {
    expect(parseConfig('title: x\ncolophon:\n  isbn: 9787020002207\n', 'book.yaml').colophon.isbn).toBe('9787020002207');
    expect(parseConfig('title: x\ncolophon:\n  isbn: ISBN 978-7-02-000220-7\n', 'book.yaml').colophon.isbn).toBe('ISBN 978-7-02-000220-7');
    const wrong = configError('title: x\ncolophon:\n  isbn: 978-7-02-000220-3\n');
    expect([wrong.message, wrong.place]).toEqual(['"colophon.isbn": not a valid ISBN: the check digit should be 7, not 3', 'book.yaml:3:9']);
    const both = configError('title: x\ncolophon:\n  isbn: 978-7-02-000220-7\n  permit: 宁内资准字 001\n');
    expect(both.message).toBe('"colophon.permit": give either isbn (a published book) or permit (准印证号, an internal publication), not both');
    expect(both.line).toBe(4);
    expect(parseConfig('title: x\ncolophon:\n  permit: 宁内资准字 001\n', 'book.yaml').colophon.permit).toBe('宁内资准字 001');
  });
});

describe('the cover colour', () => {
  it('#rrggbb in any case, trimmed, in lower case', () => {
    expect(parseCoverColour(' #A0B1C2 ')).toEqual({ kind: 'rgb', hex: '#a0b1c2' });
    expect(parseConfig('title: x\ncover:\n  color: "#7A1F1F"\n', 'book.yaml').cover.color).toBe('#7A1F1F');
  });

  it('cmyk(c m y k) in percent, with or without % and commas, at most 100 each', () => {
    expect(parseCoverColour('cmyk(0 90 80 45)')).toEqual({ kind: 'cmyk', cmyk: [0, 0.9, 0.8, 0.45] });
    expect(parseCoverColour(' CMYK( 0%, 100%, 50.5%, 10% ) ')).toEqual({ kind: 'cmyk', cmyk: [0, 1, 0.505, 0.1] });
    expect(parseCoverColour('cmyk(0 100 100 100)')).toMatchObject({ kind: 'cmyk' });
    expect(parseCoverColour('cmyk(0 101 0 0)')).toBeUndefined();
    expect(parseCoverColour('cmyk(0 1.2.3 0 0)')).toBeUndefined();
    expect(parseCoverColour('cmyk(0 0 0)')).toBeUndefined();
    expect(configError('title: x\ncover:\n  color: cmyk(0 0 0 120)\n').message).toMatch(/^"cover\.color": a colour written #rrggbb or cmyk\(c m y k\)/);
  });

  it('is reported and converted exactly', () => {
    expect(formatCmyk([0, 0.9, 0.805, 0.4537])).toBe('cmyk(0 90 80.5 45.4)');
    expect(hexToRgb('#7a1f1f')).toEqual([122, 31, 31]);
    expect(rgbToHex([122, 31, 31])).toBe('#7a1f1f');
    expect(rgbToHex([0, 15.6, 255])).toBe('#0010ff');
  });
});

describe('dates', () => {
  it('only real days of the calendar, written YYYY-MM-DD', () => {
    for (const day of ['2024-02-29', '2000-02-29', '2024-12-31', '2024-01-01']) expect(isCalendarDate(day), day).toBe(true);
    for (const day of ['2023-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', ' 2024-01-01', '2024-01-01 ', '2024-1-01']) expect(isCalendarDate(day), day).toBe(false);
    const error = configError('title: x\ndate: 2024-02-30\n');
    expect([error.message, error.line]).toEqual(['"date": is not a day of the calendar (write YYYY-MM-DD, e.g. 2024-12-31)', 2]);
  });

  it('edition and impression months: YYYY-MM, a full date cut to its month', () => {
    const colophon = parseConfig('title: x\ncolophon:\n  editionDate: 2024-05\n  impressionDate: "2024-06-17"\n', 'book.yaml').colophon;
    expect([colophon.editionDate, colophon.impressionDate]).toEqual(['2024-05', '2024-06']);
    expect(configError('title: x\ncolophon:\n  editionDate: May 2024\n').message).toBe('"colophon.editionDate": a month written as YYYY-MM');
  });
});

describe('text values', () => {
  it('may hold line breaks and tabs, never other control characters (a lone carriage return either)', () => {
    expect(parseConfig('title: x\ndescription: "一行\\n二行\\t三行"\n', 'book.yaml').description).toBe('一行\n二行\t三行');
    expect(configError('title: x\ndescription: "一\\r二"\n').message).toMatch(/^"description": contains a control character/);
    expect(configError('title: "年\\u001b[31m鉴"\n').message).toBe('"title": contains a control character (such as ESC or a bidi override); remove it');
  });

  it('a page size that is not one names itself and the sizes allowed', () => {
    expect(configError('title: x\npage:\n  size: A7\n').message).toMatch(/^"page\.size": "A7" is not a page size\. Allowed: .*A5/);
  });
});

describe('where a problem is placed', () => {
  it('a missing nested key on its parent key; a key missing at the top on line 1', () => {
    expect(configError('title: x\ntoc:\n  depth: 4\n').place).toBe('book.yaml:3:10');
    expect(configError('title: x\ntoc:\n  depth: 4\n').message).toBe('"toc.depth" must be 1 (chapters only), 2 (and sections) or 3 (and entries).');
    const missing = configError('subtitle: y\ntoc:\n  title: 目\n');
    expect([missing.message, missing.place]).toEqual(['"title" is missing: it is required.', 'book.yaml:1:1']);
  });

  it('an unknown key on the key itself, even after other keys of its map', () => {
    const error = configError('title: x\nfonts:\n  size: 11\n  leading: 2\n  weight: bold\n');
    expect([error.message, error.place]).toEqual(['Unknown key "weight" in "fonts". Allowed keys: body, heading, caption, size, leading.', 'book.yaml:5:3']);
  });

  it('broken YAML with its line and column, the library\'s position cut from the message', () => {
    const error = configError('title: x\npage:\n  size: [A5\n');
    expect(error.message).toMatch(/^book\.yaml is not valid YAML: /);
    expect(error.message).not.toMatch(/line \d|column \d|\n/);
    expect(error.hint).toBe('Check the indentation (spaces, not tabs) and that every "key: value" has a space after the colon.');
    const twice = configError('title: x\ntitle: y\n');
    expect([twice.line, twice.column]).toEqual([2, 1]);
  });

  it('a book.yaml that is a list says how to start one', () => {
    expect(configError('- a\n').hint).toBe('Start with a line such as "title: 年鉴".');
  });
});

describe('loadConfig', () => {
  const book = async (name: string, yaml: string | Buffer) => {
    const dir = path.join(tmp, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'book.yaml'), yaml);
    return dir;
  };

  it('reads a book.yaml that starts with a byte order mark', async () => {
    const { config, bookDir, file } = await loadConfig(await book('bom', '\uFEFFtitle: 年鉴\n'));
    expect(config.title).toBe('年鉴');
    expect(file).toBe(path.join(bookDir, 'book.yaml'));
  });

  it('refuses one that is not UTF-8, with the line of the first bad byte', async () => {
    const gbk = Buffer.concat([Buffer.from('title: x\nsubtitle: '), Buffer.from([0xc4, 0xea, 0xbc, 0xf8]), Buffer.from('\n')]);
    const error = (await loadConfig(await book('gbk', gbk)).catch((e: unknown) => e)) as PaibanError;
    expect(error).toBeInstanceOf(PaibanError);
    expect([error.message, error.line]).toEqual(['book.yaml is not valid UTF-8 (perhaps GBK or GB18030).', 2]);
  });

  it('stops on a cover image that is not there, at its book.yaml line and column', async () => {
    const error = (await loadConfig(await book('cover', 'title: x\ncover:\n  image: images/none.jpg\n')).catch((e: unknown) => e)) as PaibanError;
    expect(error).toBeInstanceOf(PaibanError);
    expect(error.message).toMatch(/^"cover\.image": .*images\/none\.jpg/);
    expect([error.line, error.column]).toEqual([3, 10]);
  });

  it('refuses a book.yaml that is too large, and an alias bomb, by name', async () => {
    const large = (await loadConfig(await book('large', `title: x\n#${'x'.repeat(1024 * 1024)}\n`)).catch((e: unknown) => e)) as PaibanError;
    expect(large.message).toMatch(/^The settings file "book\.yaml" is /);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'title: x', ''].join('\n');
    const error = configError(bomb);
    expect([error.message, error.line]).toEqual(['book.yaml: too many YAML aliases (*name); the file would expand without end.', 1]);
    expect(error.hint).toBe('Write the values out instead of repeating them with &anchors and *aliases.');
  });
});
