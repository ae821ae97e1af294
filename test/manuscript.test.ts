import { describe, expect, it } from 'vitest';
import { parseManuscript } from '../src/manuscript/parse.js';
import { decodeManuscript } from '../src/manuscript/decode.js';
import { sortByOrder, type Manuscript } from '../src/manuscript/load.js';
import { PaibanError } from '../src/util/errors.js';

function errorOf(action: () => unknown): PaibanError {
  try {
    action();
  } catch (error) {
    if (error instanceof PaibanError) return error;
    throw error;
  }
  throw new Error('expected a PaibanError');
}

describe('front matter', () => {
  it('reads the keys and removes the block from the body', () => {
    const { meta, tree } = parseManuscript('---\ntitle: 标题\nsubtitle: 副题\nauthor: 单瑞\nbyline: 本报记者\nyear: 2022\norder: 1\n---\n\n正文。\n', 'a.md');
    expect(meta).toEqual({ title: '标题', subtitle: '副题', author: '单瑞', byline: '本报记者', year: 2022, order: 1 });
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph']);
  });

  it('points an unknown key at its own line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\nauther: 单瑞\n---\n正文\n', 'manuscripts/a.md'));
    expect(error.place).toBe('manuscripts/a.md:3');
    expect(error.message).toBe('Front matter: Unknown key "auther". Allowed keys: title, subtitle, author, byline, year, order, source.');
  });

  it('points a wrong type at its line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\n\nyear: 二〇二四\n---\n', 'a.md'));
    expect(error.line).toBe(4);
    expect(error.message).toBe('Front matter: "year" must be a number.');
  });

  it('requires a title', () => {
    const error = errorOf(() => parseManuscript('---\nauthor: 单瑞\n---\n正文\n', 'a.md'));
    expect(error.message).toBe('Front matter: "title" is missing: it is required.');
    expect(error.line).toBe(2);
  });

  it('reports YAML syntax errors on the manuscript line', () => {
    const error = errorOf(() => parseManuscript('---\ntitle: 标题\nsubtitle: [副题\n---\n', 'a.md'));
    expect(error.message).toMatch(/^The front matter is not valid YAML/);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('reports front matter that is never closed', () => {
    expect(errorOf(() => parseManuscript('---\ntitle: 标题\n\n正文\n', 'a.md')).message).toBe('The front matter is not closed.');
  });

  it('reports a manuscript without front matter', () => {
    const error = errorOf(() => parseManuscript('正文\n', 'a.md'));
    expect(error.message).toBe('The manuscript has no front matter.');
    expect(error.place).toBe('a.md:1');
  });
});

describe('decoding', () => {
  it('reads UTF-8 and drops a BOM', () => {
    expect(decodeManuscript(new TextEncoder().encode('\uFEFF正文'), 'a.md')).toBe('正文');
  });

  it('refuses UTF-16', () => {
    expect(errorOf(() => decodeManuscript(new Uint8Array([0xff, 0xfe, 0x63, 0x6b]), 'a.md')).message).toMatch(/UTF-16/);
  });

  it('refuses GBK with the line of the first bad byte', () => {
    const gbk = new Uint8Array([...new TextEncoder().encode('line one\nline two\n'), 0xd5, 0xfe, 0xd0, 0xad]);
    const error = errorOf(() => decodeManuscript(gbk, 'a.md'));
    expect(error.message).toMatch(/not valid UTF-8/);
    expect(error.line).toBe(3);
  });

  it('refuses binary files', () => {
    expect(errorOf(() => decodeManuscript(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'a.md')).message).toMatch(/not text/);
  });
});

describe('order', () => {
  const manuscript = (name: string, order?: number) => ({ name, file: name, tree: { type: 'root', children: [] }, meta: { title: name, ...(order === undefined ? {} : { order }) } }) as Manuscript;

  it('sorts by order, then by name for files without one', () => {
    const sorted = sortByOrder([manuscript('c.md'), manuscript('b.md', 2), manuscript('a.md'), manuscript('d.md', 1)]);
    expect(sorted.map((m) => m.name)).toEqual(['d.md', 'b.md', 'a.md', 'c.md']);
  });

  it('refuses two manuscripts with the same order', () => {
    expect(errorOf(() => sortByOrder([manuscript('a.md', 1), manuscript('b.md', 1)])).message).toBe('"order: 1" is used by two manuscripts: a.md and b.md.');
  });
});
