import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { typeArea } from '../src/config/grid.js';
import { configError } from './helpers/errors.js';


describe('kind: yearbook', () => {
  it('fills what book.yaml leaves out with a yearbook’s defaults: 大16开, 9 pt, two columns, the TOC to the 条目', () => {
    const config = parseConfig('title: 年鉴\nkind: yearbook\n', 'book.yaml');
    expect(config.page.size).toMatchObject({ widthMm: 210, heightMm: 285 });
    expect(config.fonts.size).toBe(9);
    expect(config.layout.columns).toBe(2);
    expect(config.toc.depth).toBe(3);
    // A plain book keeps its own defaults.
    const book = parseConfig('title: 书\n', 'book.yaml');
    expect([book.kind, book.fonts.size, book.layout.columns, book.toc.depth]).toEqual(['book', 10.5, 1, 2]);
  });

  it('lets every value book.yaml gives win over the defaults, nested keys one by one', () => {
    const config = parseConfig('title: 年鉴\nkind: yearbook\npage:\n  size: 16开\nfonts:\n  leading: 1.6\nlayout:\n  columnGap: 3\n', 'book.yaml');
    expect(config.page.size).toMatchObject({ widthMm: 185, heightMm: 260 });
    expect(config.fonts).toMatchObject({ size: 9, leading: 1.6 });
    expect(config.layout).toMatchObject({ columns: 2, columnGap: 3 });
  });
});

describe('columns', () => {
  it('refuses columns that hold fewer than 10 characters a line, at layout.columns, saying what to do', () => {
    // A5 at 10.5 pt: three columns with 2 em gaps leave fewer than 10 characters each.
    const error = configError('title: 书\nlayout:\n  columns: 3\n');
    expect(error.message).toMatch(/^"layout\.columns": 3 columns of a \d+-character line hold \d+ characters each \(at least 10\): set fewer columns/);
    expect(error.place).toBe('book.yaml:3:12');
    // Two columns of a yearbook's 大16开 line are wide enough; so are two of A5 with a 1 em gap (12 each).
    const chars = typeArea(parseConfig('title: 书\n', 'book.yaml')).chars;
    expect(() => parseConfig('title: 年鉴\nkind: yearbook\n', 'book.yaml')).not.toThrow();
    expect(Math.floor((chars - 1) / 2)).toBeGreaterThanOrEqual(10);
    expect(() => parseConfig('title: 书\nlayout:\n  columns: 2\n  columnGap: 1\n', 'book.yaml')).not.toThrow();
  });
});
