/** The pieces of the one-print build that need no browser: when a first build lays the book out without ink, and the colophon's figures. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { layoutCacheFile, readLayoutCache, writeLayoutCache } from '../src/make/layout-cache.js';
import { needsProbe } from '../src/make/print-book.js';
import { parseConfig } from '../src/config/load.js';
import { verticalNumbers } from '../src/pipeline/vertical-numbers.js';
import { colophonFields, colophonRows } from '../src/render/colophon.js';
import type { TocEntry } from '../src/render/toc.js';

const chapter = (n: number): TocEntry => ({ id: `ch${n}`, chapterId: `ch${n}`, level: 1, title: `第${n}篇` });
const yaml = (extra: string) => `title: 年鉴\neditor: 办公室\n${extra}`;

/** The colophon's fields as the book's HTML has them (vertical numbers applied, as book.ts does). */
function fieldsHtml(config: ReturnType<typeof parseConfig>, pages?: number): string {
  const fields = colophonFields(colophonRows(config, { date: '2024-12-31', ...(pages ? { pages } : {}) }), config);
  for (const field of fields) verticalNumbers(field, config.vertical.digits);
  return fields.map((field) => toHtml(field)).join('');
}

describe('the layout probe of a first build', () => {
  it('runs when chapters open on rectos (more than one chapter) or the colophon states the page count at the end', () => {
    expect(needsProbe({ config: parseConfig(yaml('chapters:\n  recto: true\n'), 'book.yaml') }, [chapter(1), chapter(2)])).toBe(true);
    expect(needsProbe({ config: parseConfig(yaml('chapters:\n  recto: true\n'), 'book.yaml') }, [chapter(1)])).toBe(false);
    expect(needsProbe({ config: parseConfig(yaml('chapters:\n  recto: false\n'), 'book.yaml') }, [chapter(1), chapter(2)])).toBe(false);
    expect(needsProbe({ config: parseConfig(yaml('chapters:\n  recto: false\ncolophon:\n  placement: end\n'), 'book.yaml') }, [chapter(1)])).toBe(true);
  });
});

describe('the colophon’s page-count figures in a vertical book', () => {
  it('lie sideways whatever their length, placeholder and figures alike (the usual rule would stand 2 digits upright)', () => {
    const config = parseConfig(yaml('writing: vertical\n'), 'book.yaml');
    const before = fieldsHtml(config);
    const after = fieldsHtml(config, 24);
    expect(before).toContain('<dd><span class="colophon-figure sideways">0.123456789</span>千字</dd>');
    expect(before).toContain('<dd><span class="colophon-figure sideways">0.123456789</span></dd>');
    // 24 A5 pages: 0.75 印张; 字数 by the type area, two digits: no tcy span around them.
    expect(after).toContain('<dd><span class="colophon-figure sideways">0.75</span></dd>');
    expect(after).toMatch(/<dd><span class="colophon-figure sideways">\d{2}<\/span>千字<\/dd>/);
    expect([...after.matchAll(/<dt>(印张|字数)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => m[2]).filter((dd) => dd!.includes('tcy'))).toEqual([]);
    // Other rows keep the rule: the edition number stands upright.
    expect(after).toContain('第<span class="tcy">1</span>版');
  });

  it('stand upright digit by digit with vertical.digits: upright, and are Chinese numerals within the placeholder’s characters with chinese', () => {
    const upright = parseConfig(yaml('writing: vertical\nvertical:\n  digits: upright\n'), 'book.yaml');
    expect(fieldsHtml(upright)).toContain('<span class="colophon-figure upright">0.123456789</span>');
    expect(fieldsHtml(upright, 24)).toContain('<span class="colophon-figure upright">0.75</span>');
    const chinese = parseConfig(yaml('writing: vertical\nvertical:\n  digits: chinese\n'), 'book.yaml');
    const placeholder = /<span class="colophon-figure sideways">([^<]+)<\/span>/.exec(fieldsHtml(chinese))![1]!;
    expect(placeholder).toBe('〇零一二三四五六七八九十百千万点');
    for (const pages of [24, 100, 1265]) {
      const figures = [...fieldsHtml(chinese, pages).matchAll(/<span class="colophon-figure sideways">([^<]+)<\/span>/g)].map((m) => m[1]!);
      expect(figures).toHaveLength(2);
      for (const figure of figures) expect([...figure].filter((c) => !placeholder.includes(c)), figure).toEqual([]);
    }
    expect(fieldsHtml(chinese, 24)).toContain('>零点七五<');
  });

  it('are left as they were in a horizontal book', () => {
    const config = parseConfig(yaml(''), 'book.yaml');
    expect(fieldsHtml(config, 24)).toContain('<dd>0.75</dd>');
  });
});

describe('the layout file', () => {
  it('keeps the TOC numbers and the page count, so a rebuild can print the front matter beside the book', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'paiban-onepass-'));
    try {
      const file = layoutCacheFile(dir, 'book', 'horizontal');
      await writeLayoutCache(file, { firstBodyPage: 5, blanks: new Set(['ch2']), pages: 24, tocPages: new Map([['ch1', '1'], ['ch2', '9']]) });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, firstBodyPage: 5, blanks: ['ch2'], pages: 24, tocPages: { ch1: '1', ch2: '9' } });
      const read = await readLayoutCache(file);
      expect(read?.tocPages).toEqual(new Map([['ch1', '1'], ['ch2', '9']]));
      expect(read?.pages).toBe(24);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
